"""An open_clip vision transformer run block by block, with ReSeg's attention in chosen blocks.

The open_clip model is used as it is: each block is computed from its own weights (the SegEarth-OV
block too), with ReSeg's additive attention mask. ``MultiheadAttention`` is not called: it projects a
transposed view of the tokens, which torch multiplies in bf16 through a copy of the weights per token
(26x slower), and leaves its fused path where a mask is given. Nothing of open_clip is patched or copied.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

from ..translatable import QT_TRANSLATE_NOOP, ResegError
from .attention_masks import attention_bias, blocked_by_regions, blocked_except_self
from .clip_models import CLIP_MEAN, CLIP_STD
from .layer_schedule import FREE, SAM, SEGEARTH, SELF, LayerSchedule

NOT_PATCHES = QT_TRANSLATE_NOOP(
    "engine", "A window of {height} x {width} pixels is not a multiple of the CLIP patch size ({patch} "
    "pixels): give a window such as {example}.")
POOLED_OTHERWISE = QT_TRANSLATE_NOOP("engine", "This CLIP vision tower pools its tokens in a way ReSeg "
                                               "cannot use (attentional pooling, pool type {pool!r} or a "
                                               "norm after pooling); choose a CLIP ViT with a CLS token, "
                                               "such as ViT-B-16 or ViT-L-14.")


def segearth_attention(block: torch.nn.Module, x: torch.Tensor) -> torch.Tensor:
    """SegEarth-OV's last block: (softmax(s·qqᵀ) + softmax(s·kkᵀ) + softmax(s·vvᵀ))·v on ln_1(x).

    No residual and no MLP; the result replaces the block's output.
    """
    attention = block.attn
    if not isinstance(attention, torch.nn.MultiheadAttention) or attention.in_proj_weight is None:
        raise ValueError("The segearth block needs open_clip's standard attention blocks.")
    q, k, v = _heads(block, x)
    scale = q.shape[-1] ** -0.5
    weights = sum(torch.softmax(scale * t @ t.transpose(-1, -2), dim=-1) for t in (q, k, v))
    return attention.out_proj(_merged(weights @ v))


def attention_block(block: torch.nn.Module, x: torch.Tensor, bias: torch.Tensor | None) -> torch.Tensor:
    """open_clip's residual attention block on batch-first tokens [B, N, width], with an additive
    attention ``bias`` [N, N] or [B, N, N] shared by the heads: the values of ``block(x, attn_mask=...)``."""
    q, k, v = _heads(block, x)
    if bias is not None:
        bias = (bias[:, None] if bias.dim() == 3 else bias).to(q.dtype)
    out = F.scaled_dot_product_attention(q, k, v, attn_mask=bias)
    x = x + block.ls_1(block.attn.out_proj(_merged(out)))
    return x + block.ls_2(block.mlp(block.ln_2(x)))


def _heads(block: torch.nn.Module, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """q, k and v of ln_1(x) [B, N, width], each [B, heads, N, head width], from one packed projection."""
    attention = block.attn
    batch, tokens, width = x.shape
    projected = F.linear(block.ln_1(x), attention.in_proj_weight, attention.in_proj_bias)
    return tuple(t.reshape(batch, tokens, attention.num_heads, -1).transpose(1, 2)
                 for t in projected.chunk(3, dim=-1))


def _merged(heads: torch.Tensor) -> torch.Tensor:
    """[B, heads, N, head width] back to [B, N, width]."""
    batch, _, tokens, _ = heads.shape
    return heads.transpose(1, 2).reshape(batch, tokens, -1)


def _standard(block: torch.nn.Module) -> bool:
    """A block of open_clip's standard form: LayerNorm, packed-projection attention, MLP, layer scales."""
    attention = getattr(block, "attn", None)
    return (isinstance(attention, torch.nn.MultiheadAttention) and attention.in_proj_weight is not None
            and all(hasattr(block, name) for name in ("ln_1", "ln_2", "mlp", "ls_1", "ls_2"))
            and not hasattr(block, "ln_1_kv"))


def check_token_pooled(visual: torch.nn.Module) -> None:
    """Refuse vision towers whose output is not ``ln_post`` of the CLS and patch tokens.

    Dense features need every patch token; attentional pooling or a norm after pooling (options of
    some open_clip configurations, none of the registry's models) would change what they mean.
    """
    pool = getattr(visual, "pool_type", "tok")
    pooled_otherwise = getattr(visual, "attn_pool", None) is not None or pool != "tok"
    if pooled_otherwise or getattr(visual, "final_ln_after_pool", False) \
            or getattr(visual, "class_embedding", None) is None:
        raise ResegError(POOLED_OTHERWISE, pool=pool)


