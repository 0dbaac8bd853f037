// OpenBLAS (CBLAS) and LAPACKE from Debian. Used by Kernels for the small dense
// problems (symmetric eigenproblems, Cholesky solves) and as the in-process speed peer.
#ifndef CLAPACK_SHIM_H
#define CLAPACK_SHIM_H
#include <cblas.h>
#include <lapacke.h>

/// OpenBLAS must run single-threaded inside a rank: the ranks already fill the cores.
void openblas_set_num_threads(int num_threads);
#endif
