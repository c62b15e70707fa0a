"""The benchmark datasets: their folder layouts, classes and label conventions, as the datasets define
them (and as the reference codes read them), with the published mIoU to compare with.

Class names are the datasets' own; ``prompts`` are what the reference protocols type for each class
(name and synonyms). ``reduce_zero_label`` is mmsegmentation's convention: label 0 is ignored and the
others move down by one. ``background`` and ``threshold`` are SegEarth-OV's per dataset.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import rasterio
from rasterio.errors import NotGeoreferencedWarning

from ..translatable import ResegError, chosen

IGNORED = -1


@dataclass(frozen=True)
class Layout:
    """Image and label folders under the dataset folder, with {split} (or {Split}, capitalised) and at
    most one ``*`` that matches the same name in both."""

    images: str
    labels: str
    image_suffix: str
    label_suffix: str


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    names: tuple[str, ...]  # by class index, after reduce_zero_label
    prompts: tuple[str, ...]  # the class list typed, one entry per class
    layouts: tuple[Layout, ...]
    split: str
    reduce_zero_label: bool = False
    ignore: tuple[int, ...] = (255,)
    background: int = 0
    threshold: float = 0.0
    published: dict[str, float] = field(default_factory=dict)  # protocol → mIoU (%)

    def pairs(self, folder: str | Path, split: str | None = None) -> list[tuple[str, Path, Path]]:
        """(image id, image, label) of the split, in name order, from the first layout found."""
        folder, split = Path(folder), split or self.split
        for layout in self.layouts:
            found = []
            pattern = layout.images.format(split=split, Split=split.capitalize())
            for images in sorted(folder.glob(pattern)):
                if not images.is_dir():
                    continue
                star = _star_value(pattern, images.relative_to(folder).as_posix())
                labels = layout.labels.format(split=split, Split=split.capitalize()).replace("*", star)
                labels = folder / labels
                for image in sorted(images.glob(f"*{layout.image_suffix}")):
                    label = labels / (image.name[: -len(layout.image_suffix)] + layout.label_suffix)
                    if label.is_file():
                        found.append((image.relative_to(folder).with_suffix("").as_posix(), image, label))
            if found:
                return found
        return []

    def where(self, split: str | None = None) -> str:
        """The layouts, for a message."""
        split = split or self.split
        return "; ".join(f"{layout.images}/*{layout.image_suffix} with {layout.labels}/*{layout.label_suffix}"
                         .format(split=split, Split=split.capitalize()) for layout in self.layouts)

    def class_indices(self, labels: np.ndarray) -> np.ndarray:
        """Label values → class indices 0..C-1, ``IGNORED`` for ignored and unknown values."""
        values = labels.astype(np.int64)
        ignored = np.isin(values, self.ignore)
        if self.reduce_zero_label:
            ignored |= values == 0
            values = values - 1
        ignored |= (values < 0) | (values >= len(self.names))
        return np.where(ignored, IGNORED, values)


def _star_value(pattern: str, path: str) -> str:
    if "*" not in pattern:
        return ""
    parts, given = pattern.split("/"), path.split("/")
    return next(value for part, value in zip(parts, given) if "*" in part)


def read_image(path: Path) -> np.ndarray:
    """RGB uint8 [H, W, 3] (a grey image repeated into three bands)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotGeoreferencedWarning)
        with rasterio.open(path) as dataset:
            bands = [1, 2, 3] if dataset.count >= 3 else [1, 1, 1]
            pixels = dataset.read(bands)
    if pixels.dtype != np.uint8:
        raise ResegError("{path}: benchmark images must be 8-bit, not {dtype}.", path=str(path),
                         dtype=str(pixels.dtype))
    return np.ascontiguousarray(pixels.transpose(1, 2, 0))


def read_labels(path: Path) -> np.ndarray:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotGeoreferencedWarning)
        with rasterio.open(path) as dataset:
            return dataset.read(1)


