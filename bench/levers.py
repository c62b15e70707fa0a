"""Each speed lever of issue 13 alone, A/B in one process (runs interleaved, best of ``--repeats``),
with its numerical effect: ``python -m bench.levers``. Full-size models, random weights.

- ``sam_encoder``: SAM vit_b's image encoder at 1024²: segment_anything's attention in fp32, then
  through SDPA in fp32, then SDPA with bf16 weights (what a CPU whose bf16 is fast runs); the cosine of
  each one's features to the first's.
- ``mask_decoder``: SAM vit_b's mask decoder on 64 points of one image (a batch of ``balanced``):
  segment_anything's, then the one that shares the image side (sam_decoder.py); the largest difference
  of the mask logits relative to their largest value, and the share of mask pixels on the same side of
  SAM's threshold.
- ``mask_generation``: the mask generation of one SAM context of ``balanced`` (672 px, its four
  levels) on realistic masks: segment_anything's generator, then the lean one with the clean-up on
  each mask's box; whether the label maps are the same.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import sys
import time
from pathlib import Path

import numpy as np
import torch

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from reseg_qgis.engine.hardware.devices import choose_device  # noqa: E402
from reseg_qgis.engine.models.presets import preset  # noqa: E402
from reseg_qgis.engine.models.sam_attention import ReferenceAttention, with_attention  # noqa: E402
from reseg_qgis.engine.models.sam_decoder import reference_decoder  # noqa: E402
from reseg_qgis.engine.models.sam_models import build_sam  # noqa: E402
from reseg_qgis.engine.models.sam_regions import SamRegionGenerator  # noqa: E402
from tests.helpers.sam_masks import RealisticMasks  # noqa: E402


def best(function, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def interleaved(variants: dict, repeats: int) -> tuple[dict, dict[str, list[float]]]:
    """Each variant's last output and its times, the variants run in turn ``repeats`` times."""
    outputs, times = {}, {name: [] for name in variants}
    with torch.no_grad():
        for _ in range(repeats):
            for name, run in variants.items():
                started = time.perf_counter()
                outputs[name] = run()
                times[name].append(time.perf_counter() - started)
    return outputs, times


def speedups(times: dict[str, list[float]], reference: str) -> dict[str, dict]:
    return {name: {"seconds": round(min(values), 3), "speedup": round(min(times[reference]) / min(values), 2)}
            for name, values in times.items()}


def cosine(a: torch.Tensor, b: torch.Tensor) -> float:
    return float(torch.nn.functional.cosine_similarity(a.flatten().double(), b.flatten().double(), dim=0))


def sam_encoder(repeats: int) -> dict:
    sam = build_sam("vit_b").requires_grad_(False)
    encoder = sam.image_encoder
    generator = torch.Generator().manual_seed(0)
    with torch.no_grad():  # trained SAMs have position terms; a fresh model's are zeros
        for block in encoder.blocks:
            for table in (block.attn.rel_pos_h, block.attn.rel_pos_w):
                table.copy_(0.1 * torch.randn(table.shape, generator=generator))
    low = copy.deepcopy(encoder).to(torch.bfloat16)
    image = torch.randn(1, 3, 1024, 1024, generator=generator)
    reference_encoder = with_attention(copy.deepcopy(encoder), ReferenceAttention)
    variants = {"reference_fp32": lambda: reference_encoder(image),
                "sdpa_fp32": lambda: encoder(image),
                "sdpa_bf16": lambda: low(image.to(torch.bfloat16)).float()}
    outputs, times = interleaved(variants, repeats)
    reference = outputs["reference_fp32"]
    return {name: {**timing, "cosine_to_reference": round(cosine(outputs[name], reference), 6)}
            for name, timing in speedups(times, "reference_fp32").items()}


def mask_decoder(repeats: int) -> dict:
    sam = build_sam("vit_b").requires_grad_(False)
    generator = torch.Generator().manual_seed(0)
    with torch.no_grad():  # weights of a trained decoder's spread, so that attention is not uniform
        for parameter in sam.mask_decoder.parameters():
            if parameter.dim() > 1:
                parameter.copy_(0.05 * torch.randn(parameter.shape, generator=generator))
    points = torch.rand(64, 1, 2, generator=generator) * 1024
    sparse, dense = sam.prompt_encoder(points=(points, torch.ones(64, 1, dtype=torch.int)), boxes=None,
                                       masks=None)
    embedding = torch.randn(1, 256, 64, 64, generator=generator)
    decoders = {"reference": reference_decoder(sam.mask_decoder), "shared_image": sam.mask_decoder}
    position = sam.prompt_encoder.get_dense_pe()

    def run(decoder):
        return decoder(image_embeddings=embedding, image_pe=position, sparse_prompt_embeddings=sparse,
                       dense_prompt_embeddings=dense, multimask_output=True)[0]

    variants = {name: (lambda decoder=decoder: run(decoder)) for name, decoder in decoders.items()}
    outputs, times = interleaved(variants, repeats)
    reference, shared = outputs["reference"], outputs["shared_image"]
    return {"points": len(points),
            "largest_relative_difference": float((shared - reference).abs().max() / reference.abs().max()),
            "same_side_of_threshold": float(((shared > 0) == (reference > 0)).double().mean()),
            **speedups(times, "reference")}


def mask_generation(repeats: int) -> dict:
    sam = build_sam("vit_b").requires_grad_(False)
    RealisticMasks(sam)
    settings = preset("balanced").config.sam
    image = np.random.default_rng(0).integers(0, 255, (672, 672, 3), dtype=np.uint8)
    generators = {name: SamRegionGenerator(sam, dataclasses.replace(settings, mask_generation=name),
                                           choose_device("cpu", "fp32"))
                  for name in ("segment-anything", "lean")}
    for generator in generators.values():  # one encoder pass each, then only the generation is timed
        generator.predictor.forget_images = lambda: None
    maps, times = interleaved({name: lambda generator=generator: generator.label_maps(image, window_side=224)
                               for name, generator in generators.items()}, repeats)
    return {"masks": generators["lean"].stats.masks // repeats,
            "same_label_maps": bool(np.array_equal(maps["lean"], maps["segment-anything"])),
            **speedups(times, "segment-anything")}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    torch.manual_seed(0)
    print(json.dumps({"device": choose_device("cpu").description, "sam_encoder": sam_encoder(args.repeats),
                      "mask_decoder": mask_decoder(args.repeats),
                      "mask_generation": mask_generation(args.repeats)}))


if __name__ == "__main__":
    main()
