"""cpuinfo files of the CPU kinds this project's machines have had, for $RESEG_CPUINFO, and their measured
matrix rates per stage, for $RESEG_FORMAT_SPEEDS: a test takes each kind's path through the engine on any
machine, and none reads the real CPU's flags or measures it (but the test of the measurement itself)."""

from __future__ import annotations

import json
from pathlib import Path

from reseg_qgis.engine.hardware import STAGES

_COMMON = ("fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse "
           "sse2 ht syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid "
           "tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt aes xsave avx "
           "f16c rdrand hypervisor lahf_lm abm 3dnowprefetch fsgsbase bmi1 avx2 smep bmi2 erms invpcid "
           "rdseed adx smap clflushopt clwb sha_ni xsaveopt xsavec xgetbv1 xsaves")
_AVX512 = "avx512f avx512dq avx512ifma avx512cd avx512bw avx512vl avx512vbmi avx512_vbmi2 avx512_vnni"

# name: (model name, flags)
CPU_KINDS = {
    "epyc-avx2": ("AMD EPYC 7B13", f"{_COMMON} cmp_legacy extd_apicid topoext"),
    "zen4-avx512-bf16": ("AMD EPYC 9B14", f"{_COMMON} {_AVX512} avx512_bf16 gfni vaes vpclmulqdq"),
    "xeon-amx": ("Intel(R) Xeon(R) Platinum 8481C CPU @ 2.70GHz",
                 f"{_COMMON} {_AVX512} avx512_bf16 avx512_fp16 amx_bf16 amx_tile amx_int8"),
}
NATIVE_BF16_KINDS = ("zen4-avx512-bf16", "xeon-amx")
# GFLOP/s of each stage's shape (hardware/format_speeds.SHAPES) in fp32 and bf16 on 2 threads, as measured:
# the EPYC's bf16 in issue 30; the Zen 4 by format_speeds.measure() in December 2026; the Xeon's from the
# matrix products of issue 30 (fp32 167, bf16 865 to 1,272 GFLOP/s).
RATES = {
    "epyc-avx2": ((148, 0.3), (150, 0.3), (148, 0.3), (140, 0.3)),
    "zen4-avx512-bf16": ((172, 355), (187, 375), (182, 374), (171, 395)),
    "xeon-amx": ((167, 1272), (160, 865), (167, 1100), (160, 900)),
}


def write_cpuinfo(folder: Path, kind: str, processors: int = 2) -> Path:
    """A /proc/cpuinfo of ``processors`` processors of ``kind``, in ``folder``."""
    model, flags = CPU_KINDS[kind]
    blocks = [f"processor\t: {index}\nvendor_id\t: {'GenuineIntel' if 'Intel' in model else 'AuthenticAMD'}\n"
              f"model name\t: {model}\nflags\t\t: {flags}\n" for index in range(processors)]
    path = Path(folder) / f"cpuinfo-{kind}"
    path.write_text("\n".join(blocks) + "\n", encoding="ascii")
    return path


def write_speeds(folder: Path, kind: str, rates: tuple[tuple[float, float], ...] | None = None) -> Path:
    """A $RESEG_FORMAT_SPEEDS file of ``kind``'s rates (or ``rates``, a pair per stage), in ``folder``."""
    pairs = rates or RATES[kind]
    path = Path(folder) / f"speeds-{kind}.json"
    rates = {stage: {"fp32": fp32, "bf16": bf16} for stage, (fp32, bf16) in zip(STAGES, pairs)}
    path.write_text(json.dumps(rates))
    return path
