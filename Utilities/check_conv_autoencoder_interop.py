#!/usr/bin/env python3
"""Loads a `tsforecast anomalies --model conv-ae --save-model` file into the equivalent
PyTorch module with `load_state_dict(strict=True)` and compares its codes with the ones
`tsforecast embed` wrote for the same series.

Usage (from the repository root, PyTorch installed):
    tsforecast anomalies SERIES.csv --model conv-ae --window W -o s.csv --save-model M.safetensors
    tsforecast embed SERIES.csv --model-file M.safetensors -o codes.csv
    python3 Utilities/check_conv_autoencoder_interop.py M.safetensors codes.csv SERIES.csv [TARGET]

Prints the largest code difference; exits 1 unless every code agrees within
1e-5·max(|code|, 1) (the CSV holds 6 significant digits: a rounding of 5e-6 relative). The network is benchmarks/pytorch/generative_step.py's
`conv_autoencoder`, the PyTorch twin of Sources/TSGenerative/ConvAutoencoder.swift (kernel 5
as `GenerativeSpec` fixes it for conv-ae); TARGET defaults to the last column.
"""
import csv
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "benchmarks", "pytorch"))
from check_classifier_interop import read_safetensors  # noqa: E402
from generative_step import conv_autoencoder  # noqa: E402


def main():
    model_path, codes_path, series_path = sys.argv[1:4]
    tensors, metadata = read_safetensors(model_path)
    spec = json.loads(metadata["tsforecast.generative"])
    if spec["kind"] != "conv-ae":
        raise SystemExit(f"only conv-ae models are checked, this one is {spec['kind']}")
    window = spec["inputSize"]
    net = conv_autoencoder(1, window, spec["hidden"], 5, spec["latentSize"])
    net.load_state_dict(tensors, strict=True)
    with open(series_path) as f:
        rows = list(csv.reader(f))
    column = rows[0].index(sys.argv[4]) if len(sys.argv) > 4 else len(rows[0]) - 1
    values = [(float(r[column]) - spec["offset"]) / spec["scale"] for r in rows[1:]]
    x = torch.tensor([values[i:i + window] for i in range(len(values) - window + 1)], dtype=torch.float32)
    with torch.no_grad():
        ours = net["encoder"](x)
    with open(codes_path) as f:
        theirs = torch.tensor([[float(v) for v in r[1:]] for r in list(csv.reader(f))[1:]], dtype=torch.float32)
    gap = (ours - theirs).abs()
    print(f"{len(theirs)} codes of size {theirs.shape[1]}: largest difference {gap.max().item():.2e}")
    sys.exit(0 if bool((gap <= 1e-5 * theirs.abs().clamp(min=1)).all()) else 1)


if __name__ == "__main__":
    main()
