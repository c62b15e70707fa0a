"""The machine the models run on: which device, each stage's number format, and what the CPU can do.

``devices`` chooses CUDA, MPS or the CPU and the precision of each stage, and says so; ``cpu_features``
reads the CPU's flags (torch-free).
"""
