#!/usr/bin/env python3
"""PyTorch reference for the 1-D convolutional autoencoder (Sources/TSGenerative/
ConvAutoencoder.swift): one full denoising training step with Adam — loss, every
gradient, the updated weights — in Tests/TSGenerativeTests/Fixtures/conv_ae.json.

Run from the package root:  python3 Utilities/Reference/conv_autoencoder_fixtures.py

The model is the pair of torch.nn.Sequential modules the Swift model mirrors (built by
benchmarks/pytorch/generative_step.py, which times the same module), so the fixture's
parameter names are their state_dict names:
  encoder = Unflatten(1, (C, W)), Conv1d(C, f1, k, 2, p), Tanh, Conv1d(f1, f2, k, 2, p), Tanh,
            Flatten, Linear(f2·W/4, K)
  decoder = Linear(K, f2·W/4), Tanh, Unflatten(1, (f2, W/4)),
            ConvTranspose1d(f2, f1, k, 2, p, output_padding=1), Tanh,
            ConvTranspose1d(f1, C, k, 2, p, output_padding=1), Flatten
Weights, inputs and noise are float32 values; the step runs in float64, so the stored
results are the exact-arithmetic values for the Float32 operands the Swift test reads.
"""
import os
import sys

import torch
import torch.nn.functional as F

from generative_fixtures import grads, record, write
from nn_fixtures import f32

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks", "pytorch"))
from generative_step import conv_autoencoder  # noqa: E402  (TSGenerative's ConvAutoencoder in torch.nn)

torch.set_default_dtype(torch.float64)


def conv_ae():
    """C = 2 channels, W = 8, filters [3, 4], k = 3, K = 3, batch 4; input x + 0.3ε."""
    torch.manual_seed(27)
    model = conv_autoencoder(2, 8, [3, 4], 3, 3)
    with torch.no_grad():
        for v in model.parameters():
            v.copy_(f32(v))
    x = f32(torch.randn(4, 16))
    noisy = f32(x + 0.3 * torch.randn(4, 16))
    out = {"x": x, "noisy": noisy}
    params = dict(model.named_parameters())
    record(out, params, "initial")
    loss = F.mse_loss(model["decoder"](model["encoder"](noisy)), x)
    loss.backward()
    out["loss"] = loss.reshape(1)
    grads(out, params, "grad")
    torch.optim.Adam(model.parameters(), lr=1e-2).step()
    record(out, params, "updated")
    write("TSGenerativeTests", "conv_ae.json", out)


if __name__ == "__main__":
    conv_ae()
