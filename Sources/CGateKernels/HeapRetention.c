#include "CGateKernels.h"

#include <stdlib.h>  // defines __GLIBC__ with glibc
#ifdef __GLIBC__
#include <malloc.h>
#endif

void cgk_retain_freed_memory(void) {
#ifdef __GLIBC__
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}
