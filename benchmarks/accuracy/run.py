#!/usr/bin/env python3
"""Runs methods × series × seeds under the protocol and appends one JSON line per run.

  run.py [--series taylor,elnino,...] [--methods M,...] [--seeds 0,1,2]
         [--tsforecast-args "--seasonal-lags 336 --ensemble 5"] [--cli-defaults] [--tag T] [--results FILE]

Methods: `tsforecast:CONFIG` (configurations.TSFORECAST), `torch:VARIANT`
(configurations.TORCH), `darts`, `neuralforecast`, `stats` (AutoARIMA, AutoETS, seasonal
naive, persistence; deterministic, run once). Default: tsforecast:default, torch:plain,
darts, neuralforecast, stats. Results go to $ACCURACY_DIR/results.jsonl unless --results;
table.py prints them. Run series.py first. Meant to run alone: `nice -n 10 python3 run.py`.
"""
import argparse
import os
import shlex
import sys
import traceback

import configurations
import protocol

DEFAULT_METHODS = "tsforecast:default,torch:plain,darts,neuralforecast,stats"


def actuals(series, columns):
    y = columns[series.target]
    return y[protocol.split(len(y))[1]:]


def run_one(method, series, columns, seed, tsforecast_args, cli_defaults=False):
    """[(method label, rmse, info)] of one method on one series and seed."""
    truth = actuals(series, columns)
    kind, _, config = method.partition(":")
    if kind == "tsforecast":
        import tsforecast_run
        rmse, info = tsforecast_run.run(series, columns, seed, configurations.TSFORECAST[config] + tsforecast_args,
                                          equal_settings=not cli_defaults)
        return [(method, rmse, info)]
    if kind == "torch":
        import torch_loop
        predictions, info = torch_loop.run(series, columns, seed, **configurations.TORCH[config])
        return [(method, protocol.rmse(predictions, truth), info)]
    if kind == "darts":
        import darts_run
        predictions, info = darts_run.run(series, columns, seed)
        return [(method, protocol.rmse(predictions, truth), info)]
    if kind == "neuralforecast":
        import neuralforecast_run
        predictions, info = neuralforecast_run.run(series, columns, seed)
        return [(method, protocol.rmse(predictions, truth), info)]
    if kind == "stats":
        import stats_run
        return [(label, protocol.rmse(p, truth), info) for label, p, info in stats_run.run(series, columns)]
    raise SystemExit(f"unknown method {method}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--series", default=",".join(protocol.SERIES))
    parser.add_argument("--methods", default=DEFAULT_METHODS)
    parser.add_argument("--seeds", default=",".join(map(str, protocol.SEEDS)))
    parser.add_argument("--tsforecast-args", default="")
    parser.add_argument("--results", default=os.path.join(protocol.SCRATCH, "results.jsonl"))
    parser.add_argument("--cli-defaults", action="store_true",
                        help="tsforecast with its own defaults for model, lags, hidden, epochs, batch size and lr")
    parser.add_argument("--tag", default="", help="free text stored with each result (e.g. the binary's variant)")
    options = parser.parse_args()
    extra = shlex.split(options.tsforecast_args)
    seeds = [int(s) for s in options.seeds.split(",")]
    for name in options.series.split(","):
        series = protocol.SERIES[name]
        columns = protocol.read_columns(series)
        for method in options.methods.split(","):
            for seed in (seeds[:1] if method == "stats" else seeds):
                try:
                    results = run_one(method, series, columns, seed, extra, options.cli_defaults)
                except Exception:
                    traceback.print_exc()
                    print(f"FAILED {name} {method} seed {seed}", file=sys.stderr)
                    continue
                for label, rmse, info in results:
                    args = options.tsforecast_args if label.startswith("tsforecast") else ""
                    protocol.record(options.results, series=name, method=label, seed=seed, rmse=rmse,
                                    tsforecast_args=args, tag=options.tag, cli_defaults=options.cli_defaults, **info)
                    print(f"{name:10s} {label:28s} seed {seed}  rmse {rmse:10.4f}  {info.get('seconds', 0):7.1f} s", flush=True)


if __name__ == "__main__":
    main()
