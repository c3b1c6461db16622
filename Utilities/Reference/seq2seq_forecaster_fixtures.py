"""Writes the PyTorch reference for the recurrent encoder-decoder (`--decoder seq2seq`).

Run from the repository root:

    python3 Utilities/Reference/seq2seq_forecaster_fixtures.py

The module matches `EncoderDecoder` (TSForecast) for an LSTM with L = 2 layers, F = 2
features, N = 5 units, C = 4 context steps, H = 3 decoder steps and one output per step:

    out, state = encoder(x[:C])               # from the zero state
    d, _ = decoder(x[C:], state)              # from the encoder's (h_n, c_n)
    y = head(d).permute(1, 0, 2).reshape(1, B, H)   # y[0, b, h] = head(d[h, b])

registered as `seq2seq.encoder.*`, `seq2seq.decoder.*`, `seq2seq.head.*`. Parameters
are drawn with seeded float32 PyTorch init, then everything runs in float64 on a random
x [C + H, B, F] (B = 4):

- forward and backward of a random output gradient dy [1, B, H]: "y", "grad.x",
  "grad.<name>";
- one Adam step (lr 1e-2) on the MSE mean((y - t)^2) against a random target t:
  "t", "loss", the loss gradients "grad_loss.<name>", "final.<name>".
"""
import json
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "TSForecastTests", "Fixtures")
C, H, B, F, N, LAYERS, LR = 4, 3, 4, 2, 5, 2, 1e-2


def entry(t):
    t = t.detach().to(torch.float64)
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


class Seq2Seq(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = torch.nn.LSTM(F, N, num_layers=LAYERS)
        self.decoder = torch.nn.LSTM(F, N, num_layers=LAYERS)
        self.head = torch.nn.Linear(N, 1)

    def forward(self, x):
        _, state = self.encoder(x[:C])
        d, _ = self.decoder(x[C:], state)
        z = self.head(d)
        return z.permute(1, 0, 2).reshape(1, x.shape[1], -1)


class Forecaster(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.seq2seq = Seq2Seq()

    def forward(self, x):
        return self.seq2seq(x)


def main():
    torch.manual_seed(17)
    model = Forecaster()
    x = torch.randn(C + H, B, F, dtype=torch.float32)
    dy = torch.randn(1, B, H, dtype=torch.float32)
    t = torch.randn(1, B, H, dtype=torch.float32)
    fixture = {name: entry(p) for name, p in model.state_dict().items()}
    model = model.to(torch.float64)
    x = x.double().requires_grad_(True)
    y = model(x)
    y.backward(dy.double())
    fixture.update({"x": entry(x), "dy": entry(dy), "y": entry(y), "grad.x": entry(x.grad)})
    fixture.update({f"grad.{name}": entry(p.grad) for name, p in model.named_parameters()})

    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    optimizer.zero_grad()
    loss = ((model(x.detach()) - t.double()) ** 2).mean()
    loss.backward()
    fixture.update({f"grad_loss.{name}": entry(p.grad) for name, p in model.named_parameters()})
    optimizer.step()
    fixture.update({"t": entry(t), "loss": entry(loss.reshape(1))})
    fixture.update({f"final.{name}": entry(p) for name, p in model.state_dict().items()})
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "seq2seq_forecaster.json"), "w") as f:
        json.dump(fixture, f)


if __name__ == "__main__":
    main()
