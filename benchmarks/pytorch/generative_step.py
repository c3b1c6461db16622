#!/usr/bin/env python3
"""Training steps per second of the `tsforecast-bench generative` workloads in PyTorch (CPU).

Usage: python3 benchmarks/pytorch/generative_step.py [--model vae|gan|conv-ae] [--threads N]
       [--seconds S] [--json]

Batch 128 of width 64 (uniform data, fixed across steps), seed 0:
- vae: encoder 64-256-128-32 tanh (μ and log σ² of Z = 16), decoder 16-128-256-128 tanh
  (Gaussian mean and log-variance), z = μ + e^{s/2} ε, loss = Gaussian NLL summed over
  features + KL to N(0, I), both averaged over the batch; Adam 1e-3.
- gan: generator 16-128-256-64, discriminator 64-256-128-1 (LeakyReLU 0.2); per step one
  discriminator step (BCE on real and fake) and one non-saturating generator step with the
  discriminator frozen, each with its own Adam (2e-4, β₁ = 0.5).
- conv-ae: windows of 128 (one channel, uniform data): Conv1d 1→16→32→64 (kernel 5,
  stride 2, padding 2, tanh) 128 → 16 steps, Linear 1024→16, Linear 16→1024, tanh,
  ConvTranspose1d 64→32→16→1 (output_padding 1, tanh between) back to 128; MSE; Adam 1e-3.
Steps run for S seconds (default 3) after a 0.2 s warm-up.
"""
import argparse
import json
import math
import time

import torch
import torch.nn.functional as F

BATCH = 128
WINDOW = 128


def mlp(sizes, act):
    layers = []
    for i in range(len(sizes) - 1):
        if i > 0:
            layers.append(act())
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
    return torch.nn.Sequential(*layers)


def conv_autoencoder(channels, window, filters, kernel, latent):
    """TSGenerative's ConvAutoencoder (tanh) as torch.nn.Sequential encoder and decoder:
    stride-2 Conv1d layers (padding (k − 1)/2) halve the window, a Linear bottleneck of
    `latent`, stride-2 ConvTranspose1d layers (output_padding 1) double it back."""
    p = (kernel - 1) // 2
    widths = [channels] + filters
    short = window >> len(filters)
    enc = [torch.nn.Unflatten(1, (channels, window))]
    for i in range(len(filters)):
        if i > 0:
            enc.append(torch.nn.Tanh())
        enc.append(torch.nn.Conv1d(widths[i], widths[i + 1], kernel, stride=2, padding=p))
    enc += [torch.nn.Tanh(), torch.nn.Flatten(), torch.nn.Linear(filters[-1] * short, latent)]
    dec = [torch.nn.Linear(latent, filters[-1] * short), torch.nn.Tanh(), torch.nn.Unflatten(1, (filters[-1], short))]
    for i in reversed(range(len(filters))):
        dec.append(torch.nn.ConvTranspose1d(widths[i + 1], widths[i], kernel, stride=2, padding=p, output_padding=1))
        if i > 0:
            dec.append(torch.nn.Tanh())
    dec.append(torch.nn.Flatten())
    return torch.nn.ModuleDict({"encoder": torch.nn.Sequential(*enc), "decoder": torch.nn.Sequential(*dec)})


def vae_step():
    encoder, decoder = mlp([64, 256, 128, 32], torch.nn.Tanh), mlp([16, 128, 256, 128], torch.nn.Tanh)
    optimizer = torch.optim.Adam(list(encoder.parameters()) + list(decoder.parameters()), lr=1e-3)
    x = torch.rand(BATCH, 64)

    def step():
        optimizer.zero_grad()
        stats = encoder(x)
        mu, logvar = stats[:, :16], stats[:, 16:]
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        out = decoder(z)
        mean, s = out[:, :64], out[:, 64:]
        nll = (0.5 * (s + (x - mean) ** 2 * torch.exp(-s) + math.log(2 * math.pi))).sum(1).mean()
        kl = (0.5 * (mu ** 2 + logvar.exp() - 1 - logvar)).sum(1).mean()
        (nll + kl).backward()
        optimizer.step()
    return step


def gan_step():
    act = lambda: torch.nn.LeakyReLU(0.2)
    generator, discriminator = mlp([16, 128, 256, 64], act), mlp([64, 256, 128, 1], act)
    d_opt = torch.optim.Adam(discriminator.parameters(), lr=2e-4, betas=(0.5, 0.999))
    g_opt = torch.optim.Adam(generator.parameters(), lr=2e-4, betas=(0.5, 0.999))
    real = torch.rand(BATCH, 64)
    ones, zeros = torch.ones(BATCH, 1), torch.zeros(BATCH, 1)

    def step():
        d_opt.zero_grad()
        with torch.no_grad():
            fake = generator(torch.randn(BATCH, 16))
        d_loss = F.binary_cross_entropy_with_logits(discriminator(real), ones) + \
            F.binary_cross_entropy_with_logits(discriminator(fake), zeros)
        d_loss.backward()
        d_opt.step()
        for p in discriminator.parameters():
            p.requires_grad_(False)
        g_opt.zero_grad()
        F.binary_cross_entropy_with_logits(discriminator(generator(torch.randn(BATCH, 16))), ones).backward()
        g_opt.step()
        for p in discriminator.parameters():
            p.requires_grad_(True)
    return step


def conv_ae_step():
    model = conv_autoencoder(1, WINDOW, [16, 32, 64], 5, 16)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.rand(BATCH, WINDOW)

    def step():
        optimizer.zero_grad()
        F.mse_loss(model["decoder"](model["encoder"](x)), x).backward()
        optimizer.step()
    return step


STEPS = {"vae": vae_step, "gan": gan_step, "conv-ae": conv_ae_step}


def measure(step, seconds):
    start = time.perf_counter()
    while True:
        step()
        if time.perf_counter() - start >= 0.2:
            break
    steps, start = 0, time.perf_counter()
    while True:
        step()
        steps += 1
        if time.perf_counter() - start >= seconds:
            break
    return steps / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--model", choices=list(STEPS))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    rows = []
    for name in [args.model] if args.model else list(STEPS):
        rate = measure(STEPS[name](), args.seconds)
        rows.append({"model": name, "batch": BATCH, "steps_per_s": rate})
        if not args.json:
            print(f"{name:7} batch {BATCH}  {rate:9.1f} steps/s")
    if args.json:
        print(json.dumps({"framework": f"pytorch {torch.__version__}", "threads": args.threads, "workloads": rows}, indent=1))


if __name__ == "__main__":
    main()
