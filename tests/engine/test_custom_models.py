"""Checkpoints of the user's own, registered from a file: checked, cached, listed, loaded, removed."""

from __future__ import annotations

import json
import zipfile

import pytest
import torch

from reseg_qgis.engine import cli
from reseg_qgis.engine.translatable import ResegError
from reseg_qgis.engine.weights import messages
from reseg_qgis.engine.weights.checkpoints import CheckpointError
from reseg_qgis.engine.weights.loading import ModelPool
from reseg_qgis.engine.weights.store import ModelStore
from tests.engine.test_cli_models import needs_unix, never_blocks, special_file
from tests.helpers import models
from tests.helpers.marked_texts import marked_texts


@pytest.fixture
def checkpoint(tmp_path):
    clip = models.build_clip(seed=7)
    return clip, models.save_training_checkpoint(clip, tmp_path / "finetuned.pt")


def test_a_custom_clip_is_checked_cached_and_loaded(tmp_path, checkpoint):
    clip, path = checkpoint
    store = ModelStore(tmp_path / "cache")
    spec = store.add_custom("my-clip", "clip", models.TINY_CLIP_CONFIG, path, title="My CLIP")
    assert spec.filename == "custom-my-clip.pt" and store.is_installed("my-clip")
    assert store.manifest()["my-clip"]["pinned"] is True
    reopened = ModelStore(tmp_path / "cache")
    assert reopened.registry["my-clip"].title == "My CLIP"
    loaded = ModelPool(reopened).clip("my-clip", torch.device("cpu"))
    assert torch.equal(loaded.model.visual.proj, clip.visual.proj)
    path.unlink()  # the cache holds its own copy
    assert ModelPool(ModelStore(tmp_path / "cache")).clip("my-clip", torch.device("cpu"))
    reopened.remove_custom("my-clip")
    assert "my-clip" not in ModelStore(tmp_path / "cache").registry
    assert not (tmp_path / "cache" / "custom-my-clip.pt").exists()


def test_a_checkpoint_of_another_architecture_is_refused(tmp_path, checkpoint):
    _, path = checkpoint
    store = ModelStore(tmp_path / "cache")
    with pytest.raises(CheckpointError, match="missing keys"):
        store.add_custom("wrong", "clip", models.clip_config(layers=24), path)
    assert "wrong" not in ModelStore(tmp_path / "cache").registry


@pytest.mark.parametrize("name,message", [("openai-vit-b-16", "published model"), ("My Model", "lower-case")])
def test_bad_names_are_refused(tmp_path, checkpoint, name, message):
    with pytest.raises(ResegError, match=message):
        ModelStore(tmp_path / "cache").add_custom(name, "clip", models.TINY_CLIP_CONFIG, checkpoint[1])


def test_cli_add_and_remove(tmp_path, checkpoint, capsys):
    config = tmp_path / "tiny.json"
    config.write_text(json.dumps(models.TINY_CLIP_CONFIG))
    cache = str(tmp_path / "cache")
    assert cli.main(["models", "--cache-dir", cache, "add", "mine", "--kind", "clip",
                     "--architecture", str(config), "--file", str(checkpoint[1])]) == 0
    assert "mine: " in capsys.readouterr().out
    assert cli.main(["models", "--cache-dir", cache, "list"]) == 0
    assert "mine" in capsys.readouterr().out
    assert cli.main(["models", "--cache-dir", cache, "remove", "mine"]) == 0
    assert cli.main(["models", "--cache-dir", cache, "remove", "mine"]) == 2


# Bad input to ``models add``: each gives a ResegError naming the argument and what to give.

ARGUMENTS = {"name": "mine", "kind": "clip", "architecture": models.TINY_CLIP_CONFIG}
SAM_DICT = {**models.TINY_SAM.as_dict(), "encoder_global_attn_indexes": [1]}


