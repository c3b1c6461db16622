#!/usr/bin/env bash
# One global model over many series: wall time, peak RSS and windows of
# `tsforecast train LONG.csv --id id` (LSTM H=32, lags 24, one epoch, batch 256, the last
# 24 rows of each series for test and the 24 before for validation) on SERIES related
# daily series of ROWS rows in one long-format file, against the raw Float32 data size.
#   benchmarks/cli/global_scale.sh [SERIES] [ROWS] [EPOCHS]   (default 10000 500 1)
source "$(dirname "$0")/common.sh"
SERIES=${1:-10000}
ROWS=${2:-500}
EPOCHS=${3:-1}
build_release

csv="$WORK/global-$SERIES-$ROWS.csv"
[ -f "$csv" ] || python3 "$HERE/make_series.py" long "$SERIES" "$ROWS" "$csv"
/usr/bin/time -f "%M %e %U %S" -o "$WORK/global-time" \
    "$B" train "$csv" --id id --model lstm --lags 24 --hidden 32 --batch-size 256 --epochs "$EPOCHS" \
    --test-horizon 24 --season 7 --quiet --json -o "$WORK/global.safetensors" >"$WORK/global-report.json"
read -r peak wall user sys <"$WORK/global-time"
machine
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
python3 - "$WORK/global-report.json" "$SERIES" "$ROWS" "$peak" "$wall" "$user" "$sys" "$(stat -c %s "$csv")" <<'PY'
import json
import sys

report = json.load(open(sys.argv[1]))
series, rows, peak_kb, wall, user, sys_s, size = sys.argv[2:]
series, rows = int(series), int(rows)
training = report["training"]
evaluation = report["evaluation"]
raw_mb = series * rows * 4 / 1e6
windows = series * (rows - 2 * 24 - 24)
print("| series × rows | CSV | raw Float32 | training windows / epoch | epochs | wall s | CPU s | peak RSS MB | median MASE (persistence) |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
print(f"| {series:,} × {rows} | {int(size) / 1e6:.0f} MB | {raw_mb:.0f} MB | {windows:,} | {training['epochs_run']} | {float(wall):.1f} | "
      f"{float(user) + float(sys_s):.1f} | {int(peak_kb) / 1024:.0f} | "
      f"{evaluation['model']['median_mase']:.3f} ({evaluation['persistence']['median_mase']:.3f}) |")
PY
