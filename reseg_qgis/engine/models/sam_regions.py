"""SAM regions at several granularities, with one SAM image-encoder pass per distinct image.

Each level runs segment_anything's automatic mask generator with its own point grid and
thresholds. They all share one :class:`SharedEmbeddingPredictor`, which encodes each distinct image
(the window, and each crop when crop layers are on) once and serves that embedding to every level.
ReSeg-CLIP's reference code re-encodes for every level, up to 20 passes per tile instead of 5.
"""

from __future__ import annotations

import copy
import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import torch
from scipy import ndimage

from ..cancellation import Cancelled, checked_in, stop_if_cancelled
from ..hardware.devices import SAM_ENCODER, DeviceChoice
from .attention_masks import paint_label_map
from .mask_generation import WholeImageMaskGenerator
from .mask_runs import cleaned_runs
from .ml_libraries import segment_anything, torchvision
from .segmenter_config import SamLevel, SamSettings
from .torchvision_ops import batched_nms

_amg = segment_anything.utils.amg

MAX_POINTS_PER_SIDE = 32
MAX_IMAGE_BATCH = 8  # SAM contexts encoded at once on a GPU
FREE_MEMORY_SHARE = 0.5  # of a GPU's free memory, for a batch of SAM contexts
ENCODER_SHARE = 0.5  # of an image's SAM time, for progress: about what the encoder passes take on a CPU


@dataclass
class SamStats:
    encoder_passes: int = 0  # images encoded
    encoder_batches: int = 0  # encoder passes (each over one image or a batch of them)
    encoder_seconds: float = 0.0
    generation_seconds: float = 0.0  # mask generation and post-processing, encoder excluded
    images: int = 0
    masks: int = 0  # regions found, all levels together


class _MaskGenerator(segment_anything.SamAutomaticMaskGenerator):
    """segment_anything's generator with the box NMS of :func:`batched_nms`: torchvision's, which
    segment_anything calls, refuses to run where torchvision's compiled ops do not load. Its masks are
    binary; their small regions are left to :func:`remove_small_regions` (the generator's own clean-up
    needs OpenCV, and calls torchvision's NMS too).

    A crop that keeps no mask records its crop boxes with shape (0, 4), as a crop with masks does, so
    that the crops of a uniform window, say, merge.
    """

    def __init__(self, sam_model: torch.nn.Module, **settings) -> None:
        super().__init__(sam_model, min_mask_region_area=0, output_mode="binary_mask", **settings)

    def masks(self, image: np.ndarray) -> list[np.ndarray]:
        """Boolean masks [H, W], as WholeImageMaskGenerator.masks gives them."""
        return [record["segmentation"] for record in self.generate(image)]

    def _generate_masks(self, image: np.ndarray) -> _amg.MaskData:
        """Each crop's masks; where crops overlap, of the masks that match, the smaller crop's."""
        size = image.shape[:2]
        crop_boxes, layers = _amg.generate_crop_boxes(size, self.crop_n_layers, self.crop_overlap_ratio)
        data = _amg.MaskData()
        for crop_box, layer in zip(crop_boxes, layers):
            data.cat(self._process_crop(image, crop_box, layer, size))
        if len(crop_boxes) > 1:
            smaller_first = (1 / torchvision.ops.box_area(data["crop_boxes"])).to(data["boxes"].device)
            data.filter(batched_nms(data["boxes"].float(), smaller_first, torch.zeros(len(data["boxes"])),
                                    self.crop_nms_thresh))
        data.to_numpy()
        return data

    def _process_crop(self, image: np.ndarray, crop_box: list[int], crop_layer_idx: int,
                      orig_size: tuple[int, ...]) -> _amg.MaskData:
        """A crop's masks, decoded in batches of points, without duplicates, in the image's frame."""
        left, top, right, bottom = crop_box
        crop = image[top:bottom, left:right]
        self.predictor.set_image(crop)
        points = self.point_grids[crop_layer_idx] * np.array(crop.shape[:2])[None, ::-1]
        data = _amg.MaskData()
        for (batch,) in _amg.batch_iterator(self.points_per_batch, points):
            data.cat(self._process_batch(batch, crop.shape[:2], crop_box, orig_size))
        self.predictor.reset_image()
        data.filter(batched_nms(data["boxes"].float(), data["iou_preds"], torch.zeros(len(data["boxes"])),
                                self.box_nms_thresh))
        data["boxes"] = _amg.uncrop_boxes_xyxy(data["boxes"], crop_box)
        data["points"] = _amg.uncrop_points(data["points"], crop_box)
        data["crop_boxes"] = torch.tensor([crop_box]).repeat(len(data["rles"]), 1)
        return data


