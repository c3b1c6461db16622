#!/usr/bin/env python3
"""PyTorch reference values for the convolution layers of Sources/TSNN/Layers/Convolution
(Tests/TSNNTests/CNNLayerParityTests.swift): torch.nn modules with the layers' options,
their state_dict names, forward output, every gradient and the buffers after the calls.

Run from the package root:  python3 Utilities/Reference/cnn_layer_fixtures.py
Writes Tests/TSNNTests/Fixtures/cnn_layers.json ({"<case>.<tensor>": {"shape", "data"}}):
  <case>.x, <case>.dy, <case>.output, <case>.grad.x,
  <case>.param.<name> (the state_dict before the call; parameters and buffers),
  <case>.grad.<name> (parameter gradients), <case>.after.<buffer> (buffers after the call).

Parameters, inputs and dy are float32 values widened to float64; the modules run in float64,
so the stored results are exact-arithmetic values for the float32 operands the Swift side
reads. Gradients are those of sum(y * dy).
"""
import json
import os
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "benchmarks", "pytorch"))
from cnn_throughput import Residual  # noqa: E402  (TSNN's ResidualBlock in torch.nn)

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "TSNNTests", "Fixtures", "cnn_layers.json")
torch.set_default_dtype(torch.float64)
torch.manual_seed(13)


def randn(*shape):
    return torch.randn(*shape, dtype=torch.float32).double()


def entry(t):
    t = torch.as_tensor(t, dtype=torch.float64).detach()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1)]}


def randomize(module):
    """Every parameter and float buffer drawn in float32 (variances positive)."""
    with torch.no_grad():
        for name, p in module.state_dict().items():
            if p.dtype != torch.float64:
                continue
            value = randn(*p.shape)
            p.copy_(value.abs() + 0.5 if name.endswith("running_var") else value)


def scalar_as_vector(t):
    """A float64 copy; a 0-d buffer (num_batches_tracked) as shape [1], as the Swift store keeps it."""
    t = t.detach().double().clone()
    return t.reshape(1) if t.dim() == 0 else t


def run(case, module, x, training, warmup=()):
    """Runs `module` on each `warmup` input (training mode, no gradient), then on `x` with
    gradients, storing the state before `x`'s call, output, gradients and buffers after."""
    module.train(training)
    with torch.no_grad():
        for w in warmup:
            module(w)
    out = {f"param.{k}": scalar_as_vector(v) for k, v in module.state_dict().items()}
    x = x.clone().requires_grad_(True)
    module.zero_grad()
    y = module(x)
    dy = randn(*y.shape)
    (y * dy).sum().backward()
    out.update({"x": x, "dy": dy, "output": y, "grad.x": x.grad})
    out.update({f"grad.{k}": p.grad for k, p in module.named_parameters()})
    out.update({f"after.{k}": scalar_as_vector(b) for k, b in module.named_buffers()})
    return {f"{case}.{k}": v for k, v in out.items()}


class Causal(nn.Module):
    """A causal Conv1d: d·(k − 1) zeros before the sequence, none after."""

    def __init__(self, conv):
        super().__init__()
        self.conv = conv

    def forward(self, x):
        d, k = self.conv.dilation[0], self.conv.kernel_size[0]
        return self.conv(F.pad(x, (d * (k - 1), 0)))


def cases():
    out = {}
    conv = nn.Conv1d(3, 4, 3, stride=2, padding=1, dilation=2)
    randomize(conv)
    out.update(run("conv1d", conv, randn(2, 3, 13), False))
    causal = Causal(nn.Conv1d(3, 2, 3, dilation=2))
    randomize(causal)
    out.update({k.replace("param.conv.", "param.").replace("grad.conv.", "grad."): v
                for k, v in run("conv1d_causal", causal, randn(2, 3, 10), False).items()})
    conv2 = nn.Conv2d(2, 3, (3, 2), stride=(2, 1), padding=(1, 0), bias=False)
    randomize(conv2)
    out.update(run("conv2d", conv2, randn(2, 2, 7, 6), False))
    out.update(run("maxpool1d", nn.MaxPool1d(3, stride=2, padding=1), randn(2, 3, 11), False))
    out.update(run("maxpool2d", nn.MaxPool2d(2, ceil_mode=True), randn(2, 2, 7, 8), False))
    out.update(run("avgpool1d", nn.AvgPool1d(3, stride=2, padding=1, count_include_pad=False), randn(2, 3, 11), False))
    out.update(run("avgpool2d", nn.AvgPool2d(3, stride=2, padding=1), randn(2, 2, 7, 8), False))
    out.update(run("gap", nn.Sequential(nn.AdaptiveAvgPool1d(1), nn.Flatten()), randn(2, 3, 7), False))
    out.update(run("flatten", nn.Flatten(), randn(2, 3, 2, 2), False))
    bn1 = nn.BatchNorm1d(3)
    randomize(bn1)
    out.update(run("bn1d_train", bn1, randn(4, 3, 5), True, warmup=[randn(4, 3, 5)]))
    bn2 = nn.BatchNorm2d(2)
    randomize(bn2)
    out.update(run("bn2d_eval", bn2, randn(3, 2, 4, 3), False))
    block = Residual(2, 3, [5, 4, 3])
    randomize(block)
    out.update(run("residual", block, randn(3, 2, 9), True))
    same = Residual(3, 3, [3, 3])
    randomize(same)
    out.update(run("residual_identity", same, randn(2, 3, 7), False))
    # Appended last so the cases above keep their random draws.
    up = nn.ConvTranspose1d(3, 2, 3, stride=2, padding=1, output_padding=1, dilation=2)
    randomize(up)
    out.update(run("convtranspose1d", up, randn(2, 3, 6), False))
    out.update(run("unflatten", nn.Unflatten(1, (3, 4)), randn(2, 12), False))
    return out


if __name__ == "__main__":
    fixtures = {k: entry(v) for k, v in cases().items()}
    with open(OUT, "w") as f:
        json.dump(fixtures, f, separators=(",", ":"))
    print(f"wrote {len(fixtures)} tensors to {os.path.normpath(OUT)}")
