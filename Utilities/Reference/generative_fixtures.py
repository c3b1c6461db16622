#!/usr/bin/env python3
"""PyTorch reference values for the TSGenerative tests: one full training step of every
model (losses, all gradients, updated weights) and RMSProp's updates.

Run from the package root:  python3 Utilities/Reference/generative_fixtures.py
Writes Tests/TSGenerativeTests/Fixtures/{tied_dae,vae,cvae,gan_minimax,gan_nonsaturating,wgan}.json
and Tests/TSNNTests/Fixtures/rmsprop.json in the format of Tests/TestSupport/Fixture.swift.

Models are written functionally over a dict of tensors keyed by the state_dict names the
Swift models register (encoder.0.weight, …). Everything runs in float64 from
float32-representable inputs, weights and noise, so the Swift side (Float32) starts from
exactly the same values and the fixture is the exact result of its arithmetic.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

from nn_fixtures import entry, f32

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests")
torch.set_default_dtype(torch.float64)


def write(folder, name, tensors):
    path = os.path.join(ROOT, folder, "Fixtures", name)
    with open(path, "w") as f:
        json.dump({k: entry(v) for k, v in tensors.items()}, f, indent=0)
    print("wrote", os.path.normpath(path))


def linear_params(prefix, sizes, params, bias=True):
    """PyTorch's default init for an nn.Sequential MLP: linear layers at 0, 2, 4, …"""
    for i in range(len(sizes) - 1):
        layer = torch.nn.Linear(sizes[i], sizes[i + 1], bias=bias)
        params[f"{prefix}.{2 * i}.weight"] = f32(layer.weight.detach().double())
        if bias:
            params[f"{prefix}.{2 * i}.bias"] = f32(layer.bias.detach().double())


def mlp(prefix, params, x, layers, act):
    for i in range(layers):
        if i > 0:
            x = act(x)
        x = F.linear(x, params[f"{prefix}.{2 * i}.weight"], params.get(f"{prefix}.{2 * i}.bias"))
    return x


def leaf(params):
    return {k: v.clone().requires_grad_(True) for k, v in params.items()}


def record(out, params, tag):
    for k, v in params.items():
        out[f"{tag}.{k}"] = v.detach().clone()


def grads(out, params, tag):
    for k, v in params.items():
        out[f"{tag}.{k}"] = v.grad.detach().clone() if v.grad is not None else torch.zeros_like(v)


def tied_dae():
    """6 → 4 tanh → 2, decoder weights = encoder weightsᵀ with own biases; input x + 0.3ε."""
    torch.manual_seed(21)
    params = {}
    linear_params("encoder", [6, 4, 2], params)
    params["decoder.0.bias"] = f32(torch.randn(4) * 0.3)
    params["decoder.2.bias"] = f32(torch.randn(6) * 0.3)
    x = f32(torch.randn(5, 6))
    noisy = f32(x + 0.3 * torch.randn(5, 6))
    out = {"x": x, "noisy": noisy}
    record(out, params, "initial")
    p = leaf(params)
    code = mlp("encoder", p, noisy, 2, torch.tanh)
    h = torch.tanh(F.linear(code, p["encoder.2.weight"].t(), p["decoder.0.bias"]))
    recon = F.linear(h, p["encoder.0.weight"].t(), p["decoder.2.bias"])
    loss = F.mse_loss(recon, x)
    loss.backward()
    out["loss"] = loss.reshape(1)
    grads(out, p, "grad")
    torch.optim.Adam(p.values(), lr=1e-2).step()
    record(out, p, "updated")
    write("TSGenerativeTests", "tied_dae.json", out)


def vae_step(name, sizes_x, hidden, latent, cond, likelihood, beta, seed):
    torch.manual_seed(seed)
    params = {}
    linear_params("encoder", [sizes_x + cond] + hidden + [2 * latent], params)
    out_width = 2 * sizes_x if likelihood == "gaussian" else sizes_x
    linear_params("decoder", [latent + cond] + hidden[::-1] + [out_width], params)
    if cond:
        linear_params("prior", [cond] + hidden + [2 * latent], params)
    B = 5
    x = f32(torch.randn(B, sizes_x)) if likelihood == "gaussian" else f32(torch.rand(B, sizes_x))
    c = f32(torch.randn(B, cond)) if cond else None
    eps = f32(torch.randn(B, latent))
    out = {"x": x, "noise": eps}
    if cond:
        out["condition"] = c
    record(out, params, "initial")
    p = leaf(params)
    n = len(hidden) + 1
    enc_in = torch.cat([x, c], 1) if cond else x
    stats = mlp("encoder", p, enc_in, n, torch.tanh)
    mu, logvar = stats[:, :latent], stats[:, latent:]
    z = mu + torch.exp(0.5 * logvar) * eps
    dec_in = torch.cat([z, c], 1) if cond else z
    o = mlp("decoder", p, dec_in, n, torch.tanh)
    if likelihood == "gaussian":
        mean, s = o[:, :sizes_x], o[:, sizes_x:]
        nll = 0.5 * (s + (x - mean) ** 2 * torch.exp(-s) + math.log(2 * math.pi))
        recon = nll.sum(1).mean()
    else:
        recon = F.binary_cross_entropy_with_logits(o, x, reduction="none").sum(1).mean()
    q = torch.distributions.Normal(mu, torch.exp(0.5 * logvar))
    if cond:
        pstats = mlp("prior", p, c, n, torch.tanh)
        prior = torch.distributions.Normal(pstats[:, :latent], torch.exp(0.5 * pstats[:, latent:]))
    else:
        prior = torch.distributions.Normal(torch.zeros_like(mu), torch.ones_like(mu))
    kl = torch.distributions.kl_divergence(q, prior).sum(1).mean()
    loss = recon + beta * kl
    loss.backward()
    out["reconstruction"] = recon.reshape(1)
    out["kl"] = kl.reshape(1)
    out["loss"] = loss.reshape(1)
    grads(out, p, "grad")
    torch.optim.Adam(p.values(), lr=1e-2).step()
    record(out, p, "updated")
    write("TSGenerativeTests", name, out)


