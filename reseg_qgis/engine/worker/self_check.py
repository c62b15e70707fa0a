"""Does this Python environment run the engine? Every import, then a tiny forward pass on the device.

``python -m reseg_qgis.engine check [--device auto] [--json]`` prints the report; the plugin's
installer runs it in a new environment, and the worker answers the ``check`` request with it.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import platform
import sys
import time
from typing import Any

# Import name → distribution name, in the order they are tried.
PACKAGES = {"numpy": "numpy", "torch": "torch", "torchvision": "torchvision", "open_clip": "open_clip_torch",
            "segment_anything": "segment-anything", "rasterio": "rasterio", "safetensors": "safetensors",
            "scipy": "scipy", "pyogrio": "pyogrio", "shapely": "shapely", "tqdm": "tqdm"}

# Tiny models of the real classes: enough to run every layer type once.
SMOKE_CLIP = {"embed_dim": 16,
              "vision_cfg": {"image_size": 32, "layers": 2, "width": 32, "head_width": 16, "patch_size": 16},
              "text_cfg": {"context_length": 77, "vocab_size": 49408, "width": 16, "heads": 1, "layers": 1}}
SMOKE_SAM = {"encoder_embed_dim": 16, "encoder_depth": 1, "encoder_num_heads": 1,
             "encoder_global_attn_indexes": [0], "image_size": 64, "window_size": 2, "prompt_embed_dim": 16,
             "decoder_mlp_dim": 16, "decoder_num_heads": 1, "iou_head_hidden_dim": 16}


def _packages() -> tuple[dict[str, str], list[str]]:
    versions, problems = {}, []
    for module, distribution in PACKAGES.items():
        try:
            if module in ("open_clip", "segment_anything", "torchvision"):
                from ..models import ml_libraries  # noqa: F401 (the torchvision fallback first)
            importlib.import_module(module)
            versions[distribution] = importlib.metadata.version(distribution)
        except Exception as error:  # an import can fail in any way; each is reported
            problems.append(f"{distribution} cannot be imported: {type(error).__name__}: {error}")
    return versions, problems


def _torch_facts() -> dict[str, Any]:
    import torch

    mps = getattr(torch.backends, "mps", None)
    gpus = []
    if torch.cuda.is_available():
        for index in range(torch.cuda.device_count()):
            properties = torch.cuda.get_device_properties(index)
            gpus.append({"name": properties.name, "memory_gib": round(properties.total_memory / 2**30, 1)})
    return {"version": torch.__version__, "cuda": torch.version.cuda,
            "cuda_available": torch.cuda.is_available(), "mps_available": bool(mps and mps.is_available()),
            "gpus": gpus, "threads": torch.get_num_threads()}


def _forward_pass(device_name: str) -> dict[str, Any]:
    """Tiny CLIP (image and text) and SAM image encoder forward passes on the chosen device."""
    import torch

    from ..hardware.devices import CLIP, SAM_ENCODER, TEXT, choose_device
    from ..models.clip_models import build_clip, tokenizer_for
    from ..models.sam_models import build_sam
    from ..models.torchvision_ops import fallback_notes
    from ..weights.store import cache_dir

    device = choose_device(device_name, speeds_folder=cache_dir())  # the formats a run would choose
    started = time.perf_counter()
    with torch.no_grad():
        clip = build_clip(SMOKE_CLIP).to(device.device)
        with device.autocast(CLIP):
            image = clip.encode_image(torch.rand(1, 3, 32, 32, device=device.device))
        with device.autocast(TEXT):
            tokens = tokenizer_for(SMOKE_CLIP)(["a satellite image of water"]).to(device.device)
            text = clip.encode_text(tokens)
        encoder = build_sam(SMOKE_SAM).image_encoder.to(device.device, device.sam_encoder_dtype)
        pixels = torch.rand(1, 3, 64, 64, device=device.device, dtype=device.sam_encoder_dtype)
        with device.autocast(SAM_ENCODER):
            embedding = encoder(pixels)
    if device.device.type == "cuda":
        torch.cuda.synchronize(device.device)
    shapes_ok = image.shape == (1, 16) and text.shape == (1, 16) and embedding.shape[:2] == (1, 16)
    finite = all(bool(torch.isfinite(t.float()).all()) for t in (image, text, embedding))
    if not (shapes_ok and finite):
        raise RuntimeError("the tiny models gave wrong shapes or non-finite values")
    seconds = round(time.perf_counter() - started, 3)
    return {"device": device.description, **device.shown(), "seconds": seconds, "notes": fallback_notes()}


def report(device: str = "auto") -> dict[str, Any]:
    """What this environment has, and whether the engine runs in it (``ok``, else ``problems``)."""
    versions, problems = _packages()
    facts: dict[str, Any] = {
        "python": platform.python_version(), "executable": sys.executable,
        "platform": platform.platform(), "packages": versions, "problems": problems}
    if "torch" in versions:
        facts["torch"] = _torch_facts()
    if not problems:
        try:
            facts["forward_pass"] = _forward_pass(device)
        except Exception as error:  # any failure of the device or a library is the finding
            problems.append(f"A tiny forward pass on {device} failed: {type(error).__name__}: {error}")
    facts["ok"] = not problems
    return facts


def summary(facts: dict[str, Any]) -> str:
    """A few readable lines of a report."""
    lines = [f"Python {facts['python']} ({facts['executable']})"]
    lines += [f"{name} {version}" for name, version in facts["packages"].items()]
    torch = facts.get("torch")
    if torch:
        gpu = ", ".join(f"{g['name']} ({g['memory_gib']} GiB)" for g in torch["gpus"]) or "no CUDA GPU"
        lines.append(f"CUDA {torch['cuda'] or 'not built in'}: {gpu}; Apple MPS: "
                     f"{'yes' if torch['mps_available'] else 'no'}")
    if "forward_pass" in facts:
        forward = facts["forward_pass"]
        lines.append(f"Forward pass: {forward['device']}, {forward['seconds']} s")
        lines += [f"Note: {note['template'].format(**note['values'])}" for note in forward.get("notes", [])]
    lines += [f"Problem: {problem}" for problem in facts["problems"]]
    return "\n".join(lines)
