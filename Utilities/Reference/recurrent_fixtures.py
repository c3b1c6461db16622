"""Writes the PyTorch parity fixtures of TSRecurrent.

Run from the repository root:

    python3 Utilities/Reference/recurrent_fixtures.py [CASE ...]

For each case it builds torch.nn.RNN / LSTM / GRU (seeded float32 init, then float64),
draws a float32-representable input x [T, B, F], initial states h0 (c0) [L*D, B, H] and
fixed loss weights R, Rh (Rc), and evaluates

    loss = sum(output * R) + sum(h_n * Rh) (+ sum(c_n * Rc))

in float64. The fixture holds the parameters (PyTorch names, no prefix), x, h0, c0, R,
Rh, Rc, output, h_n, c_n and the gradients "grad.<name>" of every parameter, of x
("grad.input"), h0 ("grad.h0") and c0 ("grad.c0").
"""
import json
import os
import sys

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "TSRecurrentTests", "Fixtures")

# name, module, kwargs, T, B, F, H, layers, bidirectional
CASES = [
    ("rnn_tanh", torch.nn.RNN, {"nonlinearity": "tanh"}, 6, 3, 4, 5, 2, False),
    ("rnn_relu", torch.nn.RNN, {"nonlinearity": "relu"}, 6, 3, 4, 5, 2, False),
    ("lstm", torch.nn.LSTM, {}, 7, 3, 4, 5, 2, False),
    ("gru", torch.nn.GRU, {}, 7, 3, 4, 5, 2, False),
    ("lstm_bidirectional", torch.nn.LSTM, {}, 6, 2, 3, 12, 2, True),
    ("gru_bidirectional", torch.nn.GRU, {}, 6, 2, 3, 12, 2, True),
    # H = 64: the step products go through cgk_small_gemm (k, n ≥ 64); B = 9 leaves a
    # one-row tail after the 8-row register tile.
    ("lstm_h64", torch.nn.LSTM, {}, 4, 9, 2, 64, 1, False),
]


def entry(t):
    t = t.detach().to(torch.float64)
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def f32_randn(*shape):
    return torch.randn(*shape, dtype=torch.float32).to(torch.float64)


def make(name, module, kwargs, T, B, F, H, layers, bidirectional, seed):
    torch.manual_seed(seed)
    net = module(F, H, num_layers=layers, bidirectional=bidirectional, **kwargs).to(torch.float64)
    D = 2 if bidirectional else 1
    lstm = module is torch.nn.LSTM
    x = f32_randn(T, B, F).requires_grad_()
    h0 = (0.5 * f32_randn(layers * D, B, H)).to(torch.float32).to(torch.float64).requires_grad_()
    c0 = (0.5 * f32_randn(layers * D, B, H)).to(torch.float32).to(torch.float64).requires_grad_()
    R = f32_randn(T, B, D * H)
    Rh = f32_randn(layers * D, B, H)
    Rc = f32_randn(layers * D, B, H)
    if lstm:
        out, (hn, cn) = net(x, (h0, c0))
        loss = (out * R).sum() + (hn * Rh).sum() + (cn * Rc).sum()
    else:
        out, hn = net(x, h0)
        loss = (out * R).sum() + (hn * Rh).sum()
    loss.backward()
    fx = {"input": entry(x), "h0": entry(h0), "R": entry(R), "Rh": entry(Rh),
          "output": entry(out), "h_n": entry(hn),
          "grad.input": entry(x.grad), "grad.h0": entry(h0.grad)}
    if lstm:
        fx.update({"c0": entry(c0), "Rc": entry(Rc), "c_n": entry(cn), "grad.c0": entry(c0.grad)})
    for pname, p in net.named_parameters():
        fx[pname] = entry(p)
        fx["grad." + pname] = entry(p.grad)
    with open(os.path.join(OUT, f"{name}.json"), "w") as f:
        json.dump(fx, f)
    print(f"{name}: loss {loss.item():.6f}, {len(fx)} tensors")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    only = set(sys.argv[1:])
    for i, case in enumerate(CASES):
        if not only or case[0] in only:
            make(*case, seed=1000 + i)
