#!/usr/bin/env python3
"""Prints the results (run.py's JSON lines) as a markdown table: per series and method, the
median test RMSE, its range over the seeds, the seed count, and the median wall seconds.

  table.py [RESULTS] [--tag TAG]
"""
import argparse
import json
import os
import statistics
from collections import defaultdict

import protocol


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("results", nargs="?", default=os.path.join(protocol.SCRATCH, "results.jsonl"))
    parser.add_argument("--tag", default=None)
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
    print("| series | method | median test RMSE | range | seeds | median s | epochs run |")
    print("|---|---|---:|---:|---:|---:|---|")
    for (series, label), runs in groups.items():
        values = sorted(r["rmse"] for r in runs)
        seconds = statistics.median(r.get("seconds", 0) for r in runs)
        epochs = ",".join(str(r["epochs_run"]) for r in runs if "epochs_run" in r)
        print(f"| {series} | {label} | {statistics.median(values):.4g} | {values[0]:.4g}–{values[-1]:.4g} | "
              f"{len(values)} | {seconds:.1f} | {epochs} |")


if __name__ == "__main__":
    main()
