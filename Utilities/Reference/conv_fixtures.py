#!/usr/bin/env python3
"""PyTorch reference values for the convolution, pooling and batch-norm operators of
Sources/TSNN/Functional (Tests/TSNNTests/FunctionalParityTests.swift).

Run from the package root:  python3 Utilities/Reference/conv_fixtures.py
Writes Tests/TSNNTests/Fixtures/conv.json in the format of Tests/TestSupport/Fixture.swift:
{"<case>.<tensor>": {"shape": [...], "data": [...]}}.

Every input, weight and output gradient `dy` is drawn in float32 and widened to float64; the
operators then run in float64, so the stored outputs and gradients are the exact-arithmetic
values (to ~1e-16) for exactly the float32 values the Swift side reads. Gradients are those of
the loss `sum(y * dy)`. Each case's options are listed here and repeated in the Swift test.
"""
import json
import os

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "TSNNTests", "Fixtures")
torch.set_default_dtype(torch.float64)


def f32(t):
    """Rounds a float64 tensor to the nearest float32 value, kept as float64."""
    return t.float().double()


def randn(*shape):
    return f32(torch.randn(*shape))


def entry(t):
    t = torch.as_tensor(t, dtype=torch.float64).detach()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1)]}


def run(case, tensors, forward, grads):
    """Runs `forward(**leaves)` with the leaves needing gradients, backpropagates a float32
    `dy`, and stores inputs, `output`, `dy` and `grad.<leaf>` under `case.`."""
    for name in grads:
        tensors[name].requires_grad_(True)
    y = forward(**tensors)
    dy = randn(*y.shape)
    (y * dy).sum().backward()
    stored = dict(tensors, output=y, dy=dy)
    stored.update({"grad." + name: tensors[name].grad for name in grads})
    return {f"{case}.{k}": v for k, v in stored.items()}


def conv_cases():
    out = {}
    # conv1d: stride 2, padding 1, dilation 2, bias; odd sizes.
    out.update(run("conv1d_stride", {"x": randn(2, 3, 13), "w": randn(4, 3, 3), "b": randn(4)},
                   lambda x, w, b: F.conv1d(x, w, b, stride=2, padding=1, dilation=2), ["x", "w", "b"]))
    # padding="same" with an even kernel: 3 zeros in total, 1 before and 2 after.
    out.update(run("conv1d_same", {"x": randn(3, 2, 9), "w": randn(5, 2, 4), "b": randn(5)},
                   lambda x, w, b: F.conv1d(x, w, b, padding="same"), ["x", "w", "b"]))
    # valid, stride 3, no bias.
    out.update(run("conv1d_valid", {"x": randn(2, 3, 17), "w": randn(2, 3, 5)},
                   lambda x, w: F.conv1d(x, w, stride=3), ["x", "w"]))
    # causal: left padding d·(k−1) only, dilation 2.
    out.update(run("conv1d_causal", {"x": randn(2, 3, 10), "w": randn(4, 3, 3), "b": randn(4)},
                   lambda x, w, b: F.conv1d(F.pad(x, (4, 0)), w, b, dilation=2), ["x", "w", "b"]))
    # conv2d: stride (2, 1), padding (1, 2), dilation (1, 2), bias.
    out.update(run("conv2d_stride", {"x": randn(2, 3, 7, 9), "w": randn(5, 3, 3, 2), "b": randn(5)},
                   lambda x, w, b: F.conv2d(x, w, b, stride=(2, 1), padding=(1, 2), dilation=(1, 2)), ["x", "w", "b"]))
    # conv2d: padding='same', kernel 3×4, dilation (2, 1), no bias.
    out.update(run("conv2d_same", {"x": randn(2, 2, 6, 5), "w": randn(3, 2, 3, 4)},
                   lambda x, w: F.conv2d(x, w, padding="same", dilation=(2, 1)), ["x", "w"]))
    # transposed conv1d: stride 2, padding 1, output_padding 1, dilation 2, bias.
    out.update(run("convT1d", {"x": randn(2, 4, 6), "w": randn(4, 3, 3), "b": randn(3)},
                   lambda x, w, b: F.conv_transpose1d(x, w, b, stride=2, padding=1, output_padding=1, dilation=2),
                   ["x", "w", "b"]))
    return out


