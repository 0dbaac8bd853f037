// Compiler intrinsics that Swift does not expose, as inline C the optimiser sees through.
#ifndef CKERNELSUPPORT_H
#define CKERNELSUPPORT_H

/// Asks for the cache line holding `address` ahead of a write (GEMM's C tile: the
/// micro-kernel touches it only after its whole depth loop, so the load overlaps the FMAs).
static inline void ckernel_prefetch_for_write(const void *address) { __builtin_prefetch(address, 1, 3); }

#endif