@pytest.mark.parametrize("changed,words", [
    ({"name": 5}, "The name of a model to add must be text; 5 was given."),
    ({"name": None}, "The name of a model to add must be text; None was given."),
    ({"title": 7}, "The title of a model to add must be text; 7 was given."),
    ({"licence": None}, "The licence of a model to add must be text; None was given."),
    ({"initialisation": ["openai"]}, "The initialisation of a model to add must be text; ['openai'] was "
                                     "given."),
    ({"kind": 3}, "The kind must be clip or sam."),
    ({"kind": ["clip"]}, "The kind must be clip or sam."),
    ({"source": None}, "Give the checkpoint file of the model to add (its path, as text); None was given."),
    ({"source": 12}, "Give the checkpoint file of the model to add (its path, as text); 12 was given."),
    ({"source": ""}, "Give the checkpoint file of the model to add (its path, as text); '' was given."),
    ({"architecture": ["ViT-B-16"]}, "The architecture must be a name (e.g. ViT-B-16-quickgelu for CLIP, "
                                     "vit_b for SAM), a .json file holding a model config, or that config as "
                                     "an object; ['ViT-B-16'] was given."),
    ({"architecture": None}, "or that config as an object; None was given."),
    ({"architecture": 16}, "or that config as an object; 16 was given."),
    ({"architecture": "ViT-Nope"}, "'ViT-Nope' is not a CLIP architecture ReSeg can use; choose one of "
                                   "ViT-B-16, "),
    ({"architecture": "RN50"}, "'RN50' is not a CLIP architecture ReSeg can use"),
    ({"kind": "sam", "architecture": "vit_x"}, "'vit_x' is not a SAM architecture ReSeg can use; choose one "
                                               "of vit_b, vit_l, vit_h"),
    ({"architecture": {"embed_dim": 32}}, "ReSeg cannot use the CLIP architecture {'embed_dim': 32}: its "
                                          "vision_cfg must be an object"),
    ({"architecture": models.clip_config(layers=[1, 1, 1, 1])}, "its image tower is a ResNet, and ReSeg "
                                                                "needs a ViT"),
    ({"architecture": models.clip_config(width="wide")}, "ReSeg cannot use the CLIP architecture"),
    ({"architecture": {**models.TINY_CLIP_CONFIG, "colour": 1}}, "unexpected keyword argument 'colour'"),
    ({"kind": "sam", "architecture": {"encoder_depth": 2}}, "ReSeg cannot use the SAM architecture "
                                                            "{'encoder_depth': 2}: it lacks the field"),
    ({"kind": "sam", "architecture": {**SAM_DICT, "encoder_depth": "two"}}, "ReSeg cannot use the SAM "
                                                                            "architecture"),
])
def test_wrong_arguments_to_add_custom_are_named(tmp_path, checkpoint, changed, words):
    arguments = {**ARGUMENTS, "source": checkpoint[1], **changed}
    store = ModelStore(tmp_path / "cache")
    with pytest.raises(ResegError) as raised:
        store.add_custom(**arguments)
    assert words in str(raised.value)
    assert raised.value.template in marked_texts()  # translatable
    assert not (tmp_path / "cache" / "custom_models.json").exists()


@pytest.mark.parametrize("text,cause", [
    ("[1, 2]", "it holds a list, not an object"),
    ('"ViT-B-16"', "it holds a text, not an object"),
    ("{not json", "it is not valid JSON (Expecting property name"),
    (None, "it does not exist"),
    ("folder", "it is a folder"),
    (b"\xff\xfe{}", "it is not UTF-8 text"),
])
def test_an_architecture_file_that_holds_no_config_is_named(tmp_path, checkpoint, text, cause):
    path = tmp_path / "arch.json"
    if text == "folder":
        path.mkdir()
    elif isinstance(text, bytes):
        path.write_bytes(text)
    elif text is not None:
        path.write_text(text)
    for architecture in (str(path), path):  # as the command line and the worker give it, and a Path
        with pytest.raises(ResegError) as raised:
            ModelStore(tmp_path / "cache").add_custom("mine", "clip", architecture, checkpoint[1])
        assert str(raised.value).startswith(f"The architecture file {path} cannot be used: {cause}")
        assert raised.value.template == messages.ARCHITECTURE_FILE


@pytest.mark.parametrize("kind", ["pipe", "socket", "device"])
@needs_unix
def test_adding_what_is_no_regular_file_is_refused_without_opening_it(tmp_path, kind):
    with special_file(kind, tmp_path) as path, never_blocks(), pytest.raises(ResegError) as raised:
        ModelStore(tmp_path / "cache").add_custom("mine", "clip", models.TINY_CLIP_CONFIG, path)
    assert str(raised.value) == f"{path} is not a regular file (a device, pipe or socket?); give the " \
                                "checkpoint file itself."


