"""Reads a tsforecast model file into PyTorch modules and forecasts like tsforecast.

    python3 Utilities/Reference/torch_forecaster.py MODEL.safetensors SERIES.csv HORIZON

prints {"forecast": [...]} for recurrent models (lstm, gru, rnn) without exogenous inputs
and without log/differencing transforms. The model file is plain safetensors:
`safetensors.torch.load_file` returns the `state_dict` of

    torch.nn.LSTM|GRU|RNN(input_size, hidden_size, num_layers)   named "<kind>"
    torch.nn.Linear(hidden_size, output_size)                    named "head"

and the safetensors metadata key "tsforecast" holds the JSON that says how the series
is scaled (preprocessing.targetScaler: x~ = (x - shift) / scale) and windowed
(layout.sequence.context = C). Predicting y(k) runs the network from a zero state over
rows k-C+1 .. k, the input at row r being x~(r-1), and applies the head to the last
output; recursive forecasts feed each prediction back as the next row's value.
"""
import csv
import json
import sys

import torch
from safetensors import safe_open
from safetensors.torch import load_file

MODULES = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}


def load(path):
    """The network (as a PyTorch module) and the tsforecast metadata of a model file."""
    with safe_open(path, "pt") as f:
        metadata = json.loads(f.metadata()["tsforecast"])
    net = metadata["network"]
    if net["kind"] not in MODULES or metadata["columns"]["inputs"]:
        raise SystemExit(f"{path}: only recurrent models without exogenous inputs are supported here")
    layout = metadata["layout"].get("sequence")
    if layout is None or layout["_0"].get("horizon", 1) != 1:
        raise SystemExit(f"{path}: only one-step recurrent models are supported here (no --horizon above 1, no seq2seq decoder)")
    transform = metadata["preprocessing"]["transform"]
    if transform["log"] or transform["differences"] or transform["seasonalPeriod"]:
        raise SystemExit(f"{path}: log/differencing transforms are not supported here")
    model = torch.nn.Module()
    setattr(model, net["kind"], MODULES[net["kind"]](net["inputSize"], net["hiddenSize"], net["numLayers"]))
    model.head = torch.nn.Linear(net["hiddenSize"], net["outputSize"])
    state = load_file(path)
    state.pop("noise.log_variance", None)
    model.load_state_dict(state, strict=True)
    return model.double(), metadata


def forecast(model, metadata, history, horizon):
    """`horizon` recursive forecasts after `history` (original units)."""
    kind = metadata["network"]["kind"]
    scaler = metadata["preprocessing"]["targetScaler"]
    context = metadata["layout"]["sequence"]["context"]
    series = [(y - scaler["shift"]) / scaler["scale"] for y in history]
    out = []
    with torch.no_grad():
        for _ in range(horizon):
            k = len(series)
            x = torch.tensor(series[k - context : k], dtype=torch.float32).double().reshape(context, 1, 1)
            y = getattr(model, kind)(x)[0]
            value = model.head(y[-1]).item()
            series.append(float(torch.tensor(value, dtype=torch.float32)))
            out.append(value * scaler["scale"] + scaler["shift"])
    return out


def read_target(path, column):
    with open(path, newline="") as f:
        return [float(row[column]) for row in csv.DictReader(f)]


def main():
    path, series_path, horizon = sys.argv[1], sys.argv[2], int(sys.argv[3])
    model, metadata = load(path)
    history = read_target(series_path, metadata["columns"]["target"])
    print(json.dumps({"forecast": forecast(model, metadata, history, horizon)}))


if __name__ == "__main__":
    main()
