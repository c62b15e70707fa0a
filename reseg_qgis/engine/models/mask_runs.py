"""Boolean masks as horizontal runs, for connected components and SAM's small-region clean-up on the
masks' device.

A run is a maximal stretch of equal pixels in one row of one mask. Runs are few (a blob of 10,000
pixels has about 100), so the components are found on a graph of runs: two runs of neighbouring rows
touch (8-connectivity) when one of the three pixels beside a run's first pixel lies in the other, so
looking from each run's start, up and down, finds every edge. Minimum-label propagation with pointer
jumping then gives each run its component's first run in raster order, which is how
``scipy.ndimage.label`` numbers components. Everything stays on the device: a few data-dependent
shapes per call, none per mask.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch

from ..hardware.device_ops import where_supported

ROUNDS_PER_CHECK = 3  # propagation rounds between convergence checks (each check waits for the device)


def _scatter(target: torch.Tensor, index: torch.Tensor, values: torch.Tensor, reduce: str) -> torch.Tensor:
    return where_supported("scatter_reduce", torch.Tensor.scatter_reduce, target, 0, index, values, reduce)


def _run_pixels(first: torch.Tensor, lengths: torch.Tensor, total: int) -> torch.Tensor:
    """The flat index of every pixel of runs starting at ``first`` with ``lengths`` (``total`` of them)."""
    offsets = torch.cumsum(lengths, 0) - lengths
    return (torch.repeat_interleave(first - offsets, lengths, output_size=total)
            + torch.arange(total, device=lengths.device))


class MaskRuns:
    """The runs of masks [N, H, W] (bool), in raster order over the whole batch."""

    def __init__(self, masks: torch.Tensor) -> None:
        if masks.dim() != 3 or masks.dtype != torch.bool:
            raise ValueError("Masks must be a bool tensor of shape [N, H, W].")
        count, height, width = masks.shape
        self.shape = (count, height, width)
        rows = masks.reshape(count * height, width)
        changes = (rows[:, 1:] != rows[:, :-1]).nonzero()
        row_starts = torch.arange(count * height, device=masks.device) * width
        self.start = torch.sort(torch.cat([row_starts, changes[:, 0] * width + changes[:, 1] + 1])).values
        self.row = torch.div(self.start, width, rounding_mode="floor")  # over all masks' rows
        self.x = self.start - self.row * width
        self.mask = torch.div(self.row, height, rounding_mode="floor")
        self.y = self.row - self.mask * height
        self.value = rows.reshape(-1)[self.start]
        self.count = len(self.start)
        self.index = torch.arange(self.count, device=masks.device)
        same_row = torch.zeros_like(self.value)
        same_row[:-1] = self.row[1:] == self.row[:-1]
        following = torch.roll(self.x, -1)
        self.length = torch.where(same_row, following - self.x, width - self.x)
        self._edges = self._candidate_edges(same_row)

    def _run_at(self, row: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
        return where_supported("searchsorted", torch.searchsorted, self.start, row * self.shape[2] + x,
                               right=True) - 1

    def _candidate_edges(self, same_row: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Pairs of runs that touch if their values agree: each run and the next in its row, and from each
        run's first pixel the runs at the three pixels above and below (each pair once per side)."""
        count, height, width = self.shape
        first, second, possible = [self.index[:-1]], [self.index[1:]], [same_row[:-1]]
        for step in (-1, 1):
            inside = (self.y + step >= 0) & (self.y + step < height)
            row = (self.row + step).clamp(0, count * height - 1)
            found: list[torch.Tensor] = []
            for shift in (-1, 0, 1):
                other = self._run_at(row, (self.x + shift).clamp(0, width - 1))
                new = inside
                for earlier in found:
                    new = new & (other != earlier)
                found.append(other)
                first.append(self.index)
                second.append(other)
                possible.append(new)
        return torch.cat(first), torch.cat(second), torch.cat(possible)

    def components(self, value: torch.Tensor, target: bool) -> torch.Tensor:
        """For each run whose ``value`` is ``target``, its component's first run (raster order); other
        runs are their own."""
        first, second, possible = self._edges
        chosen = (possible & (value[first] == target) & (value[second] == target)).nonzero()[:, 0]
        first, second = first[chosen], second[chosen]
        label = self.index.clone()
        while True:
            before = label
            for _ in range(ROUNDS_PER_CHECK):
                low = torch.minimum(label[first], label[second])
                for index in (label[first], label[second], first, second):
                    label = _scatter(label, index, low, "amin")
                label = label[label[label]]
            if torch.equal(label, before):
                return label

    def per_mask(self, values: torch.Tensor, reduce: str, initial: int) -> torch.Tensor:
        """[N] reduction of one value per run over each mask's runs."""
        result = torch.full((self.shape[0],), initial, dtype=values.dtype, device=values.device)
        return _scatter(result, self.mask, values, reduce)

    def sizes(self, root: torch.Tensor) -> torch.Tensor:
        """Pixels of each root's component (0 for runs that are not roots)."""
        return torch.zeros_like(self.length).scatter_add(0, root, self.length)

    def boxes(self, value: torch.Tensor) -> torch.Tensor:
        """[N, 4] int64 x0, y0, x1, y1 (inclusive) of the pixels that are True, as segment_anything's
        ``batched_mask_to_box``; zeros for an empty mask."""
        big = max(self.shape[1:]) + 1
        last = self.x + self.length - 1
        x0 = self.per_mask(torch.where(value, self.x, big), "amin", big)
        y0 = self.per_mask(torch.where(value, self.y, big), "amin", big)
        x1 = self.per_mask(torch.where(value, last, -1), "amax", -1)
        y1 = self.per_mask(torch.where(value, self.y, -1), "amax", -1)
        boxes = torch.stack([x0, y0, x1, y1], dim=1)
        return torch.where((x1 >= 0)[:, None], boxes, 0)

    def painted(self, masks: torch.Tensor, value: torch.Tensor) -> torch.Tensor:
        """A copy of ``masks`` with each run's pixels set to its ``value``; only the runs that differ
        are written."""
        differs = (value != self.value).nonzero()[:, 0]
        lengths = self.length[differs]
        total = int(lengths.sum())
        result = masks.clone().view(-1)
        result[_run_pixels(self.start[differs], lengths, total)] = torch.repeat_interleave(
            value[differs], lengths, output_size=total)
        return result.view(masks.shape)

    def pixel_labels(self, value: torch.Tensor, run_label: torch.Tensor) -> torch.Tensor:
        """int32 [N, H, W]: each run's pixels get its ``run_label`` where ``value``, else 0."""
        labels = torch.where(value, run_label, 0).to(torch.int32)
        total = self.shape[0] * self.shape[1] * self.shape[2]
        return torch.repeat_interleave(labels, self.length, output_size=total).view(self.shape)


