"""Writes the PyTorch <-> tsforecast model-file interop fixtures.

Run from the repository root (after building tsforecast):

    .build/debug/tsforecast train data/nile.csv --model lstm --lags 6 --hidden 8 --epochs 5 \
        --seed 1 --quiet -o Tests/TSForecastTests/Fixtures/interop/swift_lstm.safetensors
    python3 Utilities/Reference/interop_fixtures.py

1. swift_lstm.torch_forecast.json: the 8-step forecast PyTorch makes from the
   tsforecast-written model (torch_forecaster.py), which tsforecast must reproduce.
2. torch_lstm.safetensors: an LSTM forecaster trained in PyTorch on data/nile.csv and
   exported with `safetensors.torch.save_file` plus the tsforecast metadata JSON, and
   torch_lstm.torch_forecast.json, its 8-step forecast in PyTorch.
"""
import json
import os

import torch
from safetensors.torch import save_file

from torch_forecaster import forecast, load, read_target

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
OUT = os.path.join(ROOT, "Tests", "TSForecastTests", "Fixtures", "interop")
SERIES = os.path.join(ROOT, "data", "nile.csv")
LAGS, HIDDEN, HORIZON = 6, 8, 8


def write_json(name, value):
    with open(os.path.join(OUT, name), "w") as f:
        json.dump(value, f)


def train_torch_lstm(series):
    """An LSTM(1, HIDDEN) + Linear head trained on z-scored LAGS-step windows of the
    first 70% of the series (loss on the last step)."""
    train = series[: int(len(series) * 0.7)]
    mean = sum(train) / len(train)
    std = (sum((v - mean) ** 2 for v in train) / len(train)) ** 0.5
    z = torch.tensor([(v - mean) / std for v in series], dtype=torch.float32)
    torch.manual_seed(4)
    model = torch.nn.Module()
    model.lstm = torch.nn.LSTM(1, HIDDEN)
    model.head = torch.nn.Linear(HIDDEN, 1)
    starts = range(1, len(train) - LAGS + 1)
    x = torch.stack([z[s - 1 : s - 1 + LAGS] for s in starts], dim=1).unsqueeze(-1)
    y = torch.stack([z[s - 1 + LAGS] for s in starts]).unsqueeze(-1)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    for _ in range(200):
        optimizer.zero_grad()
        loss = ((model.head(model.lstm(x)[0][-1]) - y) ** 2).mean()
        loss.backward()
        optimizer.step()
    return model, mean, std


def main():
    series = read_target(SERIES, "volume")
    model, metadata = load(os.path.join(OUT, "swift_lstm.safetensors"))
    write_json("swift_lstm.torch_forecast.json", {"forecast": forecast(model, metadata, series, HORIZON)})

    model, mean, std = train_torch_lstm(series)
    metadata = {
        "format": "tsforecast-model",
        "version": 1,
        "network": {"kind": "lstm", "inputSize": 1, "hiddenSize": HIDDEN, "numLayers": 1, "dropout": 0,
                    "outputSize": 1, "loss": "mse"},
        "layout": {"sequence": {"_0": {"length": LAGS, "stride": 1, "washout": LAGS - 1, "inputDelays": []},
                                "context": LAGS}},
        "setup": {"model": "lstm", "lags": LAGS, "hidden": HIDDEN, "target": "volume", "timeColumn": "year"},
        "columns": {"target": "volume", "inputs": [], "time": "year"},
        "preprocessing": {"transform": {"log": False, "differences": 0, "seasonalPeriod": 0},
                          "targetScaler": {"kind": "zscore", "shift": mean, "scale": std}, "inputScalers": []},
        "timeKind": "number",
        "timeStep": {"fixed": {"_0": 1}},
    }
    path = os.path.join(OUT, "torch_lstm.safetensors")
    state = {k: v.detach().contiguous() for k, v in model.state_dict().items()}
    save_file(state, path, metadata={"format": "pt", "tsforecast": json.dumps(metadata)})
    model, metadata = load(path)
    write_json("torch_lstm.torch_forecast.json", {"forecast": forecast(model, metadata, series, HORIZON)})


if __name__ == "__main__":
    main()
