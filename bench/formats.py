"""Each stage in fp32 and in bf16, as the engine runs it, A/B in one process: ``python -m bench.formats``.

Full-size models with random weights, on windows of the real sample (bench/rasters.py): SAM vit_b's image
encoder on a 1024² pass (bf16 through a copy of its weights), its mask decoder on 64 points of that image,
CLIP ViT-B/16 on 8 windows of 224 px with SAM-region masks in its ``sam`` blocks, and the text tower on
six class names under the ReSeg templates (each under bf16 autocast). For each: seconds (best of
``--repeats``, interleaved), the speed-up, and the accuracy guard's figure: the cosine of bf16's output to
fp32's (per window, point or name; the smallest), and for the decoder the share of mask pixels on the same
side of SAM's threshold. Also the matrix rates this machine measured (format_speeds) and the formats
'auto' chooses from them. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import sys
from pathlib import Path

import numpy as np
import rasterio
import torch
import torch.nn.functional as F

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.levers import interleaved  # noqa: E402
from bench.random_models import random_segmenter  # noqa: E402
from bench.rasters import real_sample  # noqa: E402
from reseg_qgis.engine.hardware import STAGES, format_speeds  # noqa: E402
from reseg_qgis.engine.hardware.devices import CLIP, MASK_DECODER, choose_device  # noqa: E402
from tests.helpers.sam_masks import RealisticMasks  # noqa: E402

CLASSES = ["water", "tree", "grass", "building", "road", "bare soil"]


def image(side: int) -> np.ndarray:
    """The central side x side pixels of the real sample, RGB uint8."""
    with rasterio.open(real_sample()) as dataset:
        top, left = max(0, (dataset.height - side) // 2), max(0, (dataset.width - side) // 2)
        window = rasterio.windows.Window(left, top, side, side)
        data = dataset.read((1, 2, 3), window=window, boundless=True, fill_value=0)
    return np.ascontiguousarray(np.moveaxis(data, 0, -1).astype(np.uint8))


def cosines(first: torch.Tensor, second: torch.Tensor) -> torch.Tensor:
    return F.cosine_similarity(first.float().flatten(1), second.float().flatten(1), dim=1)


def stage_row(stage: str, outputs: dict, times: dict, extra: dict | None = None) -> dict:
    fp32, bf16 = min(times["fp32"]), min(times["bf16"])
    return {"stage": stage, "fp32_seconds": round(fp32, 3), "bf16_seconds": round(bf16, 3),
            "speedup": round(fp32 / bf16, 2),
            "smallest_cosine": round(float(cosines(*_pair(outputs)).min()), 6), **(extra or {})}


def _pair(outputs: dict) -> tuple[torch.Tensor, torch.Tensor]:
    first, second = outputs["fp32"], outputs["bf16"]
    return (first[0], second[0]) if isinstance(first, tuple) else (first, second)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    segmenter = random_segmenter("balanced", "cpu", "fp32")
    cpu = choose_device("cpu", "fp32")
    formats = {"fp32": cpu, "bf16": dataclasses.replace(cpu, formats=("bf16",) * len(STAGES))}
    sam = segmenter.regions.sam
    rows = []

    # SAM's image encoder: the engine's bf16 copy of its weights against the model itself.
    picture = image(1024)
    predictor = segmenter.regions.predictor
    batch = sam.preprocess(torch.as_tensor(predictor.transform.apply_image(picture)).permute(2, 0, 1)[None])
    encoder_bf16 = copy.deepcopy(sam.image_encoder).to(torch.bfloat16)
    variants = {"fp32": lambda: sam.image_encoder(batch),
                "bf16": lambda: encoder_bf16(batch.to(torch.bfloat16)).float()}
    outputs, times = interleaved(variants, args.repeats)
    rows.append(stage_row("SAM encoder", outputs, times))
    embedding = outputs["fp32"]

    # The mask decoder on 64 points of that image, as mask generation calls it.
    points = torch.rand(64, 1, 2) * 1024
    labels = torch.ones(64, 1, dtype=torch.int)

    def decode(choice):
        sparse, dense = sam.prompt_encoder(points=(points, labels), boxes=None, masks=None)
        image_pe = sam.prompt_encoder.get_dense_pe()
        with choice.autocast(MASK_DECODER):
            masks, iou = sam.mask_decoder(image_embeddings=embedding, image_pe=image_pe,
                                          sparse_prompt_embeddings=sparse, dense_prompt_embeddings=dense,
                                          multimask_output=True)
        return masks.float().flatten(0, 1), iou.float()

    outputs, times = interleaved({name: (lambda c=choice: decode(c)) for name, choice in formats.items()},
                                 args.repeats)
    same_side = float(((outputs["fp32"][0] > 0) == (outputs["bf16"][0] > 0)).float().mean())
    rows.append(stage_row("mask decoder", outputs, times, {"same_side_of_threshold": round(same_side, 5)}))

    # CLIP on 8 windows with SAM-region masks, as encode_windows runs it.
    windows = np.stack([image(448)[r:r + 224, c:c + 224] for r in (0, 112, 224) for c in (0, 112, 224)][:8])
    realistic = RealisticMasks(sam)  # random weights find no region; these masks are shaped as SAM's
    maps = torch.stack([segmenter.sam_regions(window) for window in windows])
    realistic.remove()
    clip_labels = segmenter._region_labels(maps)
    pixels = segmenter.encoder.pixels(windows)

    def clip(choice):
        with choice.autocast(CLIP):
            return segmenter.encoder.features(pixels, clip_labels)[1].float()

    outputs, times = interleaved({name: (lambda c=choice: clip(c)) for name, choice in formats.items()},
                                 args.repeats)
    rows.append(stage_row("CLIP", outputs, times))

    # The text tower on six class names under the ReSeg templates.
    text = segmenter.text
    sentences = [template.format(name) for name in CLASSES for template in text.templates]

    def embed(choice):
        text.device = choice
        return text._encode_sentences(sentences)

    outputs, times = interleaved({name: (lambda c=choice: embed(c)) for name, choice in formats.items()},
                                 args.repeats)
    rows.append(stage_row("text", outputs, times, {"sentences": len(sentences)}))

    rates = format_speeds.measured()
    print(json.dumps({"stages": rows, "rates": rates, "auto": format_speeds.faster_formats(rates),
                      "machine_key": format_speeds.machine_key()}))


if __name__ == "__main__":
    main()
