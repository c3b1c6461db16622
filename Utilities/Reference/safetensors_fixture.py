#!/usr/bin/env python3
"""Writes the safetensors interop fixtures of Tests/TSForecastTests/SafetensorsTests.swift.

    python3 Utilities/Reference/safetensors_fixture.py

Outputs (in Tests/TSForecastTests/Fixtures/):
  python_f32.safetensors     F32 tensors (matrix, vector, 0-d scalar, zero-element) written by
                             safetensors.torch.save_file with metadata {"format": "pt"}; with a
                             single metadata key the bytes are deterministic, so the Swift writer
                             must reproduce them exactly.
  python_dtypes.safetensors  F64, F16 and BF16 tensors (two metadata keys) for the converting reader.
  safetensors_expected.json  every tensor of both files as Float32 values, in the Fixture format
                             {"name": {"shape": [...], "data": [...]}}.

With an argument, instead checks that safetensors.torch.load_file reads a Swift-written file:
    python3 Utilities/Reference/safetensors_fixture.py /tmp/swift_written.safetensors
"""
import json
import pathlib
import sys

import torch
from safetensors import safe_open
from safetensors.torch import load_file, save_file

FIXTURES = pathlib.Path(__file__).resolve().parents[2] / "Tests" / "TSForecastTests" / "Fixtures"


def f32_tensors():
    g = torch.Generator().manual_seed(20261123)
    return {
        "lstm.weight_ih_l0": torch.randn(8, 3, generator=g),
        "head.bias": torch.tensor([0.25]),
        "head.weight": torch.randn(1, 2, generator=g),
        "step": torch.tensor(3.5),  # 0-d: shape []
        "empty": torch.zeros(0, 3),
    }


def dtype_tensors():
    g = torch.Generator().manual_seed(7)
    return {
        "double": torch.randn(2, 3, generator=g, dtype=torch.float64),
        "half": torch.tensor([1.0, -2.5, 65504.0, 6.1e-5, 5.96e-8, 0.0, -0.0], dtype=torch.float16),
        "brain": torch.tensor([[1.0, -3.140625], [1e30, -1e-30]], dtype=torch.bfloat16),
    }


def write_fixtures():
    f32, other = f32_tensors(), dtype_tensors()
    save_file(f32, FIXTURES / "python_f32.safetensors", metadata={"format": "pt"})
    save_file(other, FIXTURES / "python_dtypes.safetensors", metadata={"format": "pt", "source": "safetensors_fixture.py"})
    expected = {
        name: {"shape": list(t.shape), "data": t.to(torch.float32).flatten().tolist()}
        for name, t in {**f32, **other}.items()
    }
    (FIXTURES / "safetensors_expected.json").write_text(json.dumps(expected, indent=1) + "\n")


def check_swift_file(path):
    tensors = load_file(path)
    with safe_open(path, framework="pt") as f:
        metadata = f.metadata()
    for name, t in sorted(tensors.items()):
        print(f"{name}: {t.dtype} {list(t.shape)} {t.flatten()[:4].tolist()}")
    print("metadata:", metadata)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        check_swift_file(sys.argv[1])
    else:
        write_fixtures()
