"""Runs `tsforecast train` under the protocol and reads the test RMSE from its --json report.

The binary is $TSFORECAST_BIN (default: .build/release/tsforecast of this checkout; build it
once with `swift build -c release --product tsforecast`). The equal settings come from the
series (protocol.py) unless `equal_settings` is off; `extra` (a configurations.TSFORECAST row plus --tsforecast-args) is
appended, so a later flag of the same name wins. Inputs are read one step behind
(`--input-delay 1`), like the other networks' past covariates. One thread, like the others.
"""
import json
import os
import subprocess
import tempfile

from protocol import split

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
BINARY = os.environ.get("TSFORECAST_BIN", os.path.join(REPO, ".build", "release", "tsforecast"))


def arguments(series, seed, extra, model_path, equal_settings=True):
    args = [BINARY, "train", series.path, "--target", series.target, "--seed", str(seed),
            "--season", str(series.season), "--threads", "1", "--json", "--quiet", "-o", model_path]
    if equal_settings:
        args += ["--model", "lstm", "--lags", str(series.lags), "--hidden", str(series.hidden),
                 "--epochs", str(series.epochs), "--batch-size", str(series.batch), "--lr", str(series.lr)]
    if series.time:
        args += ["--time", series.time]
    if series.inputs:
        args += ["--inputs", ",".join(series.inputs), "--input-delay", "1"]
    return args + list(extra)


def run(series, columns, seed, extra=(), equal_settings=True):
    """(test RMSE, info); without `equal_settings`, the command's own defaults (model, lags,
    hidden, epochs, batch size, lr) apply, for the study of those defaults."""
    n = len(columns[series.target])
    with tempfile.TemporaryDirectory() as folder:
        args = arguments(series, seed, extra, os.path.join(folder, "model.safetensors"), equal_settings)
        done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: exit {done.returncode}: {done.stderr.strip()}")
    report = json.loads(done.stdout)
    metrics, training = report["metrics"], report["training"]
    expected = n - split(n)[1]
    if metrics["count"] != expected:
        raise RuntimeError(f"tsforecast scored {metrics['count']} test rows, the protocol {expected}")
    info = {"seconds": report["seconds"], "epochs_run": training["epochs_run"], "best_epoch": training["best_epoch"],
            "final_lr": training["history"][-1]["lr"], "persistence": report["baselines"]["persistence"]["rmse"]}
    return metrics["rmse"], info
