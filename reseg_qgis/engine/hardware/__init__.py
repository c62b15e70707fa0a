"""The machine the models run on: which device, each stage's number format, and what the CPU can do.

``devices`` chooses CUDA, MPS or the CPU and the precision of each stage, and says so; ``cpu_features``
reads the CPU's flags (torch-free). This module is torch-free too: the QGIS side reads its lists.
"""

DEVICES = ("auto", "cuda", "mps", "cpu")
PRECISIONS = ("auto", "fp32", "fp16", "bf16")  # fp32: every stage in fp32, the same labels on any CPU
