"""ReSeg-CLIP on image windows, in two separate steps.

1. :meth:`Segmenter.encode_windows`: image features, which do not depend on the classes. SAM
   regions (one encoder pass per distinct image), then the CLIP vision encoder with attention
   confined to those regions in the ``sam`` blocks of the layer schedule.
2. :meth:`Segmenter.classify`: per-class probabilities at pixel resolution from those features and
   the encoded classes (:meth:`Segmenter.encode_classes`). A changed class list reuses the features.
"""

from __future__ import annotations

import contextlib
import functools
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from ..cancellation import Cancelled, checked_in
from ..class_prompts import ClassPrompt, parse_class_list
from ..hardware.devices import CLIP, DeviceChoice, choose_device
from .attention_masks import patch_labels
from .layer_schedule import LayerSchedule
from .masked_clip import MaskedVisionEncoder
from .prompt_templates import templates
from .sam_regions import SamRegionGenerator
from .scoring import class_probabilities, region_vote, synonym_similarity
from .segmenter_config import SegmenterConfig
from .text_embedding_store import TextEmbeddingStore
from .text_embeddings import ClassEmbeddings, TextEmbedder

MAX_WINDOW_BATCH = 128
FREE_MEMORY_SHARE = 0.5  # of a GPU's free memory, for a batch of windows


@dataclass
class ImageFeatures:
    """What the image step leaves for classification, for a batch of windows."""

    patches: torch.Tensor  # [B, rows, cols, D], unit vectors
    cls: torch.Tensor  # [B, D], unit vectors
    size: tuple[int, int]  # window height and width in pixels
    vote_regions: torch.Tensor | None = None  # [B, H, W] finest SAM label maps, for the region vote

    def __len__(self) -> int:
        return self.patches.shape[0]

    @property
    def nbytes(self) -> int:
        tensors = sum(t.numel() * t.element_size() for t in (self.patches, self.cls))
        regions = self.vote_regions
        return tensors + (regions.numel() * regions.element_size() if regions is not None else 0)

    def compact(self) -> ImageFeatures:
        """A copy for keeping: on the CPU, in half precision (unit vectors lose nothing that matters)."""
        regions = self.vote_regions.to("cpu") if self.vote_regions is not None else None
        return ImageFeatures(self.patches.to("cpu", torch.float16), self.cls.to("cpu", torch.float16),
                             self.size, regions)


def _serialised(method):
    """One call at a time per segmenter: SAM's predictor and the text cache hold state, and QGIS may
    run two tasks with the same settings at once."""

    @functools.wraps(method)
    def locked(self, *args, **kwargs):
        with self._lock:
            return method(self, *args, **kwargs)

    return locked


