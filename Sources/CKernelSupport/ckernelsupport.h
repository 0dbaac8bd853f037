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

#endif
