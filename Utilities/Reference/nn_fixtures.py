#!/usr/bin/env python3
"""PyTorch reference values for the TSNN tests.

Run from the package root:  python3 Utilities/Reference/nn_fixtures.py
Writes Tests/TSNNTests/Fixtures/{mlp,losses,training,schedules}.json in the format of
Tests/TestSupport/Fixture.swift: {"name": {"shape": [...], "data": [...]}}.

Everything is computed in float64 from float32-representable inputs and weights, so the
Swift side (Float32) sees exactly the same starting values.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "TSNNTests", "Fixtures")
torch.set_default_dtype(torch.float64)


def f32(t):
    """Rounds a float64 tensor to the nearest float32 value, kept as float64."""
    return t.float().double()


def entry(t):
    t = torch.as_tensor(t, dtype=torch.float64).detach()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1)]}


def write(name, tensors):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump({k: entry(v) for k, v in tensors.items()}, f, indent=0)
    print("wrote", os.path.normpath(path))


def make_mlp():
    """3 → 5 tanh → 4 relu → 2, state_dict names 0.*, 2.*, 4.*; seed 9 keeps every ReLU
    pre-activation at least 0.09 away from the kink, with half of them positive."""
    torch.manual_seed(9)
    model = torch.nn.Sequential(
        torch.nn.Linear(3, 5), torch.nn.Tanh(), torch.nn.Linear(5, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(f32(p))
    x = f32(torch.randn(4, 3))
    y = f32(torch.randn(4, 2))
    return model, x, y


def relu_margin(model, x):
    with torch.no_grad():
        return model[2](model[1](model[0](x))).abs().min().item()


def mlp_fixture():
    model, x, y = make_mlp()
    assert relu_margin(model, x) > 0.02, "ReLU pre-activation too close to the kink"
    x.requires_grad_(True)
    out = model(x)
    loss = F.mse_loss(out, y)
    loss.backward()
    tensors = {"input": x, "target": y, "output": out, "loss": loss.reshape(1), "grad.input": x.grad}
    for name, p in model.named_parameters():
        tensors[name] = p
        tensors["grad." + name] = p.grad
    write("mlp.json", tensors)


def loss_fixture():
    torch.manual_seed(1)
    pred = f32(torch.randn(4, 2)).requires_grad_(True)
    target = f32(torch.randn(4, 2))
    log_var = f32(torch.tensor([0.3, -0.5])).requires_grad_(True)
    nll = F.gaussian_nll_loss(pred, target, torch.exp(log_var).expand_as(pred), full=False, eps=1e-12)
    nll.backward()
    logits = f32(torch.randn(4, 3) * 2)
    logits[2] += 100  # exercises the stable log-sum-exp
    logits.requires_grad_(True)
    labels = torch.tensor([0, 2, 1, 2])
    ce = F.cross_entropy(logits, labels)
    ce.backward()
    write("losses.json", {
        "gaussian.prediction": pred, "gaussian.target": target, "gaussian.log_variance": log_var,
        "gaussian.loss": nll.reshape(1), "gaussian.grad.prediction": pred.grad, "gaussian.grad.log_variance": log_var.grad,
        "ce.logits": logits, "ce.labels": labels.double(), "ce.loss": ce.reshape(1), "ce.grad.logits": logits.grad,
    })


def trace(make_optimizer, clip=None):
    model, x, y = make_mlp()
    opt = make_optimizer(model.parameters())
    losses, norms = [], []
    for _ in range(10):
        opt.zero_grad()
        loss = F.mse_loss(model(x), y)
        loss.backward()
        if clip is not None:
            norms.append(torch.nn.utils.clip_grad_norm_(model.parameters(), clip).item())
        opt.step()
        losses.append(loss.item())
    return model, torch.tensor(losses), torch.tensor(norms)


def training_fixture():
    configs = {
        "adam": (lambda p: torch.optim.Adam(p, lr=1e-2), None),
        "adam_l2": (lambda p: torch.optim.Adam(p, lr=1e-2, weight_decay=0.1), None),
        "adamw": (lambda p: torch.optim.AdamW(p, lr=1e-2, weight_decay=0.1), None),
        "sgd": (lambda p: torch.optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=1e-3), 0.8),
    }
    tensors = {}
    for key, (make, clip) in configs.items():
        model, losses, norms = trace(make, clip)
        tensors[key + ".losses"] = losses
        if clip is not None:
            assert (norms > clip).any() and (norms < clip).any(), f"{key}: clipping should trigger on some steps only: {norms}"
            tensors[key + ".norms"] = norms
        for name, p in model.named_parameters():
            tensors[key + "." + name] = p
    write("training.json", tensors)


def schedule_fixture():
    param = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([param], lr=1.0)
    step_lr = torch.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5)
    step_lrs = []
    for _ in range(10):
        opt.step()
        step_lr.step()
        step_lrs.append(opt.param_groups[0]["lr"])

    metrics = [1.0, 0.9, 0.9, 0.8999, 0.95, 0.91, 0.5, 0.5, 0.5, 0.5, 0.49999, 0.6,
               0.7, 0.8, 0.9, 1.0, 0.4, 0.45, 0.45, 0.45, 0.45, 0.45, 0.45, 0.45, 0.45, 0.45,
               0.45, 0.45, 0.45, 0.45]
    opt = torch.optim.SGD([param], lr=1.0)
    plateau = torch.optim.lr_scheduler.ReduceLROnPlateau(
        opt, mode="min", factor=0.5, patience=2, threshold=1e-4, threshold_mode="rel", cooldown=1, min_lr=0.05)
    plateau_lrs = []
    for m in metrics:
        opt.step()
        plateau.step(m)
        plateau_lrs.append(opt.param_groups[0]["lr"])
    assert plateau_lrs[-1] == 0.05, plateau_lrs
    write("schedules.json", {
        "steplr.lrs": torch.tensor(step_lrs), "plateau.metrics": torch.tensor(metrics),
        "plateau.lrs": torch.tensor(plateau_lrs)})


if __name__ == "__main__":
    mlp_fixture()
    loss_fixture()
    training_fixture()
    schedule_fixture()
