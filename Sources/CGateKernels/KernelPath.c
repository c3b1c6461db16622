#include "CGateKernels.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[] = {"baseline", "avx2", "avx512"};

int cgk_supported_path(void) {
#if defined(__x86_64__)
    if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma")) return CGK_PATH_BASELINE;
    return __builtin_cpu_supports("avx512f") ? CGK_PATH_AVX512 : CGK_PATH_AVX2;
#else
    return CGK_PATH_BASELINE;
#endif
}

const char *cgk_path_name(int path) {
    return path >= CGK_PATH_BASELINE && path <= CGK_PATH_AVX512 ? names[path] : "unknown";
}

static int selected = CGK_PATH_BASELINE;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/// Reads `TSFORECAST_KERNELS` once: unset, empty or `auto` → the best supported path; a
/// supported path name → that path; anything else → a one-line message on standard error
/// and the best supported path (never an instruction the CPU lacks).
static void select_path(void) {
    const int best = cgk_supported_path();
    selected = best;
    const char *request = getenv("TSFORECAST_KERNELS");
    if (request == NULL || request[0] == '\0' || strcmp(request, "auto") == 0) return;
    for (int path = CGK_PATH_BASELINE; path <= CGK_PATH_AVX512; path++) {
        if (strcmp(request, names[path]) != 0) continue;
        if (path <= best) {
            selected = path;
        } else {
            fprintf(stderr,
                    "tsforecast: TSFORECAST_KERNELS=%s asks for a kernel path this CPU lacks; "
                    "using %s (the best it has)\n", request, names[best]);
        }
        return;
    }
    fprintf(stderr,
            "tsforecast: TSFORECAST_KERNELS=%s is not one of auto, baseline, avx2, avx512; "
            "using %s\n", request, names[best]);
}

int cgk_kernel_path(void) {
    pthread_once(&once, select_path);
    return selected;
}
