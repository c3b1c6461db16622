#!/usr/bin/env python3
"""Throughput of the `tsforecast-bench cnn` workloads in PyTorch (CPU), in samples/s.

Usage: python3 benchmarks/pytorch/cnn_throughput.py [--threads N] [--seconds S] [--json]

The same networks as Sources/TSClassification/ClassifierNetwork.swift, on random data
(normal, seed 0): a warm-up of steps on the first batch for 0.2 s (at least one), then
consecutive batches (cycling over 16 batches of samples) for S seconds.

  fcn-train-150   FCN on [16, 1, 150], 2 classes: forward, cross-entropy, backward, Adam (lr 1e-3)
  fcn-train-427   FCN on [16, 1, 427], 2 classes: the same
  lenet-train-28  LeNet-style CNN on [64, 1, 28, 28], 10 classes: the same
  fcn-infer-150   FCN forward in eval mode on [64, 1, 150], under torch.no_grad()

FCN: (Conv1d same, no bias → BatchNorm1d → ReLU) with 128/256/128 filters and kernels
8/5/3, global average pooling, Linear. LeNet: (Conv2d 5×5 same → ReLU → MaxPool2d 2) with
6 and 16 filters, Flatten, Linear 120, ReLU, Linear 84, ReLU, Linear. `resnet(classes)` (not
benchmarked) is the ResNet of three `Residual` blocks. The modules are numbered as in the
Swift networks (global average pooling is one module), so a `tsforecast classify` model
file's tensors load into `fcn`/`resnet` with `load_state_dict(strict=True)`.
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class GlobalAveragePool(nn.Module):
    """[B, C, T] → [B, C], the mean over time (TSNN's GlobalAveragePool)."""

    def forward(self, x):
        return x.mean(-1)


def fcn(classes):
    layers, width = [], 1
    for filters, kernel in [(128, 8), (256, 5), (128, 3)]:
        layers += [nn.Conv1d(width, filters, kernel, padding="same", bias=False), nn.BatchNorm1d(filters), nn.ReLU()]
        width = filters
    return nn.Sequential(*layers, GlobalAveragePool(), nn.Linear(width, classes))


class Residual(nn.Module):
    """TSNN's ResidualBlock: ReLU(main(x) + shortcut(x)), main = (Conv1d same, no bias → BN →
    ReLU)… without the last ReLU; shortcut a 1×1 Conv1d (no bias) → BN when the channels change."""

    def __init__(self, cin, cout, kernels):
        super().__init__()
        layers = []
        for i, k in enumerate(kernels):
            layers += [nn.Conv1d(cin if i == 0 else cout, cout, k, padding="same", bias=False), nn.BatchNorm1d(cout)]
            if i < len(kernels) - 1:
                layers.append(nn.ReLU())
        self.main = nn.Sequential(*layers)
        self.shortcut = nn.Sequential(nn.Conv1d(cin, cout, 1, bias=False), nn.BatchNorm1d(cout)) if cin != cout else None

    def forward(self, x):
        return F.relu(self.main(x) + (self.shortcut(x) if self.shortcut is not None else x))


def resnet(classes):
    blocks = [Residual(1, 64, [8, 5, 3]), Residual(64, 128, [8, 5, 3]), Residual(128, 128, [8, 5, 3])]
    return nn.Sequential(*blocks, GlobalAveragePool(), nn.Linear(128, classes))


def lenet(classes, side=28):
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding="same"), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5, padding="same"), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(16 * (side // 4) ** 2, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, classes))


WORKLOADS = [
    ("fcn-train-150", lambda: fcn(2), (1, 150), 2, 16, True),
    ("fcn-train-427", lambda: fcn(2), (1, 427), 2, 16, True),
    ("lenet-train-28", lambda: lenet(10), (1, 28, 28), 10, 64, True),
    ("fcn-infer-150", lambda: fcn(2), (1, 150), 2, 64, False),
]


def samples_per_second(step, batches, batch, seconds):
    warm_up = time.perf_counter()
    step(*batches[0])
    while time.perf_counter() - warm_up < 0.2:
        step(*batches[0])
    samples, i = 0, 0
    start = time.perf_counter()
    while True:
        step(*batches[i % len(batches)])
        samples += batch
        i += 1
        if time.perf_counter() - start >= seconds:
            break
    return samples / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    rows = []
    if not args.json:
        print(f"pytorch {torch.__version__}, threads {args.threads}\nworkload          batch   samples/s")
    for name, build, shape, classes, batch, training in WORKLOADS:
        torch.manual_seed(0)
        model = build()
        generator = torch.Generator().manual_seed(1)
        batches = [(torch.randn(batch, *shape, generator=generator), torch.arange(batch) % classes) for _ in range(16)]
        if training:
            model.train()
            optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
            loss_fn = nn.CrossEntropyLoss()

            def step(x, y):
                optimizer.zero_grad()
                loss_fn(model(x), y).backward()
                optimizer.step()
        else:
            model.eval()

            def step(x, _):
                with torch.no_grad():
                    model(x)
        rate = samples_per_second(step, batches, batch, args.seconds)
        rows.append({"workload": name, "batch": batch, "samples_per_s": rate})
        if not args.json:
            print(f"{name:<16} {batch:6d} {rate:11.1f}")
    if args.json:
        print(json.dumps({"framework": "pytorch", "threads": args.threads, "workloads": rows}, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
