"""The tsforecast and PyTorch-loop configurations the study runs, each in one place.

`TSFORECAST` maps a configuration name to the `tsforecast train` flags it adds to the
equal settings (series.py / protocol.py give target, inputs, lags, hidden, epochs, batch
size, lr, seed, season). Add a row to re-run the study with new flags, e.g.
`"seasonal+ensemble": ["--seasonal-lags", "336", "--ensemble", "5"]`, or pass
`--tsforecast-args "..."` to run.py, which appends them to every configuration it runs.

`TORCH` maps a variant of the plain PyTorch loop to the training features it switches on
(the ones tsforecast's trainer has; torch_loop.py describes each).
"""

TSFORECAST = {
    # The command's defaults: clip 1, early stopping after 10 epochs without validation
    # improvement, the best epoch's weights kept, the plateau schedule of the binary.
    "default": [],
    "no-early-stop": ["--patience", "0"],
    "no-clip": ["--clip", "0"],
    "patience-20": ["--patience", "20"],
    "patience-5": ["--patience", "5"],
    # Test rows unchanged; the training part grows to 75 % and 85 % (the training loss is
    # monitored without a validation part).
    "val-0.10": ["--val", "0.10", "--test", "0.15"],
    "no-val": ["--val", "0", "--test", "0.15"],
    "epochs-100": ["--epochs", "100"],
    # First differences (for trending series such as co2).
    "diff-1": ["--diff", "1"],
    # Context length, for the default of --lags (run with run.py --cli-defaults).
    "lags-24": ["--lags", "24"],
    "lags-48": ["--lags", "48"],
}

TORCH = {
    # 40 epochs of Adam, shuffled batches, MSE, no clipping, the last weights kept.
    "plain": {},
    "clip1": {"clip": 1.0},
    "plateau": {"plateau": True},
    "best-val": {"keep_best": True},
    "early-stop": {"keep_best": True, "patience": 10},
    # What tsforecast train does by default: clip 1, plateau (patience 5, factor 0.5),
    # early stopping (patience 10) with the best validation epoch's weights kept.
    "tsforecast-like": {"clip": 1.0, "plateau": True, "keep_best": True, "patience": 10},
    "no-shuffle": {"shuffle": False},
    "epochs-100": {"epochs": 100},
}
