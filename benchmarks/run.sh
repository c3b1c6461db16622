#!/usr/bin/env bash
# Training throughput, tsforecast vs PyTorch, side by side (not a test; never run in CI).
#
# Usage: benchmarks/run.sh [--threads N] [--seconds S] [--repeat R] [--model lstm|gru|rnn|narx|cnn]
#   --threads  compute threads for tsforecast (ComputeThreads), torch.set_num_threads for PyTorch (default 2)
#   --seconds  per-workload cut-off of the measured epoch (default 3)
#   --repeat   run both R times, alternating, and keep each workload's best (default 1;
#              on a shared machine other jobs only ever slow a run down)
# Builds the release benchmark once, runs both with --json, prints one table.
set -euo pipefail
cd "$(dirname "$0")/.."
threads=2
seconds=3
repeat=1
model=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --threads) threads="$2"; shift 2 ;;
        --seconds) seconds="$2"; shift 2 ;;
        --repeat) repeat="$2"; shift 2 ;;
        --model) model=(--model "$2"); shift 2 ;;
        *) echo "usage: $0 [--threads N] [--seconds S] [--repeat R] [--model lstm|gru|rnn|narx|cnn]" >&2; exit 2 ;;
    esac
done
swift build -c release --product tsforecast-bench >&2
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); CPU: $(lscpu | sed -n 's/^Model name: *//p'), $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
for r in $(seq "$repeat"); do
    echo "tsforecast, run $r ..." >&2
    .build/release/tsforecast-bench training --threads "$threads" --seconds "$seconds" "${model[@]}" --json > "$out/swift$r.json"
    echo "pytorch, run $r ..." >&2
    python3 benchmarks/pytorch/train_throughput.py --threads "$threads" --seconds "$seconds" "${model[@]}" --json > "$out/torch$r.json"
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$out" "$repeat" <<'PY'
import json
import sys

folder, repeat = sys.argv[1], int(sys.argv[2])
key = lambda w: (w["model"], w["hidden"], w["steps"], w["batch"], w["layers"])


def best(prefix):
    """The runs of one framework merged: each workload's fastest run, the best sgemm peak."""
    runs = [json.load(open(f"{folder}/{prefix}{r}.json")) for r in range(1, repeat + 1)]
    merged = dict(runs[0], sgemm_gflops=max(run["sgemm_gflops"] for run in runs))
    merged["workloads"] = [max((w for run in runs for w in run["workloads"] if key(w) == key(first)),
                               key=lambda w: w["windows_per_s"]) for first in runs[0]["workloads"]]
    for w in merged["workloads"]:
        w["peak_fraction"] = w["gflops"] / merged["sgemm_gflops"]
    return merged


swift, torch = best("swift"), best("torch")
theirs = {key(w): w for w in torch["workloads"]}
print(f"threads {swift['threads']}; best of {repeat} run(s); sgemm 2048^3: tsforecast (OpenBLAS) "
      f"{swift['sgemm_gflops']:.1f} GFLOP/s, {torch['framework']} {torch['sgemm_gflops']:.1f} GFLOP/s")
print()
print("| workload | tsforecast windows/s | PyTorch windows/s | ratio | tsforecast GFLOP/s | % of sgemm peak | PyTorch GFLOP/s |")
print("|---|---:|---:|---:|---:|---:|---:|")
for w in swift["workloads"]:
    t = theirs[key(w)]
    name = f"{w['model']} H{w['hidden']} L{w['steps']} B{w['batch']}" + (f" x{w['layers']} layers" if w["layers"] > 1 else "")
    print(f"| {name} | {w['windows_per_s']:,.0f} | {t['windows_per_s']:,.0f} | {w['windows_per_s'] / t['windows_per_s']:.2f}x "
          f"| {w['gflops']:.1f} | {100 * w['peak_fraction']:.0f}% | {t['gflops']:.1f} |")
PY