def gan_step(name, objective, seed):
    """G 2 → 4 → 3 and D 3 → 5 → 1 (LeakyReLU 0.2): a discriminator step, then a
    generator step with the discriminator frozen, each with its own optimizer."""
    torch.manual_seed(seed)
    params = {}
    linear_params("generator", [2, 4, 3], params)
    linear_params("discriminator", [3, 5, 1], params)
    real = f32(torch.randn(4, 3) + 1)
    z_d = f32(torch.randn(4, 2))
    z_g = f32(torch.randn(4, 2))
    out = {"real": real, "noise.discriminator": z_d, "noise.generator": z_g}
    record(out, params, "initial")
    p = leaf(params)
    gen = [v for k, v in p.items() if k.startswith("generator.")]
    dis = [v for k, v in p.items() if k.startswith("discriminator.")]
    act = lambda t: F.leaky_relu(t, 0.2)
    G = lambda z: mlp("generator", p, z, 2, act)
    D = lambda x: mlp("discriminator", p, x, 2, act)
    if objective == "wasserstein":
        clip = 0.3
        d_opt = torch.optim.RMSprop(dis, lr=5e-3)
        g_opt = torch.optim.RMSprop(gen, lr=5e-3)
    else:
        d_opt = torch.optim.Adam(dis, lr=2e-2, betas=(0.5, 0.999))
        g_opt = torch.optim.Adam(gen, lr=2e-2, betas=(0.5, 0.999))
    # Discriminator step.
    fake = G(z_d).detach()
    if objective == "wasserstein":
        d_loss = D(fake).mean() - D(real).mean()
    else:
        d_loss = F.binary_cross_entropy_with_logits(D(real), torch.ones(4, 1)) + \
            F.binary_cross_entropy_with_logits(D(fake), torch.zeros(4, 1))
    d_opt.zero_grad()
    d_loss.backward()
    out["loss.discriminator"] = d_loss.reshape(1)
    grads(out, {k: v for k, v in p.items() if k.startswith("discriminator.")}, "grad")
    d_opt.step()
    if objective == "wasserstein":
        with torch.no_grad():
            for v in dis:
                v.clamp_(-clip, clip)
    record(out, p, "afterDiscriminator")
    # Generator step, discriminator frozen.
    for v in dis:
        v.requires_grad_(False)
    logits = D(G(z_g))
    if objective == "minimax":
        g_loss = -F.binary_cross_entropy_with_logits(logits, torch.zeros(4, 1))
    elif objective == "nonsaturating":
        g_loss = F.binary_cross_entropy_with_logits(logits, torch.ones(4, 1))
    else:
        g_loss = -logits.mean()
    g_opt.zero_grad()
    g_loss.backward()
    out["loss.generator"] = g_loss.reshape(1)
    grads(out, {k: v for k, v in p.items() if k.startswith("generator.")}, "grad")
    g_opt.step()
    record(out, p, "afterGenerator")
    write("TSGenerativeTests", name, out)


def rmsprop():
    """Three steps of RMSprop on a 7-vector, gradients given, in four configurations."""
    torch.manual_seed(5)
    theta0 = f32(torch.randn(7))
    gs = [f32(torch.randn(7)) for _ in range(3)]
    out = {"initial": theta0}
    for i, g in enumerate(gs):
        out[f"gradient.{i}"] = g
    configs = {
        "plain": dict(lr=1e-2),
        "momentum": dict(lr=1e-2, alpha=0.9, momentum=0.8, weight_decay=0.1),
        "centered": dict(lr=5e-3, centered=True, eps=1e-6),
        "all": dict(lr=1e-2, alpha=0.95, momentum=0.5, centered=True, weight_decay=0.05),
    }
    for name, cfg in configs.items():
        theta = theta0.clone().requires_grad_(True)
        opt = torch.optim.RMSprop([theta], **cfg)
        for i, g in enumerate(gs):
            theta.grad = g.clone()
            opt.step()
            out[f"{name}.{i}"] = theta.detach().clone()
    write("TSNNTests", "rmsprop.json", out)


if __name__ == "__main__":
    tied_dae()
    vae_step("vae.json", 4, [6], 2, 0, "gaussian", 0.5, 22)
    vae_step("cvae.json", 3, [6], 2, 2, "bernoulli", 1.0, 23)
    gan_step("gan_minimax.json", "minimax", 24)
    gan_step("gan_nonsaturating.json", "nonsaturating", 25)
    gan_step("wgan.json", "wasserstein", 26)
    rmsprop()
