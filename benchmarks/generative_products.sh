#!/usr/bin/env bash
# How much of a generative training step is matrix products: a CPU profile (perf, cpu-clock)
# of `tsforecast-bench generative --steps N` per workload, with the CPU time a step spends in
# OpenBLAS's sgemm (kernels, packing, small-matrix kernels), in the direct convolution
# kernels (the products of the convolutions with 32 or more positions) and in the rest
# (element-wise passes, Adam, noise, the gradient sum, waiting), per thread. A step cannot
# take less wall time than its products take on each thread, whatever the rest costs.
# Not a test; never run in CI. Needs `perf` (Debian: linux-perf) and permission to profile
# (root, or kernel.perf_event_paranoid ≤ 1).
#
# Usage: benchmarks/generative_products.sh [--threads N] [--model vae|gan|conv-ae]
set -euo pipefail
cd "$(dirname "$0")/.."
threads=2
models=(vae gan conv-ae)
while [[ $# -gt 0 ]]; do
    case "$1" in
        --threads) threads="$2"; shift 2 ;;
        --model) models=("$2"); shift 2 ;;
        *) echo "usage: $0 [--threads N] [--model vae|gan|conv-ae]" >&2; exit 2 ;;
    esac
done
command -v perf > /dev/null || { echo "$0: perf is not installed (Debian: apt-get install linux-perf)" >&2; exit 2; }
swift build -c release --product tsforecast-bench >&2
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# About ten seconds of CPU time each.
declare -A steps=([vae]=6000 [gan]=4000 [conv-ae]=1000)
echo "threads $threads; CPU time per step from perf's cpu-clock samples"
echo "| workload | steps/s | CPU µs/step | sgemm share | µs/step per thread: sgemm | direct convolutions | rest |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for model in "${models[@]}"; do
    rate="$(perf record -q -e cpu-clock -o "$out/$model.data" .build/release/tsforecast-bench generative \
        --model "$model" --threads "$threads" --steps "${steps[$model]}" --json 2> /dev/null |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["workloads"][0]["steps_per_s"])')"
    perf report -i "$out/$model.data" --stdio --no-children --sort dso,symbol -F overhead,sym,dso 2> /dev/null > "$out/$model.txt"
    perf report -i "$out/$model.data" --stdio --header-only 2> /dev/null | grep -m1 'Event count' > "$out/$model.count" || true
    python3 - "$out/$model.txt" "$out/$model.count" "$model" "$rate" "${steps[$model]}" "$threads" <<'PY'
import re
import sys

report, count, model, rate, steps, threads = sys.argv[1:]
text = open(report).read()
total_ns = None
for line in open(count).read().splitlines() + text.splitlines():
    m = re.search(r"Event count \(approx\.\): (\d+)", line)
    if m:
        total_ns = int(m.group(1))
        break
share = direct = 0.0
for line in text.splitlines():
    m = re.match(r"\s*([\d.]+)%\s+\[\.\]\s+(\S+)\s+(\S+)", line)
    if m and "openblas" in m.group(3) and "sgemm" in m.group(2):
        share += float(m.group(1)) / 100
    elif m and re.fullmatch(r"(direct|weights)_avx(2|512)", m.group(2)):
        direct += float(m.group(1)) / 100
# One warm-up step runs before the counted ones.
cpu_us = total_ns / 1e3 / (int(steps) + 1)
t = int(threads)
print(f"| {model} | {float(rate):,.1f} | {cpu_us:,.0f} | {share:.1%} | {cpu_us * share / t:,.0f} | {cpu_us * direct / t:,.0f} "
      f"| {cpu_us * (1 - share - direct) / t:,.0f} |")
PY
done
