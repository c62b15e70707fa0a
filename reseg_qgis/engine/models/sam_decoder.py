"""SAM's mask decoder for many point prompts on one image, computing once what every point shares.

segment_anything copies the image embedding once per point and runs the two-way transformer on each
copy, projecting the 4,096 image tokens ten times per point. Here:
- until the first image-to-token attention the image side is the same for every point: it is
  projected once, and all points' tokens attend to it in one call;
- after that, the image is never projected: each head's few token vectors are carried through the
  image-side projection instead (the image is multiplied by [C, heads x tokens] matrices), which
  costs under half as much and never forms the image's queries, keys, values or attention output;
- the two transposed convolutions that upscale the image (2 x 2 kernels and strides) are matrix
  products per pixel, channels last, a few points at a time.
The same weights; the same outputs to float rounding (sums in another order). Prompts whose dense
embeddings differ per point (mask prompts) take segment_anything's way.
"""

from __future__ import annotations

import copy

import torch
import torch.nn.functional as F

from .ml_libraries import segment_anything

_decoder = segment_anything.modeling.mask_decoder
UPSCALED_POINTS = 8  # points upscaled at a time: about 100 MB of activations for vit_b, reused


class SharedImageMaskDecoder(_decoder.MaskDecoder):
    def predict_masks(self, image_embeddings: torch.Tensor, image_pe: torch.Tensor,
                      sparse_prompt_embeddings: torch.Tensor,
                      dense_prompt_embeddings: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        if image_embeddings.shape[0] != 1 or not _same_for_all(dense_prompt_embeddings):
            return super().predict_masks(image_embeddings, image_pe, sparse_prompt_embeddings,
                                         dense_prompt_embeddings)
        output_tokens = torch.cat([self.iou_token.weight, self.mask_tokens.weight], dim=0)
        points = sparse_prompt_embeddings.shape[0]
        tokens = torch.cat((output_tokens.unsqueeze(0).expand(points, -1, -1), sparse_prompt_embeddings), 1)
        _, channels, height, width = image_embeddings.shape
        image = (image_embeddings + dense_prompt_embeddings[:1]).flatten(2).transpose(1, 2)  # [1, HW, C]
        position = image_pe.flatten(2).transpose(1, 2)
        tokens_out, image_out = _two_way(self.transformer, image, position, tokens)
        mask_tokens = tokens_out[:, 1:1 + self.num_mask_tokens, :]
        hyper_in = torch.stack([mlp(mask_tokens[:, i, :])
                                for i, mlp in enumerate(self.output_hypernetworks_mlps)], dim=1)
        masks = _upscaled_masks(self.output_upscaling, image_out, height, width, hyper_in)
        return masks, self.iou_prediction_head(tokens_out[:, 0, :])


def _same_for_all(dense: torch.Tensor) -> bool:
    """Whether every point's dense prompt embedding is the first one's (no mask prompts)."""
    return dense.shape[0] == 1 or dense.stride(0) == 0 or bool(torch.equal(dense, dense[:1].expand_as(dense)))


def _two_way(transformer, image: torch.Tensor, position: torch.Tensor, tokens: torch.Tensor):
    """segment_anything's TwoWayTransformer.forward, the image side [1, HW, C] until it differs."""
    queries, keys = tokens, image
    for layer in transformer.layers:
        queries, keys = _block(layer, queries, keys, tokens, position)
    q, k = queries + tokens, keys + position
    queries = transformer.norm_final_attn(queries + _tokens_to_image(transformer.final_attn_token_to_image,
                                                                     q, k, keys))
    return queries, keys


def _block(layer, queries, keys, query_pe, key_pe):
    """TwoWayAttentionBlock.forward."""
    if layer.skip_first_layer_pe:
        queries = layer.self_attn(q=queries, k=queries, v=queries)
    else:
        q = queries + query_pe
        queries = queries + layer.self_attn(q=q, k=q, v=queries)
    queries = layer.norm1(queries)
    q, k = queries + query_pe, keys + key_pe
    queries = layer.norm2(queries + _tokens_to_image(layer.cross_attn_token_to_image, q, k, keys))
    queries = layer.norm3(queries + layer.mlp(queries))
    q = queries + query_pe
    attended = _image_to_tokens(layer.cross_attn_image_to_token, image=k, tokens=q, values=queries)
    keys = layer.norm4(keys + attended)
    return queries, keys


def _tokens_to_image(attention, q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """Attention(q=tokens [B, T, C], k and v = image [1 or B, HW, C]), as segment_anything's.

    An image shared by all points is projected once and attended by all tokens in one call. Images of
    their own are never projected: each head's query is carried back through the key projection
    instead (rank T per head), and the attention-weighted image through the value projection.
    """
    heads = attention.num_heads
    if k.shape[0] == 1:
        q = _heads(attention.q_proj(q), heads)
        batch, _, count, channels = q.shape
        q = q.transpose(0, 1).reshape(1, heads, batch * count, channels)
        k, v = _heads(attention.k_proj(k), heads), _heads(attention.v_proj(v), heads)
        out = F.scaled_dot_product_attention(q, k, v)
        out = out.reshape(heads, batch, count, channels).transpose(0, 1)
        return attention.out_proj(out.transpose(1, 2).flatten(2))
    q = _per_head(attention.q_proj(q), heads)  # [B, T, heads, c]
    batch, count, _, channels = q.shape
    scale = channels ** -0.5
    key_weight = _per_head(attention.k_proj.weight.T, heads)  # [C, heads, c]
    carried = torch.einsum("bthc,Chc->bhtC", q, key_weight).flatten(1, 2) * scale  # [B, heads T, C]
    offset = torch.einsum("bthc,hc->bht", q, attention.k_proj.bias.view(heads, channels)).flatten(1) * scale
    scores = torch.baddbmm(offset[..., None], carried, k.transpose(1, 2))  # [B, heads T, HW]
    weights = torch.softmax(scores, dim=-1)
    attended = (weights @ v).view(batch, heads, count, -1)  # [B, heads, T, C]: rows of weights sum to 1
    value_weight = _per_head(attention.v_proj.weight.T, heads)  # [C, heads, c]
    out = torch.einsum("bhtC,Chc->bthc", attended, value_weight) + attention.v_proj.bias.view(heads, channels)
    return attention.out_proj(out.flatten(2))


def _image_to_tokens(attention, image: torch.Tensor, tokens: torch.Tensor,
                     values: torch.Tensor) -> torch.Tensor:
    """Attention(q=image [1 or B, HW, C], k=tokens, v=values [B, T, C]), as segment_anything's.

    The image is never projected: each head's keys are carried back through the query projection, and
    its values forward through the output projection, so the image is multiplied only by
    [C, heads T] and [heads T, C] per point, and the image's attention output is never formed.
    """
    heads = attention.num_heads
    k = _per_head(attention.k_proj(tokens), heads)  # [B, T, heads, c]
    v = _per_head(attention.v_proj(values), heads)
    batch, count, _, channels = k.shape
    scale = channels ** -0.5
    query_weight = _per_head(attention.q_proj.weight.T, heads)  # [C, heads, c]
    carried = torch.einsum("bthc,Chc->bhtC", k, query_weight).flatten(1, 2) * scale  # [B, heads T, C]
    offset = torch.einsum("bthc,hc->bht", k, attention.q_proj.bias.view(heads, channels)).flatten(1) * scale
    if image.shape[0] == 1:  # one product for all points
        scores = (carried.flatten(0, 1) @ image[0].T).view(batch, heads * count, -1) + offset[..., None]
    else:
        scores = torch.baddbmm(offset[..., None], carried, image.transpose(1, 2))  # [B, heads T, HW]
    weights = torch.softmax(scores.unflatten(1, (heads, count)), dim=2).flatten(1, 2)  # over T per head
    output_weight = attention.out_proj.weight.view(-1, heads, channels)  # [C, heads, c]
    token_outputs = torch.einsum("bthc,Chc->bhtC", v, output_weight).flatten(1, 2)  # [B, heads T, C]
    return torch.baddbmm(attention.out_proj.bias, weights.transpose(1, 2), token_outputs)  # [B, HW, C]


def _upscaled_masks(upscaling, image: torch.Tensor, height: int, width: int,
                    hyper_in: torch.Tensor) -> torch.Tensor:
    """``output_upscaling`` and the hypernetworks' product, channels last: a transposed convolution with
    a 2 x 2 kernel and stride is a matrix product per pixel. Masks [B, K, 4 H, 4 W]; a few points at a
    time, whose upscaled embeddings stay small enough to be reused from the cache."""
    first, norm, first_activation, second, second_activation = upscaling
    parts = []
    for start in range(0, len(image), UPSCALED_POINTS):
        x = _transposed_2x2(first, image[start:start + UPSCALED_POINTS])
        x = first_activation(F.layer_norm(x, x.shape[-1:], norm.weight, norm.bias, norm.eps))
        x = second_activation(_transposed_2x2(second, x.flatten(1, 3)))  # [B, 4 HW, 2, 2, C / 8]
        parts.append(hyper_in[start:start + UPSCALED_POINTS] @ x.flatten(1, 3).transpose(1, 2))
    batch, kinds = hyper_in.shape[:2]
    masks = torch.cat(parts).view(batch, kinds, height, width, 2, 2, 2, 2)  # pixels as (i, j, a, b, a', b')
    return masks.permute(0, 1, 2, 4, 6, 3, 5, 7).reshape(batch, kinds, 4 * height, 4 * width)


def _transposed_2x2(convolution, x: torch.Tensor) -> torch.Tensor:
    """ConvTranspose2d(kernel 2, stride 2) of pixels [B, P, C_in]: [B, P, 2, 2, C_out], the output pixel
    (2 i + a, 2 j + b) of input pixel (i, j) at [a, b]."""
    weight = convolution.weight  # [C_in, C_out, 2, 2]
    out = F.linear(x, weight.permute(2, 3, 1, 0).flatten(0, 2), convolution.bias.repeat(4))
    return out.view(*x.shape[:2], 2, 2, weight.shape[1])


def _heads(x: torch.Tensor, heads: int) -> torch.Tensor:
    return _per_head(x, heads).transpose(1, 2)  # [B, heads, N, C / heads]


def _per_head(x: torch.Tensor, heads: int) -> torch.Tensor:
    return x.unflatten(-1, (heads, -1))  # [..., heads, C / heads]


def reference_decoder(decoder: _decoder.MaskDecoder) -> _decoder.MaskDecoder:
    """segment_anything's own mask decoder with ``decoder``'s sizes and weights (for comparisons)."""
    head = decoder.iou_prediction_head
    reference = _decoder.MaskDecoder(transformer_dim=decoder.transformer_dim,
                                     transformer=copy.deepcopy(decoder.transformer),
                                     num_multimask_outputs=decoder.num_multimask_outputs,
                                     iou_head_depth=head.num_layers,
                                     iou_head_hidden_dim=head.layers[0].out_features)
    reference.load_state_dict(decoder.state_dict())
    return reference.to(next(decoder.parameters()).device).train(decoder.training)
