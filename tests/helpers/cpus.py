"""cpuinfo files of the CPU kinds this project's machines have had, for $RESEG_CPUINFO: a test takes
each kind's path through the engine on any machine, and none reads the real CPU's flags."""

from __future__ import annotations

from pathlib import Path

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


def write_cpuinfo(folder: Path, kind: str, processors: int = 2) -> Path:
    """A /proc/cpuinfo of ``processors`` processors of ``kind``, in ``folder``."""
    model, flags = CPU_KINDS[kind]
    blocks = [f"processor\t: {index}\nvendor_id\t: {'GenuineIntel' if 'Intel' in model else 'AuthenticAMD'}\n"
              f"model name\t: {model}\nflags\t\t: {flags}\n" for index in range(processors)]
    path = Path(folder) / f"cpuinfo-{kind}"
    path.write_text("\n".join(blocks) + "\n", encoding="ascii")
    return path
