"""The seam-free blend of a panel's windows, on the segmenter's device.

Each window's class probabilities are added with a 2-D Hann weight into the sums of the strip of
rows it covers; finished rows are divided by their weights, labelled, and copied to the host once,
as uint8 labels, the top probability and where it is defined.
"""

from __future__ import annotations

import numpy as np
import torch

from .tiling import blend_weights


class StripBlend:
    """Weighted sums [C, size, span] of the windows over one strip of a panel."""

    def __init__(self, classes: int, size: int, span: int, device: torch.device) -> None:
        self.size, self.device = size, device
        self.weights = torch.tensor(blend_weights(size), device=device)
        self.scores = torch.zeros((classes, size, span), dtype=torch.float32, device=device)
        self.weight_sum = torch.zeros((size, span), dtype=torch.float32, device=device)

    def add(self, offset: int, probabilities) -> None:
        """One window's [C, size, size] probabilities (a tensor or an array), at column ``offset``."""
        probabilities = torch.as_tensor(probabilities, device=self.device)
        columns = slice(offset, offset + self.size)
        self.scores[:, :, columns] += probabilities * self.weights
        self.weight_sum[:, columns] += self.weights

    def finished(self, rows: slice, columns: slice, valid: np.ndarray,
                 threshold: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """uint8 labels (0: invalid, no window, or below ``threshold``), the top probability, and where
        it is defined, for the given rows and columns of the strip; on the host."""
        weight_sum = self.weight_sum[rows, columns]
        covered = weight_sum > 0
        probabilities = self.scores[:, rows, columns] / torch.where(covered, weight_sum, 1.0)
        labels, top = labels_and_top(probabilities, threshold)
        defined = covered & torch.as_tensor(valid, device=self.device)
        labels = torch.where(defined, labels, 0)
        return labels.cpu().numpy(), top.cpu().numpy(), defined.cpu().numpy()

    def shift(self, rows: int) -> None:
        """Move the sums up by ``rows`` for the next strip; the rows that come in start at zero."""
        self.scores = torch.cat([self.scores[:, rows:], torch.zeros_like(self.scores[:, :rows])], dim=1)
        self.weight_sum = torch.cat([self.weight_sum[rows:], torch.zeros_like(self.weight_sum[:rows])])


def labels_and_top(probabilities: torch.Tensor, threshold: float = 0.0) -> tuple[torch.Tensor, torch.Tensor]:
    """[C, H, W] → uint8 labels [H, W], class 1..C of the top probability (the first of equals; 0 where
    it is below ``threshold``), and the top probability (float32)."""
    top, index = probabilities.max(dim=0)
    labels = (index + 1).to(torch.uint8)
    if threshold > 0:
        labels = torch.where(top < threshold, 0, labels)
    return labels, top.float()