class MaskedVisionEncoder:
    """Encodes image windows into CLS and patch features under a layer schedule."""

    def __init__(self, visual: torch.nn.Module, schedule: LayerSchedule) -> None:
        check_token_pooled(visual)
        self.visual = visual
        self.blocks = list(visual.transformer.resblocks)
        schedule.check(len(self.blocks), schedule.sam_blocks)
        self.schedule = schedule
        self.sam_level_of_block = schedule.sam_level_of_block()
        self.patch_size = int(np.atleast_1d(visual.patch_size)[0])
        self.native_grid = tuple(int(n) for n in visual.grid_size)
        self.native_size = self.native_grid[0] * self.patch_size
        self._positions: dict[tuple[int, int], torch.Tensor] = {}
        self._batch_first = getattr(visual.transformer, "batch_first", True)
        self.open_clip_blocks = False  # call open_clip's blocks themselves (the code before December 2026)

    @property
    def block_starts(self) -> list[torch.nn.Module]:
        """The module each block runs first (its ``ln_1``), whichever way the block is computed: where a
        cancel is checked between blocks."""
        return [block.ln_1 for block in self.blocks]

    @property
    def device(self) -> torch.device:
        return self.visual.conv1.weight.device

    def pixels(self, windows: np.ndarray | torch.Tensor) -> torch.Tensor:
        """uint8 windows [B, H, W, 3] → normalised float [B, 3, H, W] on the model's device."""
        batch = torch.as_tensor(windows).to(self.device, non_blocking=True)
        batch = batch.permute(0, 3, 1, 2).float().div_(255.0)
        mean = torch.tensor(CLIP_MEAN, device=self.device).view(1, 3, 1, 1)
        std = torch.tensor(CLIP_STD, device=self.device).view(1, 3, 1, 1)
        return batch.sub_(mean).div_(std)

    def grid(self, height: int, width: int) -> tuple[int, int]:
        if height % self.patch_size or width % self.patch_size:
            patch = self.patch_size
            raise ResegError(NOT_PATCHES, height=height, width=width, patch=patch,
                             example=max(patch, round(height / patch) * patch))
        return height // self.patch_size, width // self.patch_size

    def positional_embedding(self, grid: tuple[int, int]) -> torch.Tensor:
        """The model's position embedding, bicubically interpolated for another patch grid."""
        table = self.visual.positional_embedding
        if grid == self.native_grid:
            return table
        if grid not in self._positions:
            width = table.shape[-1]
            patches = table[1:].reshape(1, *self.native_grid, width).permute(0, 3, 1, 2)
            patches = F.interpolate(patches.float(), size=grid, mode="bicubic", align_corners=False)
            patches = patches.permute(0, 2, 3, 1).reshape(grid[0] * grid[1], width).to(table.dtype)
            self._positions[grid] = torch.cat([table[:1], patches])
        return self._positions[grid]

    def embed(self, pixels: torch.Tensor) -> torch.Tensor:
        """Patch embedding, CLS token and positions: the input of the first block, [B, 1+N, width]."""
        visual = self.visual
        grid = self.grid(*pixels.shape[-2:])
        x = visual.conv1(pixels).flatten(2).transpose(1, 2)
        cls = visual.class_embedding.to(x.dtype).expand(x.shape[0], 1, -1)
        x = torch.cat([cls, x], dim=1) + self.positional_embedding(grid).to(x.dtype)
        return visual.ln_pre(visual.patch_dropout(x))

    def _run_block(self, index: int, block: torch.nn.Module, x: torch.Tensor,
                   region_labels: torch.Tensor | None) -> torch.Tensor:
        mode = self.schedule.modes[index]
        if mode == SEGEARTH:
            return segearth_attention(block, x)
        if mode == SAM and region_labels is not None:
            blocked = blocked_by_regions(region_labels[:, self.sam_level_of_block[index]])
            bias = attention_bias(blocked, x.dtype)
        elif mode == SELF:
            bias = attention_bias(blocked_except_self(x.shape[1], x.device), x.dtype)
        else:
            assert mode in (FREE, SAM)
            bias = None
        if not self.open_clip_blocks and _standard(block):
            return attention_block(block, x, bias)
        if bias is not None and bias.dim() == 3:  # MultiheadAttention's form: one mask per window and head
            bias = bias.repeat_interleave(block.attn.num_heads, dim=0)
        if self._batch_first:
            return block(x, attn_mask=bias)
        return block(x.transpose(0, 1), attn_mask=bias).transpose(0, 1)

    def tokens(self, pixels: torch.Tensor, region_labels: torch.Tensor | None = None) -> torch.Tensor:
        """The last block's output for every token, [B, 1+N, width].

        ``region_labels`` [B, levels, N] holds each patch's SAM id per level; ``None`` runs the
        ``sam`` blocks free.
        """
        x = self.embed(pixels)
        for index, block in enumerate(self.blocks):
            x = self._run_block(index, block, x, region_labels)
        return x

    def features(self, pixels: torch.Tensor,
                 region_labels: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor]:
        """Projected CLS [B, D] and patch features [B, rows, cols, D], not normalised."""
        grid = self.grid(*pixels.shape[-2:])
        x = self.visual.ln_post(self.tokens(pixels, region_labels))
        if self.visual.proj is not None:
            x = x @ self.visual.proj
        return x[:, 0], x[:, 1:].reshape(x.shape[0], *grid, x.shape[-1])