class SharedEmbeddingPredictor(segment_anything.SamPredictor):
    """A SamPredictor that encodes each distinct image once, until :meth:`forget_images`; with the
    device choice's ``sam_encoder_dtype`` (bf16 on a CPU that has it), through a copy of the image
    encoder in that type (the model itself, shared, stays as it is)."""

    def __init__(self, sam_model: torch.nn.Module, device: DeviceChoice, stats: SamStats) -> None:
        super().__init__(sam_model)
        self.device_choice = device
        self.stats = stats
        self._embeddings: dict[tuple, tuple] = {}
        self.encoded: Callable[[], None] | None = None  # told after each new encoder pass
        self._encoder_copy: torch.nn.Module | None = None

    def image_encoder(self) -> torch.nn.Module:
        """The image encoder that runs: the model's, or its copy in the device choice's type."""
        dtype = self.device_choice.sam_encoder_dtype
        if dtype is None:
            return self.model.image_encoder
        if self._encoder_copy is None:
            self._encoder_copy = copy.deepcopy(self.model.image_encoder).to(dtype)
        return self._encoder_copy

    @staticmethod
    def _key(image: np.ndarray) -> tuple:
        data = np.ascontiguousarray(image)
        return data.shape, hashlib.blake2b(data.data, digest_size=16).digest()

    def set_image(self, image: np.ndarray, image_format: str = "RGB") -> None:
        """segment_anything's, from the embedding kept for this image, encoding it first if need be."""
        if image_format != self.model.image_format:
            image = image[..., ::-1]
        key = self._key(image)
        if key not in self._embeddings:
            self.encode_batch([image])
            if self.encoded:
                self.encoded()
        self.reset_image()
        self.features, self.original_size, self.input_size = self._embeddings[key]
        self.is_image_set = True

    @torch.no_grad()
    def encode_batch(self, images: Sequence[np.ndarray]) -> None:
        """Encode RGB images of one size in one encoder pass, through the encoder in the device
        choice's type; :meth:`set_image` of each then finds its embedding. Images already encoded are
        left out."""
        keys = [self._key(image) for image in images]
        todo = [(key, image) for key, image in zip(keys, images) if key not in self._embeddings]
        if not todo:
            return
        started = time.perf_counter()
        dtype = self.device_choice.sam_encoder_dtype
        inputs = [torch.as_tensor(self.transform.apply_image(image), device=self.device).permute(2, 0, 1)
                  for _, image in todo]
        batch = self.model.preprocess(torch.stack(inputs))
        with self.device_choice.autocast(SAM_ENCODER):
            features = self.image_encoder()(batch if dtype is None else batch.to(dtype)).float()
        self.device_choice.stage_done()
        self.stats.encoder_seconds += time.perf_counter() - started
        self.stats.encoder_passes += len(todo)
        self.stats.encoder_batches += 1
        for index, (key, image) in enumerate(todo):
            size = tuple(inputs[index].shape[-2:])
            self._embeddings[key] = (features[index:index + 1], image.shape[:2], size)

    def forget_images(self, keep: set[tuple] = frozenset()) -> None:
        """Drop the embeddings, but those whose keys are in ``keep`` (images encoded ahead in a batch)."""
        self._embeddings = {key: value for key, value in self._embeddings.items() if key in keep}
        self.reset_image()


