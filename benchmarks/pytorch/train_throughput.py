#!/usr/bin/env python3
"""Training throughput of the `tsforecast-bench training` workloads in PyTorch (CPU).

Usage: python3 benchmarks/pytorch/train_throughput.py [--model lstm|gru|rnn|narx|cnn]
       [--threads N] [--seconds S] [--json]

Each workload trains a fresh model (seed 0) on a sine-plus-noise series: a warm-up of
steps on the first batch for WARM_UP_SECONDS (at least one), then one epoch over the
shuffled windows (cut off after S seconds), Adam
(lr 1e-3), MSE on the last step. Recurrent: nn.LSTM/GRU/RNN(1, H, L) over time-major
windows [T, B, 1] + Linear(H, 1) on the last step. NARX: Linear(50, 32), Tanh,
Linear(32, 1) on regressors of 48 output lags + 2 exogenous inputs (nb = 1), B = 64.
CNN: the `--model cnn` forecaster (a temporal convolutional network, as
Utilities/Reference/tcn_forecaster_fixtures.py) on regressors of 24 lags, 32 channels,
kernel 3, three residual blocks (dilations 1, 2, 4), B = 64.

GFLOP/s counts GEMM FLOPs of forward + backward, the same formula as the Swift
benchmark: recurrent 6·T·B·G·H·(F_l + H) per layer plus 6·B·H for the head; NARX
6·B·(50·32 + 32); CNN 6·B·(Σ_blocks T·(k·C_in·C + k·C·C (+ C_in·C for block 0)) + C). The sgemm peak is the best of five 2048³ matmuls.
"""
import argparse
import json
import math
import time

import torch

RECURRENT_WORKLOADS = [(32, 10, 64, 1), (64, 10, 64, 1), (128, 50, 128, 2), (256, 100, 256, 1)]
GATES = {"lstm": 4, "gru": 3, "rnn": 1}
NARX = dict(lags=48, inputs=2, nb=1, hidden=32, batch=64)
CNN = dict(lags=24, channels=32, kernel=3, blocks=3, batch=64)
SERIES_WINDOWS = 65536


def sine_series(length, generator, period=50.0, phase=0.0):
    t = torch.arange(length, dtype=torch.float32)
    return torch.sin(2 * math.pi * t / period + phase) + 0.1 * torch.randn(length, generator=generator)


def sgemm_peak():
    a = torch.randn(2048, 2048)
    b = torch.randn(2048, 2048)
    torch.mm(a, b)
    best = math.inf
    for _ in range(5):
        start = time.perf_counter()
        torch.mm(a, b)
        best = min(best, time.perf_counter() - start)
    return 2 * 2048**3 / best / 1e9


# Warm-up before each measured epoch: long enough for thread pools, caches and clock
# frequency to settle after the previous workload (the same in the Swift benchmark).
WARM_UP_SECONDS = 0.2


def run_epoch(model, gather, batch, generator, seconds):
    """Warm-up steps on the first batch for WARM_UP_SECONDS, then one epoch over the
    shuffled windows (cut off after `seconds`); `gather(indices)` builds `(x, y)`.
    Returns (windows, elapsed)."""
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.MSELoss()

    def step(x, y):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()

    warm_up = time.perf_counter()
    first = gather(torch.arange(batch))
    step(*first)
    while time.perf_counter() - warm_up < WARM_UP_SECONDS:
        step(*first)
    order = torch.randperm(SERIES_WINDOWS, generator=generator)
    windows = 0
    start = time.perf_counter()
    for s in range(0, SERIES_WINDOWS - batch + 1, batch):
        step(*gather(order[s:s + batch]))
        windows += batch
        if time.perf_counter() - start >= seconds:
            break
    return windows, time.perf_counter() - start


class RecurrentForecaster(torch.nn.Module):
    def __init__(self, kind, hidden, layers):
        super().__init__()
        cell = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}[kind]
        self.rnn = cell(1, hidden, layers)
        self.head = torch.nn.Linear(hidden, 1)

    def forward(self, x):
        out, _ = self.rnn(x)
        return self.head(out[-1])


def recurrent_workload(kind, hidden, steps, batch, layers, seconds):
    generator = torch.Generator().manual_seed(0)
    torch.manual_seed(0)
    series = sine_series(SERIES_WINDOWS + steps, generator)
    offsets = torch.arange(steps)

    def gather(idx):
        x = series[idx[:, None] + offsets].t().unsqueeze(-1).contiguous()
        return x, series[idx + steps].unsqueeze(-1)

    model = RecurrentForecaster(kind, hidden, layers)
    windows, elapsed = run_epoch(model, gather, batch, generator, seconds)
    flops = sum(6 * steps * batch * GATES[kind] * hidden * ((1 if l == 0 else hidden) + hidden) for l in range(layers))
    flops += 6 * batch * hidden
    return dict(model=kind, hidden=hidden, steps=steps, batch=batch, layers=layers,
                windows_per_s=windows / elapsed, gflops=flops * windows / batch / elapsed / 1e9)


