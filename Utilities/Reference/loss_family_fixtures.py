#!/usr/bin/env python3
"""PyTorch reference values for the loss family added with the module core.

Run from the package root:  python3 Utilities/Reference/loss_family_fixtures.py
Writes Tests/TSNNTests/Fixtures/loss_family.json in the format of
Tests/TestSupport/Fixture.swift: {"name": {"shape": [...], "data": [...]}}.

Inputs are float32-representable; losses and gradients are computed in float64 with
autograd:
- bce.*: F.binary_cross_entropy_with_logits(z, y) (mean), logits spanning ±12 so both
  tails of the stable form are exercised;
- kl.*: kl_divergence(Normal(mu, exp(s/2)), Normal(0, 1)).sum(-1).mean() for a
  prediction [..., 2Z] = [mu | s];
- nll.*: F.gaussian_nll_loss(mean, y, var=exp(s)) (mean, full=False) for a prediction
  [..., 2O] = [mean | s].
"""
import torch
import torch.nn.functional as F
from torch.distributions import Normal, kl_divergence

from nn_fixtures import f32, write


def bce():
    z = f32(torch.cat([torch.randn(4, 3) * 3, torch.tensor([[12.0, -12.0, 0.0]])])).requires_grad_()
    y = f32(torch.rand(5, 3))
    loss = F.binary_cross_entropy_with_logits(z, y)
    loss.backward()
    return {"bce.logits": z, "bce.target": y, "bce.loss": loss.reshape(1), "bce.grad.logits": z.grad}


def kl():
    p = f32(torch.randn(2, 3, 2 * 4) * 0.8).requires_grad_()
    mu, s = p.split(4, dim=-1)
    loss = kl_divergence(Normal(mu, torch.exp(0.5 * s)), Normal(torch.zeros_like(mu), torch.ones_like(mu))).sum(-1).mean()
    loss.backward()
    return {"kl.prediction": p, "kl.loss": loss.reshape(1), "kl.grad.prediction": p.grad}


def nll():
    p = f32(torch.randn(5, 2 * 2) * 0.7).requires_grad_()
    y = f32(torch.randn(5, 2))
    mean, s = p.split(2, dim=-1)
    loss = F.gaussian_nll_loss(mean, y, torch.exp(s))
    loss.backward()
    return {"nll.prediction": p, "nll.target": y, "nll.loss": loss.reshape(1), "nll.grad.prediction": p.grad}


def main():
    torch.manual_seed(12)
    write("loss_family.json", {**bce(), **kl(), **nll()})


if __name__ == "__main__":
    main()
