#!/usr/bin/env python3
"""Prints the results (run.py's JSON lines) as a markdown table: per series and method, the
median test RMSE, its range over the seeds, the seed count, and the median wall seconds.

  table.py [RESULTS] [--tag TAG] [--wide]

--wide prints one row per series and one column per method, cells "median (min–max)".
"""
import argparse
import json
import os
import re
import statistics
from collections import defaultdict

import protocol


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results", nargs="?", default=os.path.join(protocol.SCRATCH, "results.jsonl"))
    parser.add_argument("--tag", default=None)
    parser.add_argument("--wide", action="store_true")
    options = parser.parse_args()
    groups = defaultdict(list)
    with open(options.results) as f:
        for line in f:
            r = json.loads(line)
            if options.tag is not None and r.get("tag", "") != options.tag:
                continue
            label = r["method"] + (f" {r['tsforecast_args']}" if r.get("tsforecast_args") else "")
            label += f" [{r['tag']}]" if r.get("tag") else ""
            groups[(r["series"], label)].append(r)
    if options.wide:
        return print_wide(groups)
    print("| series | method | median test RMSE | range | seeds | median s | epochs run |")
    print("|---|---|---:|---:|---:|---:|---|")
    for (series, label), runs in groups.items():
        values = sorted(r["rmse"] for r in runs)
        seconds = statistics.median(r.get("seconds", 0) for r in runs)
        epochs = ",".join(str(r["epochs_run"]) for r in runs if "epochs_run" in r)
        print(f"| {series} | {label} | {statistics.median(values):.4g} | {values[0]:.4g}–{values[-1]:.4g} | "
              f"{len(values)} | {seconds:.1f} | {epochs} |")


def print_wide(groups):
    # One column per method: the season of the statistical models ("AutoETS (m=12)") goes.
    merged = defaultdict(list)
    for (name, method), runs in groups.items():
        merged[(name, re.sub(r" \(m=\d+\)", "", method))] += runs
    groups = merged
    series = list(dict.fromkeys(s for s, _ in groups))
    methods = list(dict.fromkeys(m for _, m in groups))
    print("| series | " + " | ".join(methods) + " |")
    print("|---|" + "---:|" * len(methods))
    for name in series:
        cells = []
        for method in methods:
            values = sorted(r["rmse"] for r in groups.get((name, method), []))
            if not values:
                cells.append("")
            elif len(values) == 1:
                cells.append(f"{values[0]:.4g}")
            else:
                cells.append(f"{statistics.median(values):.4g} ({values[0]:.4g}–{values[-1]:.4g})")
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
