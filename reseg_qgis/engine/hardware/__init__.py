"""The machine the models run on: which device, each stage's number format, and what the CPU can do.

``devices`` chooses CUDA, MPS or the CPU and the precision of each stage, and says so; ``format_speeds``
measures how fast the CPU multiplies each stage's matrices in fp32 and bf16, which decides a CPU's formats;
``cpu_features`` reads the CPU's model and flags (torch-free). This module is torch-free too: the QGIS side
reads its lists.
"""

from ..translatable import QT_TRANSLATE_NOOP

DEVICES = ("auto", "cuda", "mps", "cpu")
PRECISIONS = ("auto", "fp32", "fp16", "bf16")  # fp32: every stage in fp32, the same labels on any CPU

# What runs in which number format, in the order a run meets them; and the device line's forms. The plugin
# shows them translated (../translatable.py); output files keep them in English.
STAGES = (QT_TRANSLATE_NOOP("engine", "SAM encoder"), QT_TRANSLATE_NOOP("engine", "mask decoder"),
          QT_TRANSLATE_NOOP("engine", "CLIP"), QT_TRANSLATE_NOOP("engine", "text"))
SAM_STAGES = STAGES[:2]
CPU_LINE = QT_TRANSLATE_NOOP("engine", "CPU: {threads} threads ({formats})")
CUDA_LINE = QT_TRANSLATE_NOOP("engine", "GPU: {name}, {memory} GiB (CUDA {cuda}, {formats})")
MPS_LINE = QT_TRANSLATE_NOOP("engine", "GPU: Apple MPS ({formats})")


def formats_text(formats: dict[str, str], stage_name=str) -> str:
    """"fp32" when every stage has one format, else each stage's ("SAM encoder bf16, ..."), each stage's name
    through ``stage_name`` (a translation)."""
    if len(set(formats.values())) == 1:
        return next(iter(formats.values()))
    return ", ".join(f"{stage_name(stage)} {name}" for stage, name in formats.items())
