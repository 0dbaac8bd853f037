// C the Swift side cannot reach directly (a compiler intrinsic, glibc's malloc tuning),
// as inline functions the optimiser sees through.
#ifndef CKERNELSUPPORT_H
#define CKERNELSUPPORT_H

#if __has_include(<malloc.h>)
#include <malloc.h>
#endif

/// Asks for the cache line holding `address` ahead of a write (GEMM's C tile: the
/// micro-kernel touches it only after its whole depth loop, so the load overlaps the FMAs).
static inline void ckernel_prefetch_for_write(const void *address) { __builtin_prefetch(address, 1, 3); }

/// Asks for the cache line holding `address` into L1 ahead of a read.
static inline void ckernel_prefetch_for_read(const void *address) { __builtin_prefetch(address, 0, 3); }

/// Serves allocations up to 32 MiB from the heap and never trims it, so freed arrays'
/// pages are reused instead of mapped and faulted in afresh. Returns 0 where there is no
/// glibc (nothing changed), 1 when both settings took.
static inline int ckernel_keep_freed_arrays(void) {
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
    return mallopt(M_MMAP_THRESHOLD, 32 << 20) && mallopt(M_TRIM_THRESHOLD, 0x7fffffff);
#else
    return 0;
#endif
}

// ---- Instruction sets: what this code was compiled for, and what the CPU has ----
//
// Feature bits shared by the two functions below. The compile-time set comes from the
// compiler's predefined macros, which the Swift module importing this header sees with
// its own `-target-cpu` (checked: `native` on an AVX-512 CPU gives AVX512F, `haswell`
// does not). The run-time set comes from CPUID and XGETBV (the OS must save the wide
// registers too), so it needs no parsing and no library.
enum {
    CKERNEL_ISA_AVX2 = 1 << 0, CKERNEL_ISA_FMA = 1 << 1, CKERNEL_ISA_F16C = 1 << 2,
    CKERNEL_ISA_BMI2 = 1 << 3, CKERNEL_ISA_MOVBE = 1 << 4,
    CKERNEL_ISA_AVX512F = 1 << 5, CKERNEL_ISA_AVX512DQ = 1 << 6, CKERNEL_ISA_AVX512BW = 1 << 7,
    CKERNEL_ISA_AVX512VL = 1 << 8, CKERNEL_ISA_AVX512CD = 1 << 9, CKERNEL_ISA_AVX512VBMI = 1 << 10,
    CKERNEL_ISA_AVX512VBMI2 = 1 << 11, CKERNEL_ISA_AVX512VNNI = 1 << 12, CKERNEL_ISA_AVX512BF16 = 1 << 13,
    CKERNEL_ISA_AVX512IFMA = 1 << 14, CKERNEL_ISA_AVX512VPOPCNTDQ = 1 << 15, CKERNEL_ISA_AVX512BITALG = 1 << 16,
    CKERNEL_ISA_AVX512FP16 = 1 << 17, CKERNEL_ISA_AVXVNNI = 1 << 18, CKERNEL_ISA_GFNI = 1 << 19,
};

