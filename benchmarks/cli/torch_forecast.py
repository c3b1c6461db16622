#!/usr/bin/env python3
"""The PyTorch side of forecast_latency.sh: one cold process that forecasts like
`tsforecast forecast --model MODEL CSV --horizon H` for a single-layer LSTM model file.

  torch_forecast.py MODEL.safetensors SERIES.csv HORIZON

Loads the weights with safetensors.torch.load_file into torch.nn.LSTM(F, H) +
torch.nn.Linear(H, 1), reads the target scaler and layout from the `tsforecast` metadata,
and forecasts recursively: the input at step r is ỹ(r−1) = (y(r−1) − shift) / scale; the
prediction of ỹ(k) is head(LSTM output at row k) over rows k−C+1 … k from a zero state;
each prediction is fed back as the next target. Prints `step,forecast` CSV on stdout.
"""
import json
import sys

import torch
from safetensors import safe_open
from safetensors.torch import load_file


def main(model_path, csv_path, horizon):
    with safe_open(model_path, "pt") as f:
        meta = json.loads(f.metadata()["tsforecast"])
    network, columns = meta["network"], meta["columns"]
    if network["kind"] != "lstm" or network["numLayers"] != 1 or columns["inputs"] or network["outputSize"] != 1:
        sys.exit("torch_forecast.py handles single-layer LSTM models without exogenous inputs")
    transform = meta["preprocessing"]["transform"]
    if transform["log"] or transform["differences"] or transform["seasonalPeriod"]:
        sys.exit("torch_forecast.py handles models without target transforms")
    scaler = meta["preprocessing"]["targetScaler"]
    shift, scale = scaler["shift"], scaler["scale"]
    context = meta["layout"]["sequence"]["context"]

    weights = load_file(model_path)
    lstm = torch.nn.LSTM(network["inputSize"], network["hiddenSize"])
    head = torch.nn.Linear(network["hiddenSize"], 1)
    lstm.load_state_dict({k[len("lstm."):]: v for k, v in weights.items() if k.startswith("lstm.")})
    head.load_state_dict({k[len("head."):]: v for k, v in weights.items() if k.startswith("head.")})

    # The target column of the CSV (the time column, if any, is not needed here).
    with open(csv_path) as f:
        header = f.readline().strip().split(",")
        col = header.index(columns["target"])
        history = [float(line.split(",")[col]) for line in f if line.strip()]

    scaled = [(y - shift) / scale for y in history[-context:]]
    forecasts = []
    with torch.no_grad():
        for _ in range(horizon):
            x = torch.tensor(scaled[-context:], dtype=torch.float32).reshape(context, 1, 1)
            out, _ = lstm(x)
            z = head(out[-1, 0]).item()
            scaled.append(z)
            forecasts.append(z * scale + shift)
    print("step,forecast")
    for i, v in enumerate(forecasts, 1):
        print(f"{i},{v!r}")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
