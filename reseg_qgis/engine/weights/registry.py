"""The models ReSeg can use: where each is published, how big, its checksum, licence and format.

Where a publisher gives no sha256, the size is recorded here and the sha256 of the first verified
download (or import) is pinned in the cache's manifest; later copies must match it.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Union

from ..translatable import ResegError
from . import messages

# Checkpoint formats.
OPEN_CLIP_SAFETENSORS = "open_clip safetensors"  # open_clip's hub file, a flat tensor map
OPEN_CLIP_STATE_DICT = "open_clip state_dict"  # torch.save(model.state_dict())
OPEN_CLIP_TRAINING_CHECKPOINT = "open_clip training checkpoint"  # {"state_dict": {"module.…": …}, …}
SAM_STATE_DICT = "SAM state_dict"  # segment-anything's .pth


@dataclass(frozen=True)
class ModelSpec:
    name: str
    kind: str  # "clip" or "sam"
    title: str
    architecture: Union[str, dict]  # open_clip config name or config; SAM: vit_b, vit_l, vit_h or sizes
    url: str
    filename: str  # the file in the cache
    size: int | None  # bytes of the downloaded file
    sha256: str | None  # published sha256 of the downloaded file; None: pinned on first download
    licence: str
    format: str
    homepage: str
    initialisation: str = ""  # CLIP weights merge only between models of one architecture and start
    zip_member: str | None = None  # the checkpoint inside a downloaded zip

    @property
    def merge_family(self) -> str:
        if isinstance(self.architecture, dict):
            return f"{json.dumps(self.architecture, sort_keys=True)}/{self.initialisation}"
        return f"{self.architecture.replace('-quickgelu', '')}/{self.initialisation}"


@dataclass(frozen=True)
class ComposedSpec:
    """A CLIP merged from members of one architecture and initialisation (see composition.py)."""

    name: str
    title: str
    members: tuple[str, ...]
    kind: str = "clip"


HF = "https://huggingface.co"
SAM_URL = "https://dl.fbaipublicfiles.com/segment_anything"


def _clip(name, title, architecture, url, size, sha256, licence, fmt, homepage, **extra) -> ModelSpec:
    suffix = ".safetensors" if fmt == OPEN_CLIP_SAFETENSORS else ".pt"
    return ModelSpec(name=name, kind="clip", title=title, architecture=architecture, url=url,
                     filename=name + suffix, size=size, sha256=sha256, licence=licence, format=fmt,
                     homepage=homepage, initialisation="openai", **extra)


def _sam(name, architecture, file, size, sha256) -> ModelSpec:
    return ModelSpec(name=name, kind="sam", title=f"Segment Anything {architecture}",
                     architecture=architecture, url=f"{SAM_URL}/{file}", filename=file, size=size,
                     sha256=sha256, licence="Apache-2.0", format=SAM_STATE_DICT,
                     homepage="https://github.com/facebookresearch/segment-anything")


MODELS: dict[str, ModelSpec] = {
    spec.name: spec
    for spec in (
        # OpenAI's weights as open_clip's hub copies them (the original .pt files are TorchScript).
        _clip("openai-vit-b-16", "OpenAI CLIP ViT-B/16", "ViT-B-16-quickgelu",
              f"{HF}/timm/vit_base_patch16_clip_224.openai/resolve/main/open_clip_model.safetensors",
              598_516_980, "4b8699299b1e8997753c64b052ba32031449d5d853f55a039148560ee02b820f",
              "MIT", OPEN_CLIP_SAFETENSORS, "https://github.com/openai/CLIP"),
        _clip("openai-vit-l-14", "OpenAI CLIP ViT-L/14", "ViT-L-14-quickgelu",
              f"{HF}/timm/vit_large_patch14_clip_224.openai/resolve/main/open_clip_model.safetensors",
              1_710_517_724, "9ce2e8a8ebfff3793d7d375ad6d3c35cb9aebf3de7ace0fc7308accab7cd207e",
              "MIT", OPEN_CLIP_SAFETENSORS, "https://github.com/openai/CLIP"),
        _clip("remoteclip-vit-b-32", "RemoteCLIP ViT-B/32", "ViT-B-32",
              f"{HF}/chendelong/RemoteCLIP/resolve/main/RemoteCLIP-ViT-B-32.pt",
              605_208_421, "60014e395d930a3f2963d1d89c8522bf4ad56775571e4356e866864789af85c4",
              "not declared by the authors", OPEN_CLIP_STATE_DICT,
              "https://github.com/ChenDelong1999/RemoteCLIP"),
        _clip("remoteclip-vit-l-14", "RemoteCLIP ViT-L/14", "ViT-L-14",
              f"{HF}/chendelong/RemoteCLIP/resolve/main/RemoteCLIP-ViT-L-14.pt",
              1_710_613_765, "fcc2a7e21e171f4ffcb7a9c0206b8b74ac0c9eb83c67b576958b7a4ed6c8cecb",
              "not declared by the authors", OPEN_CLIP_STATE_DICT,
              "https://github.com/ChenDelong1999/RemoteCLIP"),
        _clip("georsclip-vit-b-32", "GeoRSCLIP ViT-B/32", "ViT-B-32-quickgelu",
              f"{HF}/Zilun/GeoRSCLIP/resolve/main/ckpt/RS5M_ViT-B-32.pt", None, None,
              "CC-BY-4.0", OPEN_CLIP_STATE_DICT, "https://github.com/om-ai-lab/RS5M"),
        _clip("georsclip-vit-l-14", "GeoRSCLIP ViT-L/14", "ViT-L-14-quickgelu",
              f"{HF}/Zilun/GeoRSCLIP/resolve/main/ckpt/RS5M_ViT-L-14.pt",
              1_710_635_010, "9119b7731c17dd66fae13619203f33900946fe0660095ed54d8e6c7cfe8d03c0",
              "CC-BY-4.0", OPEN_CLIP_STATE_DICT, "https://github.com/om-ai-lab/RS5M"),
        _clip("skyclip-vit-l-14", "SkyCLIP ViT-L/14", "ViT-L-14-quickgelu",
              "https://opendatasharing.s3.us-west-2.amazonaws.com/SkyScript/ckpt/"
              "SkyCLIP_ViT_L14_top30pct.zip", None, None,
              "MIT", OPEN_CLIP_TRAINING_CHECKPOINT, "https://github.com/wangzhecheng/SkyScript",
              zip_member="SkyCLIP_ViT_L14_top30pct/epoch_20.pt"),
        # FarSLIP2 pairs a ViT-B/16 image tower with a LongCLIP text tower (248 positions).
        ModelSpec(name="farslip-vit-b-16", kind="clip", title="FarSLIP2 ViT-B/16",
                  architecture="ViT-B-16-quickgelu-longclip", url=f"{HF}/ZhenShiL/FarSLIP/resolve/main/"
                  "FarSLIP2_ViT-B-16.pt", filename="farslip-vit-b-16.pt", size=None, sha256=None,
                  licence="MIT", format=OPEN_CLIP_TRAINING_CHECKPOINT,
                  homepage="https://github.com/NJU-LHRS/FarSLIP", initialisation="openai"),
        _sam("sam-vit-b", "vit_b", "sam_vit_b_01ec64.pth", 375_042_383,
             "ec2df62732614e57411cdcf32a23ffdf28910380d03139ee0f4fcbe91eb8c912"),
        _sam("sam-vit-l", "vit_l", "sam_vit_l_0b3195.pth", 1_249_524_607,
             "3adcc4315b642a4d2101128f611684e8734c41232a17c648ed1693702a49a622"),
        _sam("sam-vit-h", "vit_h", "sam_vit_h_4b8939.pth", 2_564_550_879,
             "a7bf3b02f3ebf1267aba913ff637d9a2d5c33d3173bb679e46d9f338c26f262e"),
    )
}

COMPOSED: dict[str, ComposedSpec] = {
    spec.name: spec
    for spec in (
        ComposedSpec("composed-rs-vit-l-14", "Remote-sensing CLIP ViT-L/14, composed",
                     ("openai-vit-l-14", "remoteclip-vit-l-14", "georsclip-vit-l-14", "skyclip-vit-l-14")),
        ComposedSpec("composed-rs-vit-b-32", "Remote-sensing CLIP ViT-B/32, composed",
                     ("remoteclip-vit-b-32", "georsclip-vit-b-32")),
    )
}


# Models a user registered from local files (see ModelStore.add_custom), kept in the model cache.
CUSTOM_MODELS_FILE = "custom_models.json"
CUSTOM_FORMAT = "user checkpoint"
NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{1,62}")


def read_custom_models(cache: Path) -> dict[str, ModelSpec]:
    path = Path(cache) / CUSTOM_MODELS_FILE
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))["models"]
        if not isinstance(entries, list):
            raise TypeError(f"'models' is a {type(entries).__name__}, not a list")
        names = {f.name for f in fields(ModelSpec)}
        specs = {}
        for entry in entries:
            if not isinstance(entry, dict):
                raise TypeError(f"an entry is a {type(entry).__name__}, not an object")
            spec = ModelSpec(**{k: v for k, v in entry.items() if k in names})
            texts = (spec.name, spec.filename, spec.url)
            if not (all(isinstance(text, str) for text in texts) and Path(spec.filename).name == spec.filename
                    and spec.kind in ("clip", "sam") and isinstance(spec.architecture, (str, dict))):
                raise TypeError(f"the entry {entry.get('name')!r} has a name, file, address, kind or "
                                "architecture of the wrong kind")
            specs[spec.name] = spec
        return specs
    except FileNotFoundError:
        return {}
    except OSError as error:  # a cache that is a file, or may not be read
        raise ResegError(messages.FILE_UNREADABLE, path=str(path), reason=error.strerror or str(error)) \
            from error
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ResegError(messages.ADDED_DAMAGED, path=str(path), cause=str(error)) from error


def write_custom_models(cache: Path, models: Mapping[str, ModelSpec]) -> None:
    path = Path(cache) / CUSTOM_MODELS_FILE
    temporary = path.with_suffix(".json.tmp")
    with writing(path):
        temporary.write_text(json.dumps({"models": [asdict(spec) for spec in models.values()]}, indent=2),
                             encoding="utf-8")
        temporary.replace(path)


@contextlib.contextmanager
def writing(path: Path) -> Iterator[None]:
    """A write of ``path`` in the model cache: a failure says which file, and what to do."""
    try:
        yield
    except OSError as error:
        raise ResegError(messages.CANNOT_WRITE, path=str(path), reason=error.strerror or str(error)) \
            from error


def by_name(name: str, registry: Mapping[str, ModelSpec] | None = None) -> ModelSpec:
    registry = MODELS if registry is None else registry
    try:
        return registry[name]
    except KeyError:
        raise ResegError(messages.UNKNOWN_MODEL, name=name, known=", ".join(registry)) from None


def model_names(kind: str, registry: Mapping[str, ModelSpec] | None = None) -> list[str]:
    """Names of a kind ("clip" or "sam") to choose from: the registry's (with the user's own models
    when given the store's registry), then, for CLIP, the composed ones."""
    registry = MODELS if registry is None else registry
    names = [name for name, spec in registry.items() if spec.kind == kind]
    return names + (list(COMPOSED) if kind == "clip" else [])
