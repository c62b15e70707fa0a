"""A deterministic stand-in for the segmenter, for exact pipeline tests and memory benchmarks.

Each pixel's class probabilities are a smooth function of its own RGB values alone. The test
rasters encode global position in their values, so the scores are a smooth function of position,
and any window layout must give exactly the unwindowed result.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class FakeClasses:
    num_classes: int


class PixelFunctionSegmenter:
    def __init__(self, window_size: int = 32) -> None:
        self.window_size = window_size
        self.calls: Counter = Counter()
        self.windows_seen = 0

    def encode_classes(self, classes) -> FakeClasses:
        self.calls["encode_classes"] += 1
        return FakeClasses(len(classes))

    def encode_windows(self, windows: np.ndarray, region_maps=None, cancelled=None) -> np.ndarray:
        self.calls["encode_windows"] += 1
        self.windows_seen += len(windows)
        assert windows.dtype == np.uint8 and windows.shape[1:] == (self.window_size, self.window_size, 3)
        return windows

    def classify(self, features: np.ndarray, classes: FakeClasses) -> np.ndarray:
        self.calls["classify"] += 1
        return probabilities(features, classes.num_classes)


def probabilities(rgb: np.ndarray, classes: int) -> np.ndarray:
    """[..., H, W, 3] uint8 → [..., C, H, W] float32 softmax of smooth functions of the values."""
    values = rgb.astype(np.float64) / 255.0
    r, g, b = values[..., 0], values[..., 1], values[..., 2]
    logits = np.stack([np.sin(3.1 * r + 1.7 * c) + np.cos(2.3 * g - 0.9 * c) + 0.7 * np.sin(4.0 * b + c)
                       for c in range(classes)], axis=-3)
    logits = 4.0 * (logits - logits.max(axis=-3, keepdims=True))
    exp = np.exp(logits)
    return (exp / exp.sum(axis=-3, keepdims=True)).astype(np.float32)


def position_image(height: int, width: int) -> np.ndarray:
    """(3, H, W) uint8 whose values are smooth functions of the pixel position."""
    rows, cols = np.mgrid[0:height, 0:width].astype(np.float64)
    bands = [127 + 120 * np.sin(cols / 23.0), 127 + 120 * np.cos(rows / 17.0),
             127 + 120 * np.sin((rows + cols) / 31.0)]
    return np.stack(bands).round().astype(np.uint8)


@dataclass(frozen=True)
class PixelFunctionFactory:
    """Builds a :class:`PixelFunctionSegmenter` on a cluster worker; ``seconds`` of sleep per batch
    make a run last long enough to lose a worker in the middle of it."""

    window_size: int = 32
    seconds: float = 0.0

    def __call__(self) -> PixelFunctionSegmenter:
        return SlowPixelFunctionSegmenter(self.window_size, self.seconds)


class SlowPixelFunctionSegmenter(PixelFunctionSegmenter):
    def __init__(self, window_size: int, seconds: float) -> None:
        super().__init__(window_size)
        self.seconds = seconds

    def classify(self, features, classes):
        time.sleep(self.seconds)
        return super().classify(features, classes)


@dataclass(frozen=True)
class DeviceStandIn:
    """The tags of a device choice, as a worker of some kind gives them."""

    precision: str

    def tags(self, with_sam: bool = True) -> dict[str, str]:
        return {"RESEG_DEVICE": "CPU: a stand-in", "RESEG_PRECISION": self.precision}


_BUILT_HERE: list[PixelFunctionSegmenter] = []  # the segmenters this worker process built


@dataclass(frozen=True)
class MixedWorkersFactory(PixelFunctionFactory):
    """As workers of two CPU kinds with 'auto' precision: the first segmenter a process builds says SAM's
    encoder ran in fp32, later ones bf16. With more tasks than workers, some panel disagrees."""

    def __call__(self) -> PixelFunctionSegmenter:
        segmenter = super().__call__()
        _BUILT_HERE.append(segmenter)
        encoder = "fp32" if len(_BUILT_HERE) == 1 else "bf16"
        segmenter.device = DeviceStandIn(f"SAM encoder {encoder}, mask decoder fp32 (asked: auto)")
        return segmenter