def _mmseg(split: str, image: str = ".png", label: str = ".png") -> Layout:
    return Layout(f"img_dir/{split}", f"ann_dir/{split}", image, label)


DATASETS = {
    dataset.name: dataset
    for dataset in (
        Dataset(
            "loveda", "LoveDA",
            names=("background", "building", "road", "water", "barren", "forest", "agriculture"),
            prompts=("background", "building, roof, house", "road", "water", "barren", "forest",
                     "agricultural"),
            layouts=(_mmseg("{split}"),
                     Layout("{Split}/*/images_png", "{Split}/*/masks_png", ".png", ".png")),
            split="val", reduce_zero_label=True, threshold=0.3, published={"segearth-ov": 36.9}),
        Dataset(
            "openearthmap", "OpenEarthMap",
            names=("background", "bareland", "rangeland", "developed space", "road", "tree", "water",
                   "agriculture land", "building"),
            prompts=("background", "bareland, barren", "grass", "pavement", "road", "tree, forest",
                     "water, river", "cropland", "building, roof, house"),
            layouts=(_mmseg("{split}", ".tif", ".tif"),), split="val", threshold=0.1,
            published={"segearth-ov": 40.3}),
        Dataset(
            "potsdam", "ISPRS Potsdam",
            names=("impervious surfaces", "building", "low vegetation", "tree", "car", "clutter"),
            prompts=("road, parking lot", "building", "low vegetation", "tree", "car", "clutter, background"),
            layouts=(_mmseg("{split}"),), split="val", reduce_zero_label=True, background=5, threshold=0.1,
            published={"segearth-ov": 48.5}),
        Dataset(
            "vaihingen", "ISPRS Vaihingen",
            names=("impervious surfaces", "building", "low vegetation", "tree", "car", "clutter"),
            prompts=("impervious surface", "building", "low vegetation", "tree", "car", "clutter"),
            layouts=(_mmseg("{split}"),), split="val", reduce_zero_label=True, background=5, threshold=0.1,
            published={"segearth-ov": 40.0}),
        Dataset(
            "uavid", "UAVid",
            names=("background clutter", "building", "road", "car", "tree", "low vegetation", "human"),
            prompts=("background", "building", "road", "car", "tree", "vegetation", "human"),
            layouts=(_mmseg("{split}"),), split="test", threshold=0.3, published={"segearth-ov": 42.5}),
        Dataset(
            "udd5", "UDD5",
            names=("vegetation", "building", "road", "vehicle", "other"),
            prompts=("vegetation", "building", "road", "vehicle", "background"),
            layouts=(Layout("{split}/src", "{split}/gt", ".JPG", ".png"),), split="val", background=4,
            threshold=0.4, published={"segearth-ov": 50.6}),
        Dataset(
            "vdd", "VDD",
            names=("other", "wall", "road", "vegetation", "vehicle", "roof", "water"),
            prompts=("background", "facade", "road", "vegetation", "vehicle", "roof", "water"),
            layouts=(Layout("{split}/src", "{split}/gt", ".JPG", ".png"),), split="test", threshold=0.3,
            published={"segearth-ov": 45.3}),
        Dataset(
            "isaid", "iSAID",
            names=("background", "ship", "storage tank", "baseball diamond", "tennis court",
                   "basketball court", "ground track field", "bridge", "large vehicle", "small vehicle",
                   "helicopter", "swimming pool", "roundabout", "soccer ball field", "plane", "harbor"),
            prompts=("background", "ship", "store tank", "baseball diamond", "tennis court",
                     "basketball court", "ground track field", "bridge", "large vehicle", "small vehicle",
                     "helicopter", "swimming pool", "roundabout", "soccer ball field", "plane", "harbor"),
            layouts=(_mmseg("{split}", ".png", "_instance_color_RGB.png"),), split="val", threshold=0.4,
            published={"segearth-ov": 21.7}),
    )
}


def dataset(name: str) -> Dataset:
    return chosen(DATASETS, name, "dataset")
