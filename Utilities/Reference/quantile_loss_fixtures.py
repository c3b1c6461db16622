#!/usr/bin/env python3
"""Reference values for QuantileLoss (Tests/TSNNTests/QuantileLossTests.swift).

Run from the package root:  python3 Utilities/Reference/quantile_loss_fixtures.py
Writes Tests/TSNNTests/Fixtures/quantile_loss.json in the format of
Tests/TestSupport/Fixture.swift.

PyTorch has no pinball loss, so this is a hand-written torch expression, computed in
float64 with autograd from float32-representable inputs: a prediction [5, O·Q] with
O = 2 targets and Q = 3 levels (output o's level-j quantile at o·Q + j) viewed as
[5, O, Q], u = y[..., None] − q, loss = max(τu, (τ − 1)u).mean() over all 30 elements.
Every |u| is at least 0.1, away from the kink at u = 0 where the gradient is undefined.
"""
import torch

from nn_fixtures import f32, write

LEVELS = [0.1, 0.5, 0.9]


def pinball():
    y = f32(torch.randn(5, 2))
    p = torch.randn(5, 2, 3) * 0.8
    u = y.unsqueeze(-1) - p
    p = torch.where(u.abs() < 0.1, y.unsqueeze(-1) - 0.1 * torch.sign(u + (u == 0).double()), p)
    p = f32(p.reshape(5, 6)).requires_grad_()
    tau = torch.tensor(LEVELS, dtype=torch.float64)
    u = y.unsqueeze(-1) - p.view(5, 2, 3)
    assert u.abs().min() >= 0.09
    loss = torch.maximum(tau * u, (tau - 1) * u).mean()
    loss.backward()
    return {"pinball.prediction": p, "pinball.target": y, "pinball.loss": loss.reshape(1), "pinball.grad.prediction": p.grad}


def main():
    torch.set_default_dtype(torch.float64)
    torch.manual_seed(16)
    write("quantile_loss.json", pinball())


if __name__ == "__main__":
    main()