def _without_small_components(mask: np.ndarray, min_area: int, holes: bool) -> tuple[np.ndarray, bool]:
    """SAM's clean-up rule: fill holes, or drop islands, smaller than ``min_area`` (8-connected).

    Returns the mask and whether it changed. If every island is small, the largest is kept. Worked
    out on the mask's box and a margin of one pixel when that lies inside the image (the background
    around it is then one component with the ring), else on the whole image; the same result.
    """
    box = _inner_box(mask)
    if box is None:
        return _cleaned(mask, min_area, holes, 0)
    part, changed = _cleaned(mask[box], min_area, holes, mask.size - mask[box].size if holes else 0)
    if not changed:
        return mask, False
    if part is None:  # the background around the mask is itself small: it is filled too
        return _cleaned(mask, min_area, holes, 0)
    result = mask.copy()
    result[box] = part
    return result, True


def _inner_box(mask: np.ndarray) -> tuple[slice, slice] | None:
    """The mask's box grown by one pixel, when that stays inside the image and is smaller than it."""
    rows, columns = np.flatnonzero(mask.any(axis=1)), np.flatnonzero(mask.any(axis=0))
    if rows.size == 0:
        return None
    top, bottom, left, right = rows[0] - 1, rows[-1] + 2, columns[0] - 1, columns[-1] + 2
    if top < 0 or left < 0 or bottom > mask.shape[0] or right > mask.shape[1]:
        return None
    return slice(top, bottom), slice(left, right)


def _cleaned(mask: np.ndarray, min_area: int, holes: bool, outside: int) -> tuple[np.ndarray | None, bool]:
    """The rule on ``mask``; for holes, the background around it has ``outside`` more pixels beyond its
    border (0: the mask is the image). None, changed: that background would be filled."""
    components, count = ndimage.label(~mask if holes else mask, structure=np.ones((3, 3), dtype=bool))
    if count == 0:
        return mask, False
    sizes = np.bincount(components.ravel(), minlength=count + 1)[1:]
    if outside:  # holes only: a corner pixel of the ring is the surrounding background
        sizes[components[0, 0] - 1] += outside
    small = np.flatnonzero(sizes < min_area) + 1
    if small.size == 0:
        return mask, False
    if holes:
        if outside and components[0, 0] in small:
            return None, True
        return mask | np.isin(components, small), True
    keep = np.setdiff1d(np.arange(1, count + 1), small)
    if keep.size == 0:
        keep = np.array([int(np.argmax(sizes)) + 1])
    return np.isin(components, keep), True


def remove_small_regions(masks: Sequence[np.ndarray], min_area: int, nms_thresh: float) -> list[np.ndarray]:
    """segment_anything's post-processing, without OpenCV, on the host, one mask at a time: clean each
    mask, then drop duplicates. The ``segment-anything`` mask generation's (the code as it ran in
    November 2026); :func:`cleaned_label_maps` gives the same masks.

    Unchanged masks win the box NMS over changed ones; the survivors come in NMS order.
    """
    if not masks or min_area <= 0:
        return list(masks)
    cleaned, scores = [], []
    for mask in masks:
        mask, filled = _without_small_components(mask, min_area, holes=True)
        mask, trimmed = _without_small_components(mask, min_area, holes=False)
        cleaned.append(mask)
        scores.append(0.0 if filled or trimmed else 1.0)
    boxes = _amg.batched_mask_to_box(torch.as_tensor(np.stack(cleaned)))
    keep = batched_nms(boxes.float(), torch.tensor(scores), torch.zeros(len(boxes)), nms_thresh)
    return [cleaned[i] for i in keep.tolist()]


def cleaned_label_maps(masks: torch.Tensor, min_area: torch.Tensor, nms_thresh: float, groups: torch.Tensor,
                       count: int) -> tuple[torch.Tensor, int]:
    """:func:`remove_small_regions` and :func:`paint_label_map` for masks [M, H, W] of several groups
    (levels) at once, on their device: ``min_area`` [M] per mask, the NMS within each of ``groups``
    [M]. Returns the [count, H, W] label maps and how many masks they hold."""
    cleaned = cleaned_runs(masks, min_area)
    scores = (~cleaned.changed).float()  # unchanged masks first
    kept = batched_nms(cleaned.boxes.float(), scores, groups, nms_thresh)
    return cleaned.label_maps(ids_in_order(kept, groups, count), groups, count), len(kept)


