# Shared by the command-level benchmarks (sourced, not run).
#   ROOT  the package root      B     the release tsforecast binary
#   WORK  scratch directory (TSFORECAST_BENCH_DIR, default /tmp/tsforecast-clibench)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=${TSFORECAST_BENCH_DIR:-/tmp/tsforecast-clibench}
B="$ROOT/.build/release/tsforecast"
mkdir -p "$WORK"

# Builds the release binary (incremental: a no-op when it is up to date); with
# TSFORECAST_BENCH_NO_BUILD=1 an existing binary is used as it is.
build_release() {
    if [ "${TSFORECAST_BENCH_NO_BUILD:-0}" = 1 ] && [ -x "$B" ]; then return; fi
    (cd "$ROOT" && swift build -c release --product tsforecast >&2)
}

# Fails with a message when a tool is missing.
need() {
    command -v "$1" >/dev/null || { echo "$0: needs $1 ($2)" >&2; exit 1; }
}

# The machine line of every table.
machine() {
    echo "machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
}