def test_a_folder_empty_or_unreadable_file_is_named_as_such(tmp_path, checkpoint, monkeypatch):
    store = ModelStore(tmp_path / "cache")
    with pytest.raises(ResegError, match="is a folder; give the checkpoint file itself") as raised:
        store.add_custom("mine", "clip", models.TINY_CLIP_CONFIG, tmp_path)
    assert "does not exist" not in str(raised.value) and raised.value.template == messages.FILE_IS_FOLDER
    for empty in ("empty.pt", "empty.safetensors"):
        (tmp_path / empty).touch()
        with pytest.raises(ResegError, match=r"empty\.\w+ is empty \(0 bytes\): an interrupted copy\?"):
            store.add_custom("mine", "clip", models.TINY_CLIP_CONFIG, tmp_path / empty)
    with pytest.raises(ResegError, match="gone.pt does not exist"):
        store.add_custom("mine", "clip", models.TINY_CLIP_CONFIG, tmp_path / "gone.pt")

    def refused(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("reseg_qgis.engine.weights.store.open", refused, raising=False)
    with pytest.raises(ResegError) as raised:
        store.add_custom("mine", "clip", models.TINY_CLIP_CONFIG, checkpoint[1])
    assert str(raised.value) == (f"Cannot read {checkpoint[1]}: Permission denied. Check that you may read "
                                 "it, or copy it to where you may.")


@pytest.mark.parametrize("contents,words", [
    (b"hello, this is a text file", "is not a torch checkpoint or a safetensors file (it starts with 'hello, "
                                    "this is a text fi'); give the checkpoint file itself"),
    (json.dumps(models.TINY_CLIP_CONFIG).encode(), "is not a torch checkpoint or a safetensors file"),
    ("zip", "is a zip archive, not a torch checkpoint (it holds notes.txt, weights/readme.md); unpack it"),
    (b"<html>login</html>", "(an HTML page, or an interrupted copy?)"),
    (b"\x80\x02}q", "is not a readable torch checkpoint (truncated or corrupt?)"),
])
def test_a_file_that_is_no_checkpoint_says_what_it_is(tmp_path, contents, words):
    path = tmp_path / "file.pt"
    if contents == "zip":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("notes.txt", "hi")
            archive.writestr("weights/readme.md", "hi")
    else:
        path.write_bytes(contents)
    with pytest.raises(CheckpointError) as raised:
        ModelStore(tmp_path / "cache").add_custom("mine", "clip", models.TINY_CLIP_CONFIG, path)
    assert words in str(raised.value) and raised.value.template in marked_texts()


@pytest.mark.parametrize("arguments,words", [
    (["--file", "FOLDER"], "is a folder; give the checkpoint file itself"),
    (["--file", "FOLDER/gone.pt"], "gone.pt does not exist"),
    (["--file", "FOLDER/empty.pt"], "empty.pt is empty (0 bytes)"),
    (["--architecture", "FOLDER/list.json"], "list.json cannot be used: it holds a list, not an object"),
    (["--architecture", "FOLDER/broken.json"], "broken.json cannot be used: it is not valid JSON"),
    (["--architecture", "FOLDER/gone.json"], "gone.json cannot be used: it does not exist"),
    (["--architecture", "ViT-Nope"], "'ViT-Nope' is not a CLIP architecture ReSeg can use"),
    (["--kind", "sam", "--architecture", "ViT-B-16"], "'ViT-B-16' is not a SAM architecture ReSeg can use"),
])
def test_cli_add_names_what_is_wrong(tmp_path, checkpoint, capsys, arguments, words):
    (tmp_path / "list.json").write_text("[]")
    (tmp_path / "broken.json").write_text("{")
    (tmp_path / "empty.pt").touch()
    config = tmp_path / "tiny.json"
    config.write_text(json.dumps(models.TINY_CLIP_CONFIG))
    given = {"--kind": "clip", "--architecture": str(config), "--file": str(checkpoint[1])}
    given.update({option: value.replace("FOLDER", str(tmp_path))
                  for option, value in zip(arguments[::2], arguments[1::2])})
    code = cli.main(["models", "--cache-dir", str(tmp_path / "cache"), "add", "mine",
                     *[part for pair in given.items() for part in pair]])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert captured.err.startswith("error: ") and words in captured.err
    assert "does not exist" not in captured.err or "does not exist" in words


@needs_unix
def test_cli_add_of_a_pipe_does_not_block(tmp_path, capsys):
    with special_file("pipe", tmp_path) as path, never_blocks():
        code = cli.main(["models", "--cache-dir", str(tmp_path / "cache"), "add", "mine", "--kind", "clip",
                         "--architecture", "ViT-B-16", "--file", path])
    assert code == 2 and "is not a regular file" in capsys.readouterr().err
