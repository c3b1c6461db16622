#!/usr/bin/env python3
"""Loads a `tsforecast classify` model file (fcn or resnet) into the equivalent PyTorch
module with `load_state_dict(strict=True)` and compares its predictions with the ones
`tsforecast classify predict` wrote for the same CSV.

Usage (from the repository root, PyTorch installed):
    tsforecast classify predict --model M.safetensors DATA.csv -o labels.csv
    python3 Utilities/check_classifier_interop.py M.safetensors DATA.csv labels.csv

Prints how many rows agree; exits 1 unless all do. The networks are
benchmarks/pytorch/cnn_throughput.py's `fcn` and `resnet`, the PyTorch twins of
Sources/TSClassification/ClassifierNetwork.swift; the safetensors file is read with the
standard library and numpy (no `safetensors` package needed).
"""
import json
import os
import struct
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "benchmarks", "pytorch"))
from cnn_throughput import fcn, resnet  # noqa: E402


def read_safetensors(path):
    """(tensors by name, metadata) of an F32 safetensors file."""
    raw = open(path, "rb").read()
    n = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    metadata = header.pop("__metadata__", {})
    data = raw[8 + n:]
    tensors = {}
    for name, info in header.items():
        assert info["dtype"] == "F32", f"{name}: dtype {info['dtype']}"
        start, end = info["data_offsets"]
        tensors[name] = torch.from_numpy(np.frombuffer(data[start:end], dtype=np.float32).copy()).reshape(info["shape"])
    return tensors, metadata


def main():
    model_path, csv_path, labels_path = sys.argv[1:4]
    tensors, metadata = read_safetensors(model_path)
    spec = json.loads(metadata["tsforecast.classifier"])["spec"]
    build = {"fcn": fcn, "resnet": resnet}.get(spec["kind"])
    if build is None:
        raise SystemExit(f"only fcn and resnet models are checked, this one is {spec['kind']}")
    net = build(len(spec["classes"]))
    # num_batches_tracked is an int64 scalar in PyTorch, a [1] float in the file.
    net.load_state_dict({k: v.reshape(()).long() if k.endswith("num_batches_tracked") else v for k, v in tensors.items()}, strict=True)
    net.eval()
    with open(csv_path) as f:
        header = f.readline().strip().split(",")
        rows = [line.strip().split(",") for line in f if line.strip()]
    values = np.array([[float(r[i]) for i, name in enumerate(header) if name != spec["labelColumn"]] for r in rows])
    if spec["normalization"] == "series":
        std = values.std(1, keepdims=True)
        values = (values - values.mean(1, keepdims=True)) / np.where(std > 0, std, 1)
    with torch.no_grad():
        predicted = net(torch.tensor(values, dtype=torch.float32)[:, None, :]).argmax(1).tolist()
    with open(labels_path) as f:
        ours = [line.strip().split(",")[1] for line in f.readlines()[1:] if line.strip()]
    agree = sum(spec["classes"][p] == o for p, o in zip(predicted, ours))
    print(f"{os.path.basename(model_path)}: strict load ok; PyTorch and tsforecast agree on {agree} of {len(ours)} rows")
    sys.exit(0 if agree == len(ours) == len(predicted) else 1)


if __name__ == "__main__":
    main()
