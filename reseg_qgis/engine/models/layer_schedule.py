"""Which attention each CLIP vision block uses.

- ``free``: CLIP's own attention, every token to every token.
- ``sam``: a patch attends only to patches of its own SAM region; the k-th ``sam`` block uses the
  k-th SAM level (levels go from fine to coarse).
- ``self``: every token attends only to itself.
- ``segearth``: SegEarth-OV's last-block attention, softmax(qqᵀ)+softmax(kkᵀ)+softmax(vvᵀ) applied
  to v, without residual or MLP. Only the last block may use it.

Written as counts, e.g. ``free:18,sam:4,self:2``, the ReSeg-CLIP schedule of a 24-block ViT-L/14.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..translatable import ResegError

FREE, SAM, SELF, SEGEARTH = "free", "sam", "self", "segearth"
MODES = (FREE, SAM, SELF, SEGEARTH)
SELF_ONLY_BLOCKS = 2


class ScheduleError(ResegError):
    pass


@dataclass(frozen=True)
class LayerSchedule:
    modes: tuple[str, ...]

    def __post_init__(self) -> None:
        unknown = sorted(set(self.modes) - set(MODES))
        if unknown:
            raise ScheduleError("Unknown block modes {unknown}; use {modes}.", unknown=unknown,
                                modes=", ".join(MODES))
        if SEGEARTH in self.modes[:-1]:
            raise ScheduleError("Only the last block can use the segearth attention.")

    @classmethod
    def parse(cls, text: str) -> LayerSchedule:
        """Parse ``free:18,sam:4,self:2`` (a mode without a count means one block)."""
        modes: list[str] = []
        for part in filter(None, (p.strip() for p in text.split(","))):
            match = re.fullmatch(r"([a-z]+)(?::(\d+))?", part)
            if not match:
                raise ScheduleError("Cannot read {part!r} in the layer schedule {text!r}; write e.g. "
                                    "free:18,sam:4,self:2.", part=part, text=text)
            modes += [match.group(1)] * int(match.group(2) or 1)
        return cls(tuple(modes))

    @classmethod
    def default(cls, depth: int, sam_levels: int, segearth: bool = False) -> LayerSchedule:
        """ReSeg-CLIP's rule: SAM levels in the blocks before the last two, which are self-only.

        24 blocks, 4 levels: ``free:18,sam:4,self:2``; 12 blocks: ``free:6,sam:4,self:2``. Without
        SAM the SAM blocks run free. With ``segearth`` the last block uses SegEarth-OV's attention;
        without SAM that gives SegEarth-OV itself, ``free:11,segearth:1`` for 12 blocks.
        """
        if sam_levels == 0 and segearth:
            modes = [FREE] * (depth - 1) + [SEGEARTH]
        else:
            free = depth - sam_levels - SELF_ONLY_BLOCKS
            if free < 0:
                raise ScheduleError("{levels} SAM levels and {self_only} self-only blocks do not fit in "
                                    "{depth} blocks.", levels=sam_levels, self_only=SELF_ONLY_BLOCKS,
                                    depth=depth)
            modes = [FREE] * free + [SAM] * sam_levels + [SELF] * SELF_ONLY_BLOCKS
            if segearth:
                modes[-1] = SEGEARTH
        return cls(tuple(modes))

    @property
    def depth(self) -> int:
        return len(self.modes)

    @property
    def sam_blocks(self) -> int:
        return self.modes.count(SAM)

    def sam_level_of_block(self) -> dict[int, int]:
        """Block index → SAM level index, for the ``sam`` blocks."""
        blocks = [i for i, mode in enumerate(self.modes) if mode == SAM]
        return {block: level for level, block in enumerate(blocks)}

    def check(self, depth: int, sam_levels: int) -> None:
        if self.depth != depth:
            raise ScheduleError("The layer schedule {schedule} has {blocks} blocks; the model has {depth}.",
                                schedule=str(self), blocks=self.depth, depth=depth)
        if self.sam_blocks and sam_levels and self.sam_blocks != sam_levels:
            raise ScheduleError("The layer schedule {schedule} has {blocks} SAM blocks but {levels} SAM "
                                "levels are configured; give one block per level.", schedule=str(self),
                                blocks=self.sam_blocks, levels=sam_levels)

    def __str__(self) -> str:
        runs: list[list] = []
        for mode in self.modes:
            if runs and runs[-1][0] == mode:
                runs[-1][1] += 1
            else:
                runs.append([mode, 1])
        return ",".join(f"{mode}:{count}" for mode, count in runs)
