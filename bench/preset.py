"""One preset, end to end, in a fresh process: ``python -m bench.preset PRESET RASTER --size 448``.

``--sam-context window`` runs SAM on each CLIP window (the reference's way) instead of the preset's
larger SAM context, so the two can be compared; ``--sam-context N`` and ``--overlap N`` try other
settings. ``--reference`` runs as the code did in November 2026
(the ``balanced-2026-11`` case): fp32 throughout, segment_anything's own encoder attention, mask
decoder and mask generator, open_clip's own attention blocks. ``--fp32-reference`` runs every stage in
fp32 through the fp32 path as it was before each stage chose its format (the ``fast-fp32`` and
``balanced-fp32`` cases): open_clip's own attention blocks. (Before, 'auto' on a CPU with AVX512-BF16 or
AMX ran SAM's encoder alone in bf16, so on those CPUs ``balanced-fp32`` is slower than the code was.)

Random-initialised full-size models (speed does not depend on the weights); SAM's decoder output is
replaced by realistic masks (tests/helpers/sam_masks.py), so the mask post-processing costs what it
costs on real images, where random weights would find no mask. Prints one JSON
object: seconds per megapixel, the stage breakdown, the share of time inside model forward passes,
SAM encoder passes per window, and the time of a second run with a changed class list that reuses
the cached image features.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import rasterio
import torch

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.memory import peak_rss_mib  # noqa: E402
from bench.random_models import random_segmenter  # noqa: E402
from reseg_qgis.engine.models.presets import preset  # noqa: E402
from reseg_qgis.engine.models.sam_attention import ReferenceAttention, with_attention  # noqa: E402
from reseg_qgis.engine.models.sam_decoder import reference_decoder  # noqa: E402
from reseg_qgis.engine.raster.feature_cache import FeatureCache  # noqa: E402
from reseg_qgis.engine.raster.pipeline import segment_raster  # noqa: E402
from tests.helpers.sam_masks import RealisticMasks  # noqa: E402

CLASSES = "water; tree, forest; grass; building, roof; road, street; bare soil, sand"
CHANGED = "water, river; tree, forest; grass; building, roof; road, street; bare soil, sand; car"


class ForwardTimer:
    """Wall time inside the models' forward passes, measured with hooks on disjoint modules. The upscaling
    of the decoder's masks is mask generation's, not a model's (it was counted as SAM's until December
    2026, when the lean generator stopped calling ``Sam.postprocess_masks``)."""

    def __init__(self, modules: list[torch.nn.Module], device: torch.device) -> None:
        self.seconds = 0.0
        self.device = device
        self._started: dict[int, float] = {}
        self._handles = []
        for module in modules:
            self._handles.append(module.register_forward_pre_hook(self._pre))
            self._handles.append(module.register_forward_hook(self._post))

    def _sync(self) -> None:
        if self.device.type == "cuda":
            torch.cuda.synchronize(self.device)

    def _pre(self, module, args) -> None:
        self._sync()
        self._started[id(module)] = time.perf_counter()

    def _post(self, module, args, output) -> None:
        self._sync()
        self.seconds += time.perf_counter() - self._started.pop(id(module))


def model_modules(segmenter) -> list[torch.nn.Module]:
    """SAM's modules (its image encoder as it runs: a bf16 copy where that stage runs bf16 on a CPU) and
    CLIP's text tower; CLIP's vision blocks are computed from their weights (models/masked_clip.py), so
    the vision tower's time is its stage's (``clip_encoder``)."""
    modules = [segmenter.clip.transformer]
    if segmenter.regions is not None:
        sam = segmenter.regions.sam
        modules += [segmenter.regions.predictor.image_encoder(), sam.prompt_encoder, sam.mask_decoder]
    return modules


def crop_extent(raster: str, size: int) -> tuple[float, float, float, float]:
    """The central size x size pixels of the raster, as an extent."""
    with rasterio.open(raster) as dataset:
        top = max(0, (dataset.height - size) // 2)
        left = max(0, (dataset.width - size) // 2)
        x0, y0 = dataset.transform @ (left, top)
        x1, y1 = dataset.transform @ (min(dataset.width, left + size), min(dataset.height, top + size))
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def reference_sam_passes(window: int) -> int:
    """SAM encoder passes the reference code makes for one tile: each level encodes anew."""
    from reseg_qgis.engine.hardware.devices import choose_device
    from reseg_qgis.engine.models.sam_models import SamArchitecture, build_sam
    from reseg_qgis.engine.models.sam_regions import SamRegionGenerator
    from reseg_qgis.engine.models.segmenter_config import REFERENCE_LEVELS, SamSettings

    tiny = build_sam(SamArchitecture(32, 2, 2, (1,), image_size=256, window_size=4, prompt_embed_dim=32,
                                     decoder_mlp_dim=64, decoder_num_heads=2, iou_head_hidden_dim=32))
    calls = []
    hook = tiny.image_encoder.register_forward_hook(lambda *args: calls.append(1))
    import numpy as np

    tile = np.random.default_rng(0).integers(0, 255, (window, window, 3), dtype=np.uint8)
    for level in REFERENCE_LEVELS:  # the reference runs a fresh generator per level
        SamRegionGenerator(tiny, SamSettings(levels=(level,), crop_n_layers=1),
                           choose_device("cpu")).label_maps(tile)
    hook.remove()
    return len(calls)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("preset")
    parser.add_argument("raster")
    parser.add_argument("--size", type=int, default=448, help="side of the central crop, in pixels")
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--precision", default="auto")
    parser.add_argument("--sam-context", default="preset",
                        help="'preset', 'window' (SAM sees each CLIP window) or a side in pixels")
    parser.add_argument("--reference", action="store_true",
                        help="as in November 2026: fp32, segment_anything's attention, decoder and masks")
    parser.add_argument("--fp32-reference", action="store_true",
                        help="every stage fp32, open_clip's blocks (the fp32 path before per-stage formats)")
    parser.add_argument("--keep-labels", help="copy the classified raster of the first run here")
    parser.add_argument("--overlap", type=int, help="CLIP window overlap in pixels (default: half a window)")
    args = parser.parse_args()

    overrides = {}
    if args.sam_context != "preset":
        overrides["sam_context"] = None if args.sam_context == "window" else int(args.sam_context)
    sam_settings = preset(args.preset).config.sam
    if args.reference and sam_settings is not None:
        overrides["sam"] = dataclasses.replace(sam_settings, mask_generation="segment-anything")
    started = time.perf_counter()
    precision = "fp32" if args.reference or args.fp32_reference else args.precision
    segmenter = random_segmenter(args.preset, args.device, precision, **overrides)
    segmenter.encoder.open_clip_blocks = args.reference or args.fp32_reference
    build_seconds = time.perf_counter() - started
    device = segmenter.device.device
    sam = segmenter.regions.sam if segmenter.regions is not None else None
    if sam is not None:
        RealisticMasks(sam)
        if args.reference:
            with_attention(sam.image_encoder, ReferenceAttention)
            sam.mask_decoder = reference_decoder(sam.mask_decoder)
    timer = ForwardTimer(model_modules(segmenter), device)
    cache = FeatureCache(max_bytes=8 << 30)
    extent = crop_extent(args.raster, args.size)
    from reseg_qgis.engine.raster.pipeline import RasterOptions

    options = RasterOptions(extent=extent, overlap=args.overlap)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        first = segment_raster(args.raster, str(Path(folder) / "first.tif"), segmenter, CLASSES, options,
                               features=cache)
        full_seconds = time.perf_counter() - started
        if args.keep_labels:
            shutil.copy(first.output, args.keep_labels)
        stages = segmenter.stage_seconds()
        model_seconds = timer.seconds + stages.get("clip_encoder", 0.0)
        started = time.perf_counter()
        segment_raster(args.raster, str(Path(folder) / "second.tif"), segmenter, CHANGED, options,
                       features=cache)
        reprompt_seconds = time.perf_counter() - started
    megapixels = first.width * first.height / 1e6
    computed = first.windows - first.skipped_windows
    stages["stitching_and_io"] = max(0.0, full_seconds - sum(stages.values()))
    passes = segmenter.regions.stats.encoder_passes if segmenter.regions is not None else 0
    reference_per_tile = reference_sam_passes(224) if passes else 0
    print(json.dumps({
        "preset": args.preset, "reference": args.reference, "fp32_reference": args.fp32_reference,
        "sam_context": segmenter.config.sam_context,
        "device": segmenter.device.description, "models": segmenter.model_names,
        "raster": Path(args.raster).name, "megapixels": round(megapixels, 4), "windows": computed,
        "model_build_seconds": round(build_seconds, 2), "seconds": round(full_seconds, 2),
        "seconds_per_megapixel": round(full_seconds / megapixels, 1),
        "stages": {k: round(v, 3) for k, v in stages.items()},
        "model_share": round(model_seconds / full_seconds, 3),
        "sam_passes": passes, "sam_passes_per_window": round(passes / max(1, computed), 3),
        "sam_masks": segmenter.regions.stats.masks if segmenter.regions is not None else 0,
        "reference_sam_passes_per_tile": reference_per_tile,
        "reference_sam_passes": reference_per_tile * computed,  # the same windows, the reference's way
        "reprompt_seconds": round(reprompt_seconds, 2),
        "reprompt_speedup": round(full_seconds / reprompt_seconds, 1),
        "peak_rss_mib": round(peak_rss_mib(), 1),
    }))


if __name__ == "__main__":
    main()
