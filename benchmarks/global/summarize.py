"""Table of a global-vs-local run of us_employment.sh: per seed, the aggregates over the
series of each forecaster's test scores, then the median [min–max] over seeds.

    python3 summarize.py OUT_DIR LONG_CSV SEED...

One-step scores: OUT_DIR/local-SEED/<id>.json (`evaluate --json` of each local model) and
OUT_DIR/global-SEED.json (`train --id --json`); persistence and seasonal naive are scored on
the same rows by both (the table shows the global run's). 24-step scores: the `.sim` files
(`evaluate --mode simulation --json`: one forecast of the whole 24-month test part, the
model's own forecasts fed back); the naive 24-step forecasts beside them are computed here
from LONG_CSV: persistence repeats the last value before the test part, seasonal naive
forecasts row t from y(t − 12·⌈h/12⌉) at lead h; both are scaled by each series' MASE scale
(`scale` in the global report: mean |y(t) − y(t−12)| over its training part). Times come
from the `/usr/bin/time` files (wall, user, system seconds).
"""
import csv
import glob
import json
import math
import os
import statistics
import sys
from collections import defaultdict

out, long_csv, seeds = sys.argv[1], sys.argv[2], sys.argv[3:]
LOCAL, GLOBAL = "local LSTM (batch train)", "global LSTM (train --id)"


def aggregate(mase, smape=None):
    finite = [m for m in mase if m is not None]
    result = {"median_mase": statistics.median(finite), "mean_mase": statistics.fmean(finite), "series": len(mase)}
    if smape is not None:
        result["mean_smape"] = statistics.fmean(s for s in smape if s is not None)
    return result


def times(path):
    wall, user, system = map(float, open(path).read().split())
    return {"wall": wall, "cpu": user + system}


def naive_24_step(names, scales, horizon=24, season=12):
    """Median/mean MASE of the naive forecasts of the last `horizon` rows of each series."""
    values = defaultdict(list)
    with open(long_csv) as f:
        for row in csv.DictReader(f):
            values[row["id"]].append(float(row["value"]))
    persistence, seasonal = [], []
    for name, scale in zip(names, scales):
        y = values[name]
        origin = len(y) - horizon
        leads = range(1, horizon + 1)
        persistence.append(statistics.fmean(abs(y[origin + h - 1] - y[origin - 1]) for h in leads) / scale)
        seasonal.append(statistics.fmean(
            abs(y[origin + h - 1] - y[origin + h - 1 - season * math.ceil(h / season)]) for h in leads) / scale)
    return aggregate(persistence), aggregate(seasonal)


runs = {LOCAL: [], GLOBAL: [], "persistence": [], "seasonal naive": []}
wins = []
for seed in seeds:
    report = json.load(open(os.path.join(out, f"global-{seed}.json")))
    series = report["evaluation"]["series"]
    names = [s["name"] for s in series]
    simulated = {s["name"]: s["metrics"]["mase"] for s in json.load(open(os.path.join(out, f"global-{seed}.sim")))["series"]}
    runs[GLOBAL].append(
        aggregate([s["metrics"]["mase"] for s in series], [s["metrics"]["smape"] for s in series])
        | times(os.path.join(out, f"global-{seed}.time")) | {"epochs": report["training"]["epochs_run"]}
        | {"sim_" + k: v for k, v in aggregate([simulated[n] for n in names]).items()})
    local_dir = os.path.join(out, f"local-{seed}")
    if os.path.isdir(local_dir):
        one_step = {n: json.load(open(os.path.join(local_dir, n + ".json")))["metrics"] for n in names}
        simulation = {n: json.load(open(os.path.join(local_dir, n + ".sim")))["metrics"]["mase"] for n in names}
        runs[LOCAL].append(
            aggregate([one_step[n]["mase"] for n in names], [one_step[n]["smape"] for n in names])
            | times(os.path.join(out, f"local-{seed}.time"))
            | {"sim_" + k: v for k, v in aggregate([simulation[n] for n in names]).items()})
        wins.append(sum(s["metrics"]["mase"] < one_step[s["name"]]["mase"] for s in series))
    persistence, seasonal = naive_24_step(names, [s["scale"] for s in series])
    for name, key, sim in (("persistence", "persistence", persistence), ("seasonal naive", "seasonal_naive", seasonal)):
        runs[name].append(
            aggregate([s["baselines"][key]["mase"] for s in series], [s["baselines"][key]["smape"] for s in series])
            | {"sim_" + k: v for k, v in sim.items()})


def cell(rows, key, digits):
    values = [r[key] for r in rows if r.get(key) is not None]
    if not values:
        return "–"
    if min(values) == max(values):
        return f"{values[0]:.{digits}f}"
    return f"{statistics.median(values):.{digits}f} [{min(values):.{digits}f}–{max(values):.{digits}f}]"


print(f"seeds {' '.join(seeds)}; each cell: median [min–max] over the seeds of an aggregate over the series")
print()
print("| forecaster | series | one-step median MASE | one-step mean MASE | one-step mean sMAPE % "
      "| 24-step median MASE | 24-step mean MASE | wall s | CPU s |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for name, rows in runs.items():
    if rows:
        print(f"| {name} | {rows[0]['series']} | {cell(rows, 'median_mase', 3)} | {cell(rows, 'mean_mase', 3)} | "
              f"{cell(rows, 'mean_smape', 2)} | {cell(rows, 'sim_median_mase', 3)} | {cell(rows, 'sim_mean_mase', 3)} | "
              f"{cell(rows, 'wall', 1)} | {cell(rows, 'cpu', 1)} |")
print()
if wins:
    print(f"series where the global model's one-step MASE is below the local one's, per seed: {wins} of {len(names)}")
print(f"global epochs run per seed: {[r['epochs'] for r in runs[GLOBAL]]}")
