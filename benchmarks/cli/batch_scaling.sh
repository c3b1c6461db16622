#!/usr/bin/env bash
# Batch forecasting throughput: `tsforecast batch forecast` of 10,000 small series (100 daily
# rows each, one small LSTM model per series, 24 steps) with --jobs 1 and --jobs 2.
# Target: --jobs 2 at least 1.8x faster than --jobs 1 (on a machine with 2 idle cores).
#   benchmarks/cli/batch_scaling.sh [SERIES] [ROUNDS]     (default 10000 series, 2 rounds)
source "$(dirname "$0")/common.sh"
SERIES=${1:-10000}
ROUNDS=${2:-2}
build_release

dir="$WORK/batch-$SERIES" 
if [ ! -f "$dir/ready" ]; then
    rm -rf "$dir" && mkdir -p "$dir/models"
    python3 "$HERE/make_series.py" many "$SERIES" 100 "$dir/series"
    "$B" train "$dir/series/s00000.csv" --model lstm --hidden 16 --lags 10 --epochs 5 --quiet -o "$dir/model.safetensors" >/dev/null
    for f in "$dir"/series/*.csv; do s=$(basename "$f" .csv); cp "$dir/model.safetensors" "$dir/models/$s.safetensors"; done
    touch "$dir/ready"
fi

# Outputs go to WORK (a disk: each forecast file and its directory are fsynced, as
# writeAtomically does) and, when /dev/shm exists, to tmpfs (fsync is free there), which
# separates the compute scaling from the disk's sync latency.
targets=("disk:$dir")
[ -d /dev/shm ] && targets+=("tmpfs:/dev/shm/tsforecast-clibench-$$")

# One timed run: prints "place jobs wall_s cpu_s". jobs "2p" is the control: two processes
# with --jobs 1 on shards 0/2 and 1/2, i.e. what two cores give without any sharing.
run() {
    local place=${1%%:*} base=${1#*:} jobs=$2 out
    out="$base/out-$jobs"
    rm -rf "$out"
    local command="$B batch forecast $dir/series --models $dir/models --out $out --horizon 24"
    if [ "$jobs" = 2p ]; then
        command="$command --jobs 1 --shard 0/2 & $command --jobs 1 --shard 1/2 & wait"
    else
        command="$command --jobs $jobs"
    fi
    /usr/bin/time -f "%e %U %S" -o "$dir/time" sh -c "$command" >/dev/null
    read -r wall user sys <"$dir/time"
    echo "$place $jobs $wall $(echo "$user + $sys" | bc)"
}

results=()
for _ in $(seq "$ROUNDS"); do   # alternate so all see the same background load
    for target in "${targets[@]}"; do
        for jobs in 1 2 2p; do results+=("$(run "$target" "$jobs")"); done
    done
done
ok=$(grep -c ',ok,' "$dir/out-2/summary-0-of-1.csv" || true)   # the last disk run
rm -rf "/dev/shm/tsforecast-clibench-$$"

printf '%s\n' "${results[@]}" | python3 -c '
import sys, statistics
series = int(sys.argv[1]); ok = int(sys.argv[2])
runs = {}
for line in sys.stdin:
    place, jobs, wall, cpu = line.split()
    runs.setdefault((place, jobs), []).append((float(wall), float(cpu)))
print(f"| batch forecast, {series} series × 100 rows, LSTM H=16, 24 steps | runs | wall s (best) | wall s (median) | series/s (best) | CPU s (median) | speed-up |")
print("|---|---:|---:|---:|---:|---:|---:|")
for (place, jobs), r in sorted(runs.items()):
    walls = [w for w, _ in r]
    base = min(w for w, _ in runs[(place, "1")])
    label = "2 processes × --jobs 1 (--shard 0/2, 1/2)" if jobs == "2p" else f"--jobs {jobs}"
    print(f"| out on {place}, {label} | {len(r)} | {min(walls):.2f} | {statistics.median(walls):.2f} | {series/min(walls):.0f} | "
          f"{statistics.median(c for _, c in r):.2f} | {base/min(walls):.2f}x |")
print(f"\nspeed-up = best --jobs 1 wall / best wall (target ≥ 1.8x for --jobs 2); {ok} of {series} series ok")
' "$SERIES" "$ok"
machine
