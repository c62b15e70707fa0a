"""SAM's image-encoder attention through torch's ``scaled_dot_product_attention``.

segment_anything writes each attention map out in full, adds the decomposed relative-position bias
to it and takes the softmax: three passes over [heads, N, N] per block. The same sums through
``scaled_dot_product_attention``, the bias as its additive mask, are equal to float rounding and
faster (1.5x for vit_b on a CPU). Its inputs must be [B, heads, N, C]: with 3-D ones a CPU silently
takes the slow path. The weights and their names stay segment_anything's.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from .ml_libraries import segment_anything

_encoder = segment_anything.modeling.image_encoder
ReferenceAttention = _encoder.Attention  # segment_anything's own, for comparisons


class SdpaAttention(ReferenceAttention):
    def forward(self, x: torch.Tensor) -> torch.Tensor:
        batch, height, width, _ = x.shape
        heads = self.num_heads
        qkv = self.qkv(x).reshape(batch, height * width, 3, heads, -1).permute(2, 0, 3, 1, 4)
        q, k, v = qkv.unbind(0)  # [B, heads, N, C]
        bias = self._position_bias(q, height, width) if self.use_rel_pos else None
        out = F.scaled_dot_product_attention(q, k, v, attn_mask=bias)  # scale: C ** -0.5, as SAM's
        out = out.view(batch, heads, height, width, -1).permute(0, 2, 3, 1, 4)
        return self.proj(out.reshape(batch, height, width, -1))

    def _position_bias(self, q: torch.Tensor, height: int, width: int) -> torch.Tensor:
        """SAM's decomposed relative-position term of each query and key, [B, heads, N, N]."""
        rows = _encoder.get_rel_pos(height, height, self.rel_pos_h).to(q.dtype)  # [H, H, C]
        columns = _encoder.get_rel_pos(width, width, self.rel_pos_w).to(q.dtype)  # [W, W, C]
        grid = q.reshape(*q.shape[:2], height, width, q.shape[-1])
        along_rows = torch.einsum("bnhwc,hkc->bnhwk", grid, rows)
        along_columns = torch.einsum("bnhwc,wkc->bnhwk", grid, columns)
        bias = along_rows[..., :, None] + along_columns[..., None, :]  # [B, heads, H, W, H, W]
        return bias.reshape(*q.shape[:2], height * width, height * width)


def with_attention(encoder: torch.nn.Module, kind: type = SdpaAttention) -> torch.nn.Module:
    """``encoder`` with each block's attention made anew as ``kind`` (:data:`ReferenceAttention` for
    comparisons), of the same sizes and weights."""
    for block in encoder.blocks:
        block.attn = _made_as(kind, block.attn)
    return encoder


def _made_as(kind: type, attention: torch.nn.Module) -> torch.nn.Module:
    table = attention.rel_pos_h if attention.use_rel_pos else None
    made = kind(attention.qkv.in_features, num_heads=attention.num_heads,
                qkv_bias=attention.qkv.bias is not None, use_rel_pos=attention.use_rel_pos,
                input_size=None if table is None else ((table.shape[0] + 1) // 2,
                                                       (attention.rel_pos_w.shape[0] + 1) // 2))
    made.load_state_dict(attention.state_dict())
    return made.to(attention.qkv.weight.device, attention.qkv.weight.dtype).train(attention.training)
