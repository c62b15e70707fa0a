"""Safe reading of the published formats, refusal of code, strict keys."""

from __future__ import annotations

import pickle

import pytest
import torch

from reseg_qgis.engine.weights.checkpoints import CheckpointError, load_strictly, read_state_dict
from tests.helpers import models


@pytest.fixture(scope="module")
def clip():
    return models.build_clip()


@pytest.mark.parametrize("save,name", [(models.save_state_dict, "RemoteCLIP-ViT-B-32.pt"),
                                       (models.save_training_checkpoint, "epoch_20.pt"),
                                       (models.save_safetensors, "open_clip_model.safetensors")])
def test_published_clip_formats_load(clip, tmp_path, save, name):
    state = read_state_dict(save(clip, tmp_path / name))
    fresh = models.build_clip(seed=5)
    load_strictly(fresh, state, name)
    for key, value in clip.state_dict().items():
        assert torch.equal(fresh.state_dict()[key], value), key


def test_sam_pth_loads(tmp_path):
    sam = models.build_sam()
    fresh = models.build_sam(seed=3)
    load_strictly(fresh, read_state_dict(models.save_state_dict(sam, tmp_path / "sam.pth")), "sam.pth")
    assert torch.equal(fresh.image_encoder.pos_embed, sam.image_encoder.pos_embed)


class Payload:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def test_a_pickle_carrying_code_is_refused_and_not_run(tmp_path):
    marker = tmp_path / "payload-ran"
    path = tmp_path / "evil.pt"
    torch.save({"visual.proj": torch.zeros(2), "hook": Payload(marker)}, path)
    with pytest.raises(CheckpointError, match="refused: it holds Python objects or code"):
        read_state_dict(path)
    assert not marker.exists()
    # Plain pickle would have run it: the file is a real payload.
    with pytest.raises(pickle.UnpicklingError):
        torch.load(path, weights_only=True)


@pytest.mark.filterwarnings("ignore:`torch.jit.script` is deprecated")
def test_torchscript_archives_are_refused(tmp_path):
    path = tmp_path / "ViT-B-16.pt"
    torch.jit.script(torch.nn.Linear(2, 2)).save(str(path))
    with pytest.raises(CheckpointError, match="TorchScript"):
        read_state_dict(path)


@pytest.mark.parametrize("content,message", [({"epoch": 3, "lr": 0.1}, "neither a state_dict"),
                                             ([torch.zeros(1)], "neither a state_dict"),
                                             ({}, "neither a state_dict")])
def test_other_layouts_are_refused(tmp_path, content, message):
    torch.save(content, tmp_path / "x.pt")
    with pytest.raises(CheckpointError, match=message):
        read_state_dict(tmp_path / "x.pt")


def test_truncated_files_are_refused(clip, tmp_path):
    path = models.save_state_dict(clip, tmp_path / "clip.pt")
    path.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(CheckpointError, match="not a readable"):
        read_state_dict(path)


def test_strict_errors_name_the_keys(clip):
    state = dict(clip.state_dict())
    del state["visual.proj"]
    state["visual.extra_head"] = torch.zeros(3)
    state["logit_scale"] = torch.zeros(2)
    with pytest.raises(CheckpointError) as caught:
        load_strictly(models.build_clip(), state, "RS5M_ViT-B-32.pt")
    message = str(caught.value)
    assert "RS5M_ViT-B-32.pt does not fit" in message
    assert "missing keys (1): visual.proj" in message
    assert "unexpected keys (1): visual.extra_head" in message
    assert "logit_scale (2,) vs ()" in message
