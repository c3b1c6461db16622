#!/usr/bin/env bash
# Peak resident memory of `tsforecast train` (1 epoch) on a long single-column series,
# against the budget 1.5 × (raw Float32 series + model state), model state = weights,
# gradients and Adam's two moments (4 × parameters × 4 bytes). Also prints the peak of a
# 1,000-row run: the process's fixed cost (binary, Swift runtime, Foundation, OpenBLAS).
#   benchmarks/cli/train_memory.sh [ROWS] [CASES]   (default 10000000 rows; CASES a
#   space-separated subset of "mlp lstm")
source "$(dirname "$0")/common.sh"
ROWS=${1:-10000000}
CASES=${2:-mlp lstm}
build_release

csv="$WORK/memory-$ROWS.csv" small="$WORK/memory-1000.csv"
[ -f "$csv" ] || python3 "$HERE/make_series.py" plain "$ROWS" "$csv"
[ -f "$small" ] || python3 "$HERE/make_series.py" plain 1000 "$small"

flags() {
    case $1 in
        mlp) echo "--model mlp --lags 10" ;;
        lstm) echo "--model lstm --lags 10 --batch-size 256" ;;
    esac
}

# One run: prints "case rows peak_kB wall_s parameters".
measure() {
    local name=$1 file=$2 rows=$3
    # shellcheck disable=SC2046
    /usr/bin/time -f "%M %e" -o "$WORK/memory-time" \
        "$B" train "$file" $(flags "$name") --epochs 1 --quiet --json -o "$WORK/memory-$name.safetensors" >"$WORK/memory-report.json"
    read -r peak wall <"$WORK/memory-time"
    echo "$name $rows $peak $wall $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["parameters"])' "$WORK/memory-report.json")"
}

results=()
for name in $CASES; do
    results+=("$(measure "$name" "$small" 1000)" "$(measure "$name" "$csv" "$ROWS")")
done

printf '%s\n' "${results[@]}" | python3 -c '
import sys
lines = [l.split() for l in sys.stdin]
base = {l[0]: int(l[2]) * 1024 for l in lines if l[1] == "1000"}
print("| train --epochs 1 | rows | peak RSS MB | 1,000-row peak MB | raw series MB | model state MB | budget MB | peak / budget | (peak − 1,000-row peak) / budget | bytes per row above the fixed cost | wall s |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for name, rows, peak, wall, params in lines:
    rows, peak, params = int(rows), int(peak) * 1024, int(params)
    if rows == 1000: continue
    raw, state = 4 * rows, 16 * params
    budget = 1.5 * (raw + state)
    extra = peak - base[name]
    print(f"| {name} ({params} parameters) | {rows:,} | {peak/1e6:.0f} | {base[name]/1e6:.0f} | {raw/1e6:.0f} | {state/1e6:.2f} | {budget/1e6:.0f} | "
          f"{peak/budget:.1f}x | {extra/budget:.1f}x | {extra/rows:.1f} | {float(wall):.0f} |")
'
machine
