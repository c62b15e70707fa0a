"""The host waits for the device a bounded number of times per output strip, whatever the masks and
windows: a whole-raster run with realistic SAM masks, counted on the CPU along the code path a GPU
takes."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from reseg_qgis.engine.models import sam_regions
from reseg_qgis.engine.models.segmenter_config import REFERENCE_LEVELS, SamSettings
from reseg_qgis.engine.raster.pipeline import RasterOptions, planned_run, segment_raster
from tests.engine.test_mask_runs import host_clean_up
from tests.engine.test_pipeline_segmenter import LANDSAT_RGB, landsat_extent, segmenter
from tests.helpers.device_waits import DeviceWaits
from tests.helpers.sam_masks import RealisticMasks

# A strip of this run needs 1.5 SAM contexts on average (about 30 waits each: a few per level and per
# batch of decoder points, a few for the clean-up of all levels at once) and one copy of its finished
# rows (labels, confidence, where defined). Masks number over a hundred per context.
WAITS_PER_STRIP = 64
OPTIONS = RasterOptions(extent=landsat_extent((200, 392), (300, 492)), overlap=32)


def counted_run(tmp_path) -> tuple[DeviceWaits, int, int]:
    seg = segmenter(sam_context=128)
    seg.regions.settings = SamSettings(levels=REFERENCE_LEVELS, crop_n_layers=0)
    masks = RealisticMasks(seg.regions.sam)
    try:
        with DeviceWaits() as waits:
            segment_raster(str(LANDSAT_RGB), str(tmp_path / "out.tif"), seg, "water; land; cloud", OPTIONS)
    finally:
        masks.remove()
    with planned_run(str(LANDSAT_RGB), seg, OPTIONS) as (_, layout, panels):
        strips = len(layout.rows) * len(panels)
    return waits, strips, seg.regions.stats.masks


def test_the_host_waits_a_few_times_per_strip(tmp_path):
    waits, strips, masks = counted_run(tmp_path)
    assert masks > 20 * strips  # the masks are many: waiting once per mask would break the budget
    assert waits.total <= WAITS_PER_STRIP * strips, dict(waits.counts)
    assert waits.counts["cpu"] <= 3 * strips + 4  # finished rows; the class names' embeddings once


def test_a_clean_up_on_the_host_breaks_the_budget(tmp_path, monkeypatch):
    """The mutant the budget exists for: each mask copied to the host and cleaned with scipy."""
    on_device = sam_regions.cleaned_label_maps

    def on_host(masks, min_area, nms_thresh, groups, count):
        cleaned = [host_clean_up(mask.cpu().numpy(), int(area))[0] for mask, area in zip(masks, min_area)]
        return on_device(torch.as_tensor(np.stack(cleaned)), min_area, nms_thresh, groups, count)

    monkeypatch.setattr(sam_regions, "cleaned_label_maps", on_host)
    waits, strips, _ = counted_run(tmp_path)
    assert waits.total > WAITS_PER_STRIP * strips


@pytest.mark.parametrize(("call", "kind"), [
    (lambda t: t.cpu(), "cpu"), (lambda t: t.numpy(), "numpy"), (lambda t: t.tolist(), "tolist"),
    (lambda t: np.asarray(t), "__array__"), (lambda t: t.to("cpu"), "to(cpu)"),
    (lambda t: t.sum().item(), "aten._local_scalar_dense"),
    (lambda t: bool(t[0] > 0), "aten._local_scalar_dense"),
    (lambda t: t.nonzero(), "aten.nonzero"), (lambda t: t[t > 0.5], "index by a mask"),
    (lambda t: torch.equal(t, t), "aten.equal"),
    (lambda t: torch.repeat_interleave(t, torch.tensor([1, 2, 3])), "repeat_interleave without output_size"),
])
def test_what_is_counted(call, kind):
    tensor = torch.tensor([0.1, 0.7, 0.9])
    with DeviceWaits() as waits:
        call(tensor)
    assert waits.counts[kind] >= 1


def test_work_on_the_device_is_not_counted():
    tensor = torch.rand(4, 5)
    with DeviceWaits() as waits:
        (tensor * 2).softmax(0).argmax(0)
        torch.repeat_interleave(tensor[0], torch.tensor([1, 2, 1, 1, 1]), output_size=6)
        tensor.to(torch.device("cpu"), torch.float64)
    assert waits.total == 0, dict(waits.counts)
