#!/usr/bin/env bash
# Cold-process forecast latency: `tsforecast forecast` (24 steps, LSTM hidden 32, lags 10,
# 10,000-row daily CSV) against a Python process that imports torch, loads the same
# safetensors weights and forecasts the same way (torch_forecast.py).
# Targets: tsforecast < 30 ms per process and ≥ 50x faster than the Python process.
#   benchmarks/cli/forecast_latency.sh [RUNS]     (RUNS of tsforecast, default 100)
# With STATIC=1 also a binary built with --static-swift-stdlib (in .build/static): no
# dynamic linking of the Swift runtime and Foundation at start-up.
source "$(dirname "$0")/common.sh"
need hyperfine "apt-get install hyperfine"
RUNS=${1:-100}
PY_RUNS=${PY_RUNS:-10}
build_release

csv="$WORK/latency.csv" model="$WORK/latency-lstm.safetensors"
[ -f "$csv" ] || python3 "$HERE/make_series.py" dated 10000 "$csv"
[ -f "$model" ] || "$B" train "$csv" --model lstm --hidden 32 --lags 10 --epochs 3 --quiet -o "$model" >/dev/null

"$B" forecast --model "$model" "$csv" --horizon 24 -o "$WORK/latency-swift.csv"
python3 "$HERE/torch_forecast.py" "$model" "$csv" 24 >"$WORK/latency-torch.csv"

hyperfine -N --style none -w 5 -r "$RUNS" --export-json "$WORK/latency-swift.json" \
    "$B forecast --model $model $csv --horizon 24 -o $WORK/latency-out.csv" >/dev/null
rm -f "$WORK/latency-static.json"
if [ "${STATIC:-0}" = 1 ]; then
    (cd "$ROOT" && swift build -c release --product tsforecast --static-swift-stdlib --scratch-path .build/static >&2)
    hyperfine -N --style none -w 5 -r "$RUNS" --export-json "$WORK/latency-static.json" \
        "$ROOT/.build/static/release/tsforecast forecast --model $model $csv --horizon 24 -o $WORK/latency-out.csv" >/dev/null
fi
hyperfine --style none -w 1 -r "$PY_RUNS" --export-json "$WORK/latency-torch.json" \
    "python3 $HERE/torch_forecast.py $model $csv 24" >/dev/null

python3 - "$WORK" <<'PY'
import csv, json, os, sys
work = sys.argv[1]
def forecasts(name):
    with open(f"{work}/{name}") as f:
        return [float(r["forecast"]) for r in csv.DictReader(f)]
swift, torch = forecasts("latency-swift.csv"), forecasts("latency-torch.csv")
diff = max(abs(a - b) for a, b in zip(swift, torch))
rows = []
runs = [("tsforecast forecast", "latency-swift.json"), ("python + torch", "latency-torch.json")]
if os.path.exists(f"{work}/latency-static.json"):
    runs.append(("tsforecast, --static-swift-stdlib", "latency-static.json"))
for label, name in runs:
    r = json.load(open(f"{work}/{name}"))["results"][0]
    rows.append((label, len(r["times"]), r["mean"], r["median"], r["min"], r["user"] + r["system"]))
print("| process (24-step forecast, LSTM H=32, lags 10, 10,000 rows) | runs | mean ms | median ms | min ms | CPU ms (user+sys) |")
print("|---|---:|---:|---:|---:|---:|")
for label, n, mean, median, low, cpu in rows:
    print(f"| {label} | {n} | {mean*1e3:.1f} | {median*1e3:.1f} | {low*1e3:.1f} | {cpu*1e3:.1f} |")
(_, _, sm, smed, _, _), (_, _, pm, pmed, _, _) = rows[:2]
print(f"| ratio python / tsforecast | | {pm/sm:.0f}x | {pmed/smed:.0f}x | | |")
print(f"\nforecasts agree: {len(swift)} steps each, max |tsforecast − torch| = {diff:.3g}")
print("targets: tsforecast median < 30 ms:", "met" if smed < 0.030 else "MISSED",
      "; ≥ 50x faster:", "met" if pmed / smed >= 50 else "MISSED")
PY
machine