class Segmenter:
    def __init__(self, clip_model: torch.nn.Module, tokenizer, sam_model: torch.nn.Module | None = None,
                 config: SegmenterConfig | None = None, device: DeviceChoice | None = None,
                 model_names: tuple[str, ...] = (), text_store: TextEmbeddingStore | None = None) -> None:
        """``text_store``: the class names' embeddings kept on disk for this CLIP, templates and device."""
        self.config = config = config or SegmenterConfig()
        self.model_names = model_names  # registry names, for provenance
        self._lock = threading.RLock()
        self.device = device or choose_device()
        if config.sam is not None and sam_model is None:
            raise ValueError("SAM regions are configured but no SAM model was given.")
        self.clip = clip_model.to(self.device.device).eval()
        levels = len(config.sam.levels) if config.sam is not None else 0
        depth = len(self.clip.visual.transformer.resblocks)
        schedule = (LayerSchedule.parse(config.schedule) if config.schedule
                    else LayerSchedule.default(depth, levels, config.segearth_last_block))
        schedule.check(depth, levels)
        self.encoder = MaskedVisionEncoder(self.clip.visual, schedule)
        self.window_size = config.window_size or self.encoder.native_size
        self.encoder.grid(self.window_size, self.window_size)
        self.regions = None
        if config.sam is not None:
            sam_model = sam_model.to(self.device.device).eval()
            self.regions = SamRegionGenerator(sam_model, config.sam, self.device)
        self.text = TextEmbedder(self.clip, tokenizer, templates(config.templates), self.device,
                                 store=text_store)
        self.logit_scale = config.logit_scale or float(self.clip.logit_scale.detach().exp())
        self.seconds: dict[str, float] = defaultdict(float)

    @property
    def schedule(self) -> LayerSchedule:
        return self.encoder.schedule

    @property
    def sam_context(self) -> int | None:
        """Pixels of the image SAM sees: a context whose regions serve the windows inside it, or the
        window itself (the reference behaviour); None without SAM."""
        if self.regions is None:
            return None
        return self.config.sam_context or self.window_size

    def window_batch_size(self, requested: int, classes: int) -> int:
        """CLIP windows per batch: ``requested``, or on a GPU as many as half its free memory holds
        (at most MAX_WINDOW_BATCH)."""
        if self.device.device.type != "cuda":
            return requested
        free, _ = torch.cuda.mem_get_info(self.device.device)
        fits = int(free * FREE_MEMORY_SHARE // self._window_bytes(classes))
        return max(requested, min(MAX_WINDOW_BATCH, fits))

    def _window_bytes(self, classes: int) -> int:
        """About the device memory one window needs at once: a block's activations and attention, and the
        class probabilities with their blend."""
        visual = self.clip.visual
        tokens = (self.window_size // self.encoder.patch_size) ** 2 + 1
        heads = visual.transformer.resblocks[0].attn.num_heads
        activations = 4 * tokens * (16 * visual.transformer.width + 4 * heads * tokens)
        return activations + 4 * 4 * (classes + 1) * self.window_size ** 2

    def memory_peak_mib(self) -> float | None:
        """The most device memory allocated since the segmenter was made, on a GPU; None elsewhere."""
        if self.device.device.type != "cuda":
            return None
        return torch.cuda.max_memory_allocated(self.device.device) / 2 ** 20

    @contextlib.contextmanager
    def _timed(self, stage: str):
        started = time.perf_counter()
        try:
            yield
        finally:
            self.device.stage_done()
            self.seconds[stage] += time.perf_counter() - started

    @_serialised
    def sam_regions(self, image: np.ndarray, window_side: int | None = None,
                    cancelled: Cancelled | None = None,
                    progress: Callable[[float], None] | None = None) -> torch.Tensor:
        """int32 [levels, H, W] SAM label maps, on the device, of an RGB uint8 image: a window, or a
        larger SAM context (then ``window_side`` is the CLIP window, so point density per area stays
        the same).
        ``progress`` gets the share of the image's SAM work done."""
        if self.regions is None:
            raise ValueError("This segmenter runs without SAM.")
        return self.regions.label_maps(image, window_side, cancelled, progress)

    def sam_batch_size(self) -> int:
        """SAM contexts encoded at once (one on a CPU)."""
        return self.regions.batch_size() if self.regions is not None else 1

    @_serialised
    def encode_sam_contexts(self, images: Sequence[np.ndarray], cancelled: Cancelled | None = None) -> None:
        """Encode SAM contexts of one size in batches, ahead of :meth:`sam_regions` of each."""
        if self.regions is not None:
            self.regions.encode_ahead(images, cancelled)

    def _region_labels(self, region_maps: torch.Tensor) -> torch.Tensor:
        """[B, levels, H, W] label maps → [B, levels, N] patch ids."""
        return patch_labels(region_maps, self.encoder.patch_size).flatten(-2)

    @_serialised
    @torch.no_grad()
    def encode_windows(self, windows: np.ndarray, region_maps: torch.Tensor | np.ndarray | None = None,
                       cancelled: Cancelled | None = None) -> ImageFeatures:
        """Image features of RGB uint8 windows [B, H, W, 3].

        ``region_maps`` [B, levels, H, W] gives SAM label maps cut from a larger SAM context;
        without it, SAM runs on each window itself (the reference behaviour). ``cancelled`` is
        polled between SAM runs and raises :class:`RunCancelled`.
        """
        windows = np.asarray(windows)
        if windows.ndim != 4 or windows.shape[-1] != 3 or windows.dtype != np.uint8:
            raise ValueError("Windows must be RGB uint8 arrays of shape [B, H, W, 3].")
        size = windows.shape[1:3]
        self.encoder.grid(*size)
        if self.regions is not None and region_maps is None:
            region_maps = torch.stack([self.sam_regions(window, cancelled=cancelled) for window in windows])
        if region_maps is not None:
            region_maps = torch.as_tensor(region_maps, device=self.device.device)
        labels = None
        if region_maps is not None and self.schedule.sam_blocks:
            labels = self._region_labels(region_maps)
        patches, cls = [], []
        batch = max(self.config.batch_size, len(windows) if self.device.device.type == "cuda" else 0)
        with self._timed("clip_encoder"), checked_in(self.encoder.block_starts, cancelled):
            for start in range(0, len(windows), batch):
                stop = start + batch
                pixels = self.encoder.pixels(windows[start:stop])
                with self.device.autocast(CLIP):
                    window_cls, window_patches = self.encoder.features(
                        pixels, None if labels is None else labels[start:stop])
                cls.append(F.normalize(window_cls.float(), dim=-1))
                patches.append(F.normalize(window_patches.float(), dim=-1))
        vote = region_maps[:, 0] if self.config.region_vote and region_maps is not None else None
        return ImageFeatures(torch.cat(patches), torch.cat(cls), (int(size[0]), int(size[1])), vote)

    @_serialised
    def encode_classes(self, classes: str | Sequence[ClassPrompt]) -> ClassEmbeddings:
        """Text embeddings of a class list (text or parsed); each synonym is embedded once."""
        if isinstance(classes, str):
            classes = parse_class_list(classes)
        with self._timed("text_encoder"):
            return self.text.encode_classes(classes)

    @_serialised
    @torch.no_grad()
    def classify(self, features: ImageFeatures, classes: ClassEmbeddings) -> torch.Tensor:
        """float32 [B, C, H, W] class probabilities, on the device; the features are not recomputed."""
        device = self.device.device
        result = torch.empty((len(features), classes.num_classes, *features.size), dtype=torch.float32,
                             device=device)
        with self._timed("similarity"):
            for index in range(len(features)):
                probabilities = class_probabilities(
                    features.patches[index].to(device, torch.float32),
                    features.cls[index].to(device, torch.float32), classes, features.size,
                    self.logit_scale, self.config.cls_bias)
                if features.vote_regions is not None:
                    probabilities = region_vote(probabilities, features.vote_regions[index].to(device))
                result[index] = probabilities
        return result

    @_serialised
    @torch.no_grad()
    def similarities(self, features: ImageFeatures, classes: ClassEmbeddings) -> np.ndarray:
        """float32 [B, S, H, W] similarity of each pixel with each synonym, before the softmax: for
        protocols that blend windows' logits (SegEarth-OV's)."""
        result = np.empty((len(features), len(classes.synonym_class), *features.size), dtype=np.float32)
        device = self.device.device
        with self._timed("similarity"):
            for index in range(len(features)):
                result[index] = synonym_similarity(
                    features.patches[index].to(device, torch.float32),
                    features.cls[index].to(device, torch.float32), classes, features.size,
                    self.config.cls_bias).cpu().numpy()
        return result

    def segment(self, windows: np.ndarray, classes: str | Sequence[ClassPrompt]) -> torch.Tensor:
        """Both steps at once: [B, C, H, W] probabilities for uint8 windows [B, H, W, 3]."""
        return self.classify(self.encode_windows(windows), self.encode_classes(classes))

    def stage_seconds(self) -> dict[str, float]:
        """Seconds spent per stage since creation: SAM encoder, mask generation, CLIP, text, scores."""
        stages = dict(self.seconds)
        if self.regions is not None:
            stages["sam_encoder"] = self.regions.stats.encoder_seconds
            stages["mask_generation"] = self.regions.stats.generation_seconds
        return stages
