// OpenBLAS's CBLAS interface (cblas_sgemm, cblas_sgemv, openblas_set_num_threads).
#include <cblas.h>
