"""Safe checkpoint reading and strict loading.

Files are read with ``torch.load(weights_only=True)`` (or safetensors), so a pickle that carries
code is refused, never run. Accepted layouts: a plain state_dict (open_clip, SAM ``.pth``), an
open_clip training checkpoint (``state_dict`` key, ``module.`` prefixes), and a safetensors file.
Loading checks every key: unlike ``strict=False``, a mismatch is an error that names the keys.
"""

from __future__ import annotations

import pickle
import zipfile
from pathlib import Path

import torch
from safetensors.torch import load_file as load_safetensors

from ..translatable import ResegError
from . import messages


class CheckpointError(ResegError):
    """A checkpoint that cannot be used; the message says why."""


# What building a model from a config of wrong fields or values raises (open_clip, segment_anything).
UNBUILDABLE = (TypeError, ValueError, KeyError, AttributeError, IndexError, ZeroDivisionError, AssertionError)


def _is_torchscript(path: Path) -> bool:
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as archive:
        members = (name.split("/", 1)[-1] for name in archive.namelist())
        return any(member.startswith(("code/", "constants.pkl")) for member in members)


def _other_zip_members(path: Path) -> list[str] | None:
    """The members of a zip that is not torch.save's archive (that holds a data.pkl); None for one that is."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return None  # left for torch.load to report
    return None if any(name.split("/", 1)[-1] == "data.pkl" for name in members) else members


def _looks_cut_off(head: bytes) -> bool:
    """Whether a file's first bytes look like a web page or an interrupted copy (of a zip, or zeros)."""
    return not head.strip(b"\x00") or head.lstrip().startswith(b"<") or head.startswith(b"PK")


def _torch_load(path: Path):
    try:
        return torch.load(path, map_location="cpu", weights_only=True, mmap=True)
    except RuntimeError as error:
        if "mmap" not in str(error):
            raise
        return torch.load(path, map_location="cpu", weights_only=True)  # a legacy, non-zip file


def read_state_dict(path: Path, name: str | None = None) -> dict[str, torch.Tensor]:
    """The tensors of a checkpoint file, keyed as the model's state_dict, without ``module.``."""
    path = Path(path)
    name = name or path.name
    if path.stat().st_size == 0:
        raise CheckpointError(messages.FILE_EMPTY, name=name)
    if path.suffix == ".safetensors":
        try:
            return load_safetensors(str(path))
        except Exception as error:  # safetensors raises its own error types
            raise CheckpointError(messages.NOT_SAFETENSORS, name=name, cause=str(error)) from error
    with open(path, "rb") as stream:
        head = stream.read(64)
    if not (zipfile.is_zipfile(path) or head[:1] == b"\x80"):  # torch.save's zip, or a pickle
        start = head[:24].decode("latin-1").encode("unicode_escape").decode()
        template = messages.NOT_A_CHECKPOINT if _looks_cut_off(head) else messages.NOT_A_CHECKPOINT_FILE
        raise CheckpointError(template, name=name, start=start)
    if _is_torchscript(path):
        raise CheckpointError(messages.TORCHSCRIPT, name=name)
    members = _other_zip_members(path) if zipfile.is_zipfile(path) else None
    if members is not None:
        raise CheckpointError(messages.ZIP_NOT_A_CHECKPOINT, name=name,
                              members=_listed(members, 4) or "nothing")
    try:
        loaded = _torch_load(path)
    except pickle.UnpicklingError as error:
        raise CheckpointError(messages.PICKLED, name=name, cause=str(error).splitlines()[0]) from error
    except (RuntimeError, EOFError, OSError, zipfile.BadZipFile, IndexError, KeyError, ValueError) as error:
        raise CheckpointError(messages.CORRUPT, name=name, cause=str(error)) from error
    state = loaded.get("state_dict", loaded) if isinstance(loaded, dict) else loaded
    if not isinstance(state, dict) or not state or not all(
            isinstance(key, str) and torch.is_tensor(value) for key, value in state.items()):
        found = sorted(loaded)[:8] if isinstance(loaded, dict) else type(loaded).__name__
        raise CheckpointError(messages.NOT_A_STATE_DICT, name=name, found=str(found))
    if all(key.startswith("module.") for key in state):
        state = {key[len("module."):]: value for key, value in state.items()}
    return state


def _listed(keys: list[str], limit: int = 8) -> str:
    shown = ", ".join(keys[:limit])
    return shown + (f", … ({len(keys) - limit} more)" if len(keys) > limit else "")


def load_strictly(model: torch.nn.Module, state: dict[str, torch.Tensor], source: str) -> None:
    """Load ``state`` into ``model``; every key and shape must match, else the error lists them."""
    expected = model.state_dict()
    missing = sorted(set(expected) - set(state))
    unexpected = sorted(set(state) - set(expected))
    shapes = sorted(f"{key} {tuple(state[key].shape)} vs {tuple(expected[key].shape)}"
                    for key in set(expected) & set(state) if state[key].shape != expected[key].shape)
    problems = []
    if missing:
        problems.append(f"missing keys ({len(missing)}): {_listed(missing)}")
    if unexpected:
        problems.append(f"unexpected keys ({len(unexpected)}): {_listed(unexpected)}")
    if shapes:
        problems.append(f"shape mismatches, file vs model ({len(shapes)}): {_listed(shapes)}")
    if problems:
        raise CheckpointError(messages.DOES_NOT_FIT, source=source, problems="; ".join(problems))
    model.load_state_dict(state, strict=True)


def load_model(kind: str, architecture, path: Path, source: str) -> torch.nn.Module:
    """A ``kind`` ("clip" or "sam") model of ``architecture`` holding the weights of ``path``, loaded
    strictly (``source`` names the file in errors)."""
    from ..models.clip_models import build_clip
    from ..models.sam_models import build_sam

    try:
        model = (build_clip if kind == "clip" else build_sam)(architecture)
    except ResegError:
        raise
    except UNBUILDABLE as error:  # an architecture given by the user: a config of wrong fields or values
        raise ResegError(messages.ARCHITECTURE_UNBUILDABLE, kind=kind.upper(),
                             architecture=messages.shown(architecture), cause=_cause(error)) from error
    load_strictly(model, read_state_dict(path, source), source)
    return model


def _cause(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"it lacks the field {error.args[0]!r}" if error.args else "a field is missing"
    return str(error) or type(error).__name__