def ids_in_order(kept: torch.Tensor, groups: torch.Tensor, count: int) -> torch.Tensor:
    """[M] ids: 1, 2, ... for the masks ``kept`` (indices, each group's in its order) within their
    group, 0 for the others."""
    levels = groups[kept]
    order = torch.sort(levels, stable=True).indices
    place = torch.empty_like(order)
    place[order] = torch.arange(len(order), device=kept.device)
    firsts = torch.zeros(count, dtype=torch.long, device=kept.device).scatter_reduce(
        0, levels, place, "amin", include_self=False)
    ids = torch.zeros_like(groups)
    ids[kept] = place - firsts[levels] + 1
    return ids


class SamRegionGenerator:
    """Label maps, one per level, for an image: int32 [levels, H, W], 0 where no mask lies, on the SAM
    model's device."""

    def __init__(self, sam_model: torch.nn.Module, settings: SamSettings, device: DeviceChoice) -> None:
        if not settings.levels:
            raise ValueError("SAM regions need at least one level.")
        self.sam = sam_model
        self.settings = settings
        self.stats = SamStats()
        self.predictor = SharedEmbeddingPredictor(sam_model, device, self.stats)
        self._generators: dict[tuple[int, int], _MaskGenerator | WholeImageMaskGenerator] = {}
        self._decoded: dict = {}  # the decoder's output per batch of points, for the image at hand
        self._ahead: set[tuple] = set()  # keys of images encoded ahead whose label maps are still to come

    def _generator(self, level_index: int, points_per_side: int):
        key = (level_index, points_per_side)
        if key not in self._generators:
            level, s = self.settings.levels[level_index], self.settings
            if s.crop_n_layers == 0 and s.mask_generation == "lean":
                self._generators[key] = WholeImageMaskGenerator(
                    self.predictor, points_per_side, s.points_per_batch, level.pred_iou_thresh,
                    level.stability_score_thresh, s.box_nms_thresh, decoded=self._decoded)
                return self._generators[key]
            generator = _MaskGenerator(
                self.sam,
                points_per_side=points_per_side,
                points_per_batch=s.points_per_batch,
                pred_iou_thresh=level.pred_iou_thresh,
                stability_score_thresh=level.stability_score_thresh,
                box_nms_thresh=s.box_nms_thresh,
                crop_n_layers=s.crop_n_layers,
                crop_n_points_downscale_factor=s.crop_n_points_downscale_factor,
            )
            generator.predictor = self.predictor
            self._generators[key] = generator
        return self._generators[key]

    def points_per_side(self, level: SamLevel, image_side: int, window_side: int | None) -> int:
        """A SAM context larger than the CLIP window keeps the point density per area, up to SAM's
        own default grid of 32 x 32 points."""
        if not window_side or image_side <= window_side:
            return level.points_per_side
        return min(MAX_POINTS_PER_SIDE, max(1, round(level.points_per_side * image_side / window_side)))

    def _level_masks(self, index: int, points: int, image: np.ndarray) -> torch.Tensor | list[np.ndarray]:
        """A level's masks: on the device, or, for the ``segment-anything`` generation, cleaned on the
        host."""
        masks = self._generator(index, points).masks(image)
        level, shape = self.settings.levels[index], image.shape[:2]
        if self.settings.mask_generation == "segment-anything":
            return remove_small_regions(masks, level.min_mask_region_area, self.settings.box_nms_thresh)
        if not isinstance(masks, torch.Tensor):  # crop layers: segment_anything's generator
            masks = torch.as_tensor(np.stack(masks) if masks else np.zeros((0, *shape), dtype=bool),
                                    device=self.predictor.device)
        return masks

    def _painted(self, found: list, shape: tuple[int, int]) -> torch.Tensor:
        """[levels, H, W] label maps of each level's masks, cleaned up on the device (all levels at once)
        unless the host did it."""
        device = self.predictor.device
        if self.settings.mask_generation == "segment-anything":
            self.stats.masks += sum(len(masks) for masks in found)
            return torch.stack([paint_label_map(masks, shape) for masks in found]).to(device)
        levels = torch.cat([torch.full((len(masks),), index, device=device)
                            for index, masks in enumerate(found)])
        areas = torch.tensor([level.min_mask_region_area for level in self.settings.levels], device=device)
        masks = torch.cat(found)
        if not len(masks):
            return torch.zeros((len(found), *shape), dtype=torch.int32, device=device)
        maps, kept = cleaned_label_maps(masks, areas[levels], self.settings.box_nms_thresh, levels,
                                        len(found))
        self.stats.masks += kept
        return maps

    def batch_size(self) -> int:
        """SAM contexts encoded at once: one on a CPU (a batch saves nothing there); on a GPU as many as
        half its free memory holds, at most MAX_IMAGE_BATCH."""
        device = self.predictor.device
        if device.type != "cuda":
            return 1
        free, _ = torch.cuda.mem_get_info(device)
        encoder = self.sam.image_encoder
        tokens = (encoder.img_size // encoder.patch_embed.proj.kernel_size[0]) ** 2
        width = encoder.patch_embed.proj.out_channels
        return max(1, min(MAX_IMAGE_BATCH, int(FREE_MEMORY_SHARE * free // (4 * tokens * width * 48))))

    def encode_ahead(self, images: Sequence[np.ndarray], cancelled: Cancelled | None = None) -> None:
        """Encode these images (of one size) in batches of :meth:`batch_size`; their label maps follow."""
        encoder = self.predictor.image_encoder()
        with checked_in(list(getattr(encoder, "blocks", [encoder])), cancelled):
            size = self.batch_size()
            for start in range(0, len(images), size):
                self.predictor.encode_batch(images[start:start + size])
        self._ahead = {self.predictor._key(image) for image in images}

    def label_maps(self, image: np.ndarray, window_side: int | None = None,
                   cancelled: Cancelled | None = None,
                   progress: Callable[[float], None] | None = None) -> torch.Tensor:
        """Label maps for an RGB uint8 image [H, W, 3]; one SAM encoder pass per distinct image.

        ``window_side`` is the CLIP window size when ``image`` is a larger SAM context around
        several windows; the point grids are then denser, so regions keep their granularity.
        ``progress`` gets the share of this image done: the encoder passes (the image and its crops)
        count for ``ENCODER_SHARE``, each level for an equal part of the rest.
        """
        if image.ndim != 3 or image.shape[2] != 3 or image.dtype != np.uint8:
            raise ValueError("SAM needs an RGB uint8 image of shape [H, W, 3].")
        started = time.perf_counter()
        encoder_before = self.stats.encoder_seconds
        images = sum(4 ** layer for layer in range(self.settings.crop_n_layers + 1))  # the image and crops
        passes_before = self.stats.encoder_passes
        levels = len(self.settings.levels)

        def encoded() -> None:
            if progress:
                progress(ENCODER_SHARE * min(1.0, (self.stats.encoder_passes - passes_before) / images))

        self.predictor.encoded = encoded
        encoder = self.predictor.image_encoder()
        cancel_points = [*getattr(encoder, "blocks", [encoder]), self.sam.mask_decoder]
        try:
            with checked_in(cancel_points, cancelled):
                found = []
                for index, level in enumerate(self.settings.levels):
                    stop_if_cancelled(cancelled)
                    points = self.points_per_side(level, max(image.shape[:2]), window_side)
                    found.append(self._level_masks(index, points, image))
                    if progress:
                        progress(ENCODER_SHARE + (1 - ENCODER_SHARE) * (index + 1) / (levels + 1))
                maps = self._painted(found, image.shape[:2])
        finally:
            self.predictor.encoded = None
            self._ahead.discard(self.predictor._key(image))
            self.predictor.forget_images(keep=self._ahead)
            self._decoded.clear()
        self.stats.images += 1
        elapsed = time.perf_counter() - started
        self.stats.generation_seconds += elapsed - (self.stats.encoder_seconds - encoder_before)
        return maps