/// The feature bits the importing module's code may use (its `-target-cpu`).
static inline unsigned ckernel_compiled_isa(void) {
    unsigned bits = 0;
#if defined(__AVX2__)
    bits |= CKERNEL_ISA_AVX2;
#endif
#if defined(__FMA__)
    bits |= CKERNEL_ISA_FMA;
#endif
#if defined(__F16C__)
    bits |= CKERNEL_ISA_F16C;
#endif
#if defined(__BMI2__)
    bits |= CKERNEL_ISA_BMI2;
#endif
#if defined(__MOVBE__)
    bits |= CKERNEL_ISA_MOVBE;
#endif
#if defined(__AVX512F__)
    bits |= CKERNEL_ISA_AVX512F;
#endif
#if defined(__AVX512DQ__)
    bits |= CKERNEL_ISA_AVX512DQ;
#endif
#if defined(__AVX512BW__)
    bits |= CKERNEL_ISA_AVX512BW;
#endif
#if defined(__AVX512VL__)
    bits |= CKERNEL_ISA_AVX512VL;
#endif
#if defined(__AVX512CD__)
    bits |= CKERNEL_ISA_AVX512CD;
#endif
#if defined(__AVX512VBMI__)
    bits |= CKERNEL_ISA_AVX512VBMI;
#endif
#if defined(__AVX512VBMI2__)
    bits |= CKERNEL_ISA_AVX512VBMI2;
#endif
#if defined(__AVX512VNNI__)
    bits |= CKERNEL_ISA_AVX512VNNI;
#endif
#if defined(__AVX512BF16__)
    bits |= CKERNEL_ISA_AVX512BF16;
#endif
#if defined(__AVX512IFMA__)
    bits |= CKERNEL_ISA_AVX512IFMA;
#endif
#if defined(__AVX512VPOPCNTDQ__)
    bits |= CKERNEL_ISA_AVX512VPOPCNTDQ;
#endif
#if defined(__AVX512BITALG__)
    bits |= CKERNEL_ISA_AVX512BITALG;
#endif
#if defined(__AVX512FP16__)
    bits |= CKERNEL_ISA_AVX512FP16;
#endif
#if defined(__AVXVNNI__)
    bits |= CKERNEL_ISA_AVXVNNI;
#endif
#if defined(__GFNI__)
    bits |= CKERNEL_ISA_GFNI;
#endif
    return bits;
}

#if defined(__x86_64__)
#include <cpuid.h>
#endif

/// The feature bits this CPU (and the OS's register saving) supports; 0 off x86_64.
/// Kept out of line and free of loops, so that it runs on any x86-64 CPU even in a
/// binary built for a newer one: it is what tells such a binary to stop.
__attribute__((noinline)) static unsigned ckernel_cpu_isa(void) {
    unsigned bits = 0;
#if defined(__x86_64__)
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    const int osxsave = (c >> 27) & 1, avx = (c >> 28) & 1;
    if (c & (1u << 12)) bits |= CKERNEL_ISA_FMA;
    if (c & (1u << 29)) bits |= CKERNEL_ISA_F16C;
    if (c & (1u << 22)) bits |= CKERNEL_ISA_MOVBE;
    if (!osxsave || !avx) return bits & CKERNEL_ISA_MOVBE;
    unsigned xcr0_low = 0, xcr0_high = 0;
    __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 0x6) != 0x6) return bits & CKERNEL_ISA_MOVBE;   // XMM and YMM state
    const int zmm = (xcr0_low & 0xe6) == 0xe6;                       // + opmask, ZMM state
    unsigned max = __get_cpuid_max(0, 0);
    if (max < 7) return bits;
    __cpuid_count(7, 0, a, b, c, d);
    if (b & (1u << 5)) bits |= CKERNEL_ISA_AVX2;
    if (b & (1u << 8)) bits |= CKERNEL_ISA_BMI2;
    if (c & (1u << 8)) bits |= CKERNEL_ISA_GFNI;
    if (zmm) {
        if (b & (1u << 16)) bits |= CKERNEL_ISA_AVX512F;
        if (b & (1u << 17)) bits |= CKERNEL_ISA_AVX512DQ;
        if (b & (1u << 21)) bits |= CKERNEL_ISA_AVX512IFMA;
        if (b & (1u << 28)) bits |= CKERNEL_ISA_AVX512CD;
        if (b & (1u << 30)) bits |= CKERNEL_ISA_AVX512BW;
        if (b & (1u << 31)) bits |= CKERNEL_ISA_AVX512VL;
        if (c & (1u << 1)) bits |= CKERNEL_ISA_AVX512VBMI;
        if (c & (1u << 6)) bits |= CKERNEL_ISA_AVX512VBMI2;
        if (c & (1u << 11)) bits |= CKERNEL_ISA_AVX512VNNI;
        if (c & (1u << 12)) bits |= CKERNEL_ISA_AVX512BITALG;
        if (c & (1u << 14)) bits |= CKERNEL_ISA_AVX512VPOPCNTDQ;
        if (d & (1u << 23)) bits |= CKERNEL_ISA_AVX512FP16;
    }
    __cpuid_count(7, 1, a, b, c, d);
    if (a & (1u << 4)) bits |= CKERNEL_ISA_AVXVNNI;
    if (zmm && (a & (1u << 5))) bits |= CKERNEL_ISA_AVX512BF16;
#endif
    return bits;
}


#endif
