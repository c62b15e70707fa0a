"""Window layout and blending weights."""

from __future__ import annotations

import numpy as np
import pytest

from reseg_qgis.engine.raster.tiling import Layout, blend_weights, window_starts


@pytest.mark.parametrize("length", [1, 10, 31, 32, 33, 100, 257, 1000])
@pytest.mark.parametrize("size,overlap", [(32, 0), (32, 8), (32, 16), (224, 112), (48, 47)])
def test_windows_cover_every_pixel_with_margins(length, size, overlap):
    starts = window_starts(length, size, overlap)
    assert all(b - a == size - overlap for a, b in zip(starts, starts[1:]))
    assert starts[0] <= -(overlap // 2) or len(starts) == 1
    assert starts[-1] + size >= length + overlap // 2 or len(starts) == 1
    covered = np.zeros(length, dtype=bool)
    for start in starts:
        covered[max(0, start):max(0, start + size)] = True
    assert covered.all()
    # Centred: the margins differ by at most one pixel.
    assert abs(-starts[0] - (starts[-1] + size - length)) <= 1


def test_a_raster_smaller_than_a_window_gets_one_centred_window():
    assert window_starts(10, 32, 16) == [-11]


def test_overlap_must_be_smaller_than_the_window():
    with pytest.raises(ValueError, match="smaller than the window"):
        window_starts(100, 32, 32)


def test_weights_are_a_strictly_positive_hann_window():
    weights = blend_weights(16)
    assert weights.shape == (16, 16) and weights.min() > 0
    np.testing.assert_allclose(weights, weights.T)
    assert weights[8, 8] == pytest.approx(weights.max(), rel=0.05)
    assert not weights.flags.writeable


def test_panels_tile_the_width_and_list_the_windows_they_need():
    layout = Layout.plan(100, 700, 32, 12)
    panels = layout.panels(256)
    assert [(p.core_start, p.core_stop) for p in panels] == [(0, 256), (256, 512), (512, 700)]
    for panel in panels:
        needed = {x for x in layout.columns if x < panel.core_stop and x + 32 > panel.core_start}
        assert set(panel.columns) == needed


def test_final_rows_partition_the_height():
    layout = Layout.plan(130, 50, 32, 10)
    spans = [layout.rows_final_after(k) for k in range(len(layout.rows))]
    assert spans[0][0] == 0 and spans[-1][1] == 130
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