def label_components(masks: torch.Tensor) -> torch.Tensor:
    """int32 [N, H, W]: the 8-connected components of each mask numbered 1, 2, ... in raster order of
    their first pixel, 0 outside; what ``scipy.ndimage.label`` with a 3 x 3 structure gives."""
    if masks.numel() == 0:
        return torch.zeros(masks.shape, dtype=torch.int32, device=masks.device)
    runs = MaskRuns(masks)
    root = runs.components(runs.value, True)
    is_root = runs.value & (root == runs.index)
    roots = runs.per_mask(is_root.long(), "sum", 0)
    number = torch.cumsum(is_root.long(), 0) - (torch.cumsum(roots, 0) - roots)[runs.mask]
    return runs.pixel_labels(runs.value, number[root])


@dataclass
class CleanedRuns:
    """The clean-up's result as runs: each run's value afterwards, and per mask whether any component
    was small (segment_anything's "changed") and the box of what is left."""

    runs: MaskRuns
    value: torch.Tensor
    changed: torch.Tensor
    boxes: torch.Tensor

    def label_maps(self, ids: torch.Tensor, groups: torch.Tensor, count: int) -> torch.Tensor:
        """int32 [count, H, W]: in map ``groups[m]``, each pixel of mask m the largest ``ids[m]`` over
        it (0 where no mask with an id > 0 lies). Painted from the runs, not the masks' pixels."""
        runs = self.runs
        _, height, width = runs.shape
        chosen = (self.value & (ids[runs.mask] > 0)).nonzero()[:, 0]
        lengths = runs.length[chosen]
        total = int(lengths.sum())
        first = (groups[runs.mask] * height + runs.y) * width + runs.x  # where each run starts in its map
        pixels = _run_pixels(first[chosen], lengths, total)
        values = torch.repeat_interleave(ids[runs.mask[chosen]].to(torch.int32), lengths, output_size=total)
        labels = torch.zeros(count * height * width, dtype=torch.int32, device=lengths.device)
        return _scatter(labels, pixels, values, "amax").view(count, height, width)


def cleaned_runs(masks: torch.Tensor, min_area: int | torch.Tensor) -> CleanedRuns:
    """segment_anything's clean-up of each mask [N, H, W]: holes (8-connected) smaller than ``min_area``
    (one for all, or [N] per mask) filled, then islands smaller than it removed, keeping the largest
    (the first of equals) when all are small."""
    runs = MaskRuns(masks)
    if isinstance(min_area, torch.Tensor):
        min_area = min_area[runs.mask]
    hole_root = runs.components(runs.value, False)
    filled = ~runs.value & (runs.sizes(hole_root)[hole_root] < min_area)
    value = runs.value | filled
    root = runs.components(value, True)
    size = runs.sizes(root)
    is_root = value & (root == runs.index)
    small = size < min_area  # meaningful at roots, whose own area limit is their mask's
    kept_roots = runs.per_mask((is_root & ~small).long(), "sum", 0)
    root_size = torch.where(is_root, size, -1)
    largest = is_root & (root_size == runs.per_mask(root_size, "amax", -1)[runs.mask])
    first_largest = runs.per_mask(torch.where(largest, runs.index, runs.count), "amin", runs.count)
    keep = ~small | ((kept_roots[runs.mask] == 0) & (runs.index == first_largest[runs.mask]))
    final = value & keep[root]
    small_parts = filled.long() + (value & small[root]).long()
    changed = runs.per_mask(small_parts, "sum", 0) > 0
    return CleanedRuns(runs, final, changed, runs.boxes(final))


def without_small_regions(masks: torch.Tensor, min_area: int | torch.Tensor) -> tuple[
        torch.Tensor, torch.Tensor, torch.Tensor]:
    """:func:`cleaned_runs` as masks: the cleaned masks [N, H, W], whether each changed, their boxes."""
    cleaned = cleaned_runs(masks, min_area)
    return cleaned.runs.painted(masks, cleaned.value), cleaned.changed, cleaned.boxes