def narx_workload(seconds):
    generator = torch.Generator().manual_seed(0)
    torch.manual_seed(0)
    lags, hidden, batch = NARX["lags"], NARX["hidden"], NARX["batch"]
    features = lags + NARX["inputs"] * NARX["nb"]
    length = SERIES_WINDOWS + lags
    y = sine_series(length, generator)
    u = torch.stack([sine_series(length, generator, period=p, phase=1.0) for p in (17.0, 31.0)], dim=1)
    offsets = torch.arange(lags)

    def gather(idx):
        k = idx + lags  # predicted sample
        regressor = torch.cat([y[(k - 1)[:, None] - offsets], u[k - 1]], dim=1)
        return regressor, y[k].unsqueeze(-1)

    model = torch.nn.Sequential(torch.nn.Linear(features, hidden), torch.nn.Tanh(), torch.nn.Linear(hidden, 1))
    windows, elapsed = run_epoch(model, gather, batch, generator, seconds)
    flops = 6 * batch * (features * hidden + hidden)
    return dict(model="narx", hidden=hidden, steps=1, batch=batch, layers=1,
                windows_per_s=windows / elapsed, gflops=flops * windows / batch / elapsed / 1e9)


class CausalConv(torch.nn.Conv1d):
    """Conv1d with d·(k − 1) zeros on the left only."""

    def forward(self, x):
        return super().forward(torch.nn.functional.pad(x, (self.dilation[0] * (self.kernel_size[0] - 1), 0)))


class TemporalBlock(torch.nn.Module):
    """ReLU(main(x) + shortcut(x)), main = CausalConv, ReLU, CausalConv, ReLU; a 1×1
    shortcut convolution when the channel count changes."""

    def __init__(self, cin, channels, kernel, dilation):
        super().__init__()
        self.main = torch.nn.Sequential(
            CausalConv(cin, channels, kernel, dilation=dilation), torch.nn.ReLU(),
            CausalConv(channels, channels, kernel, dilation=dilation), torch.nn.ReLU())
        self.shortcut = torch.nn.Conv1d(cin, channels, 1) if cin != channels else None

    def forward(self, x):
        return torch.relu(self.main(x) + (self.shortcut(x) if self.shortcut is not None else x))


class ConvolutionalForecaster(torch.nn.Module):
    """Regressor [B, L] (newest lag first) → time order [B, 1, L] → blocks → last step → head."""

    def __init__(self, lags, channels, kernel, blocks):
        super().__init__()
        self.lags = lags
        self.tcn = torch.nn.Sequential(*[TemporalBlock(1 if i == 0 else channels, channels, kernel, 2 ** i)
                                         for i in range(blocks)])
        self.head = torch.nn.Linear(channels, 1)

    def forward(self, r):
        x = r.view(r.shape[0], 1, self.lags).flip(-1)
        return self.head(self.tcn(x)[:, :, -1])


def cnn_workload(seconds):
    generator = torch.Generator().manual_seed(0)
    torch.manual_seed(0)
    lags, channels, kernel, blocks, batch = (CNN[k] for k in ("lags", "channels", "kernel", "blocks", "batch"))
    y = sine_series(SERIES_WINDOWS + lags, generator)
    offsets = torch.arange(lags)

    def gather(idx):
        k = idx + lags  # predicted sample
        return y[(k - 1)[:, None] - offsets], y[k].unsqueeze(-1)

    model = ConvolutionalForecaster(lags, channels, kernel, blocks)
    windows, elapsed = run_epoch(model, gather, batch, generator, seconds)
    macs = sum(lags * (kernel * (1 if b == 0 else channels) * channels + kernel * channels * channels + (channels if b == 0 else 0))
               for b in range(blocks))
    flops = 6 * batch * (macs + channels)
    return dict(model="cnn", hidden=channels, steps=lags, batch=batch, layers=blocks,
                windows_per_s=windows / elapsed, gflops=flops * windows / batch / elapsed / 1e9)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=["lstm", "gru", "rnn", "narx", "cnn"])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    peak = sgemm_peak()
    rows = []
    for kind in ["lstm", "gru", "rnn"]:
        if args.model in (None, kind):
            rows += [recurrent_workload(kind, *w, args.seconds) for w in RECURRENT_WORKLOADS]
    if args.model in (None, "narx"):
        rows.append(narx_workload(args.seconds))
    if args.model in (None, "cnn"):
        rows.append(cnn_workload(args.seconds))
    for row in rows:
        row["peak_fraction"] = row["gflops"] / peak
    if args.json:
        print(json.dumps(dict(framework="pytorch " + torch.__version__, threads=args.threads,
                              sgemm_gflops=peak, workloads=rows), indent=1))
        return
    print(f"pytorch {torch.__version__}, threads {args.threads}, sgemm 2048^3 {peak:.1f} GFLOP/s")
    print("model     H    T    B    L   windows/s   GFLOP/s  %peak")
    for r in rows:
        print(f"{r['model']:<6} {r['hidden']:4d} {r['steps']:4d} {r['batch']:4d} {r['layers']:4d} "
              f"{r['windows_per_s']:11.0f} {r['gflops']:9.2f} {100 * r['peak_fraction']:6.1f}")


if __name__ == "__main__":
    main()