def pool_cases():
    out = {}
    out.update(run("maxpool1d", {"x": randn(2, 3, 11)},
                   lambda x: F.max_pool1d(x, 3, stride=2, padding=1), ["x"]))
    out.update(run("maxpool2d", {"x": randn(2, 2, 7, 8)},
                   lambda x: F.max_pool2d(x, (3, 2), stride=(2, 2), padding=(1, 1), ceil_mode=True), ["x"]))
    out.update(run("avgpool1d", {"x": randn(2, 3, 11)},
                   lambda x: F.avg_pool1d(x, 3, stride=2, padding=1), ["x"]))
    out.update(run("avgpool2d_ceil", {"x": randn(2, 2, 7, 8)},
                   lambda x: F.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True), ["x"]))
    out.update(run("avgpool2d_nopad", {"x": randn(2, 2, 7, 8)},
                   lambda x: F.avg_pool2d(x, (3, 2), stride=(2, 3), padding=1, count_include_pad=False), ["x"]))
    out.update(run("gap", {"x": randn(3, 4, 5, 3)}, lambda x: x.mean(dim=(2, 3)), ["x"]))
    return out


def batchnorm_case(case, shape, training):
    channels = shape[1]
    tensors = {"x": randn(*shape) * 2 + 0.5, "w": randn(channels), "b": randn(channels)}
    running_mean, running_var = randn(channels), f32(torch.rand(channels) + 0.5)
    rm, rv = running_mean.clone(), running_var.clone()
    out = run(case, tensors, lambda x, w, b: F.batch_norm(x, rm, rv, w, b, training=training, momentum=0.1, eps=1e-5),
              ["x", "w", "b"])
    out.update({f"{case}.running_mean": running_mean, f"{case}.running_var": running_var,
                f"{case}.running_mean_after": rm, f"{case}.running_var_after": rv})
    return out


def batchnorm_cases():
    out = {}
    out.update(batchnorm_case("bn1d_flat", (7, 3), True))
    out.update(batchnorm_case("bn1d_seq", (4, 3, 5), True))
    out.update(batchnorm_case("bn2d", (3, 2, 4, 5), True))
    out.update(batchnorm_case("bn2d_eval", (3, 2, 4, 5), False))
    return out


def direct_cases():
    """Convolutions with 32 or more output positions per sample, which run the direct kernels
    on the AVX2 and AVX-512 paths (the cases above have fewer and run im2col everywhere)."""
    out = {}
    # padding="same", even kernel, dilation 2: 40 positions.
    out.update(run("conv1d_direct_same", {"x": randn(3, 3, 40), "w": randn(5, 3, 4), "b": randn(5)},
                   lambda x, w, b: F.conv1d(x, w, b, padding="same", dilation=2), ["x", "w", "b"]))
    # stride 2, padding 2 (the conv autoencoder's layer): 40 positions from 80.
    out.update(run("conv1d_direct_stride", {"x": randn(2, 2, 80), "w": randn(6, 2, 5), "b": randn(6)},
                   lambda x, w, b: F.conv1d(x, w, b, stride=2, padding=2), ["x", "w", "b"]))
    # conv2d: padding 'same' 3×3 (LeNet's), no bias: 8×9 positions.
    out.update(run("conv2d_direct_same", {"x": randn(2, 2, 8, 9), "w": randn(4, 2, 3, 3)},
                   lambda x, w: F.conv2d(x, w, padding="same"), ["x", "w"]))
    return out


def main():
    torch.manual_seed(13)
    tensors = {}
    tensors.update(conv_cases())
    tensors.update(pool_cases())
    tensors.update(batchnorm_cases())
    # Drawn last, so the cases above keep the values they were first written with.
    tensors.update(direct_cases())
    path = os.path.join(OUT, "conv.json")
    with open(path, "w") as f:
        json.dump({k: entry(v) for k, v in tensors.items()}, f, indent=0)
    print("wrote", os.path.normpath(path))


if __name__ == "__main__":
    main()
