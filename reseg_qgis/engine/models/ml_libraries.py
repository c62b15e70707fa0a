"""open_clip, segment_anything and torchvision, imported once torchvision's ops are ensured.

Engine modules import these libraries from here, never directly, so the torchvision fallback is
always in place first.
"""

from .torchvision_ops import ensure_torchvision_ops

ensure_torchvision_ops()

import open_clip  # noqa: E402
import segment_anything  # noqa: E402
import segment_anything.modeling  # noqa: E402
import segment_anything.utils.amg  # noqa: E402
import torchvision.ops  # noqa: E402

__all__ = ["open_clip", "segment_anything", "torchvision"]
