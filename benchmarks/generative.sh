#!/usr/bin/env bash
# Dense VAE and GAN and 1-D conv autoencoder training steps, tsforecast vs PyTorch, side by side (not a test; never
# run in CI). Shapes: benchmarks/pytorch/generative_step.py.
#
# Usage: benchmarks/generative.sh [--threads N] [--seconds S] [--model vae|gan|conv-ae]
set -euo pipefail
cd "$(dirname "$0")/.."
args=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --threads|--seconds|--model) args+=("$1" "$2"); shift 2 ;;
        *) echo "usage: $0 [--threads N] [--seconds S] [--model vae|gan|conv-ae]" >&2; exit 2 ;;
    esac
done
swift build -c release --product tsforecast-bench >&2
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
.build/release/tsforecast-bench generative "${args[@]}" --json > "$out/swift.json"
python3 benchmarks/pytorch/generative_step.py "${args[@]}" --json > "$out/torch.json"
python3 - "$out" <<'PY'
import json
import sys

swift, torch = (json.load(open(f"{sys.argv[1]}/{name}.json")) for name in ("swift", "torch"))
theirs = {w["model"]: w for w in torch["workloads"]}
print(f"threads {swift['threads']}; {torch['framework']}")
print("| workload | tsforecast steps/s | PyTorch steps/s | ratio |")
print("|---|---:|---:|---:|")
for w in swift["workloads"]:
    t = theirs[w["model"]]
    print(f"| {w['model']} B{w['batch']} | {w['steps_per_s']:,.1f} | {t['steps_per_s']:,.1f} | {w['steps_per_s'] / t['steps_per_s']:.2f}x |")
PY
