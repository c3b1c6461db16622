"""Writes the PyTorch reference for the LSTM forecaster's training trace.

Run from the repository root:

    python3 Utilities/Reference/forecaster_fixtures.py

A module {lstm: torch.nn.LSTM(F, H, num_layers), head: torch.nn.Linear(H, 1)} is built
with seeded float32 init, then run in float64. On a fixed batch x [T, B, F], y [T, B, 1]
with loss weights w [T, B, 1] (0 for the first `washout` steps), the loss is the
weighted MSE sum(w * (head(lstm(x)) - y)^2) / sum(w). Ten Adam steps (lr 1e-2) are taken;
the fixture holds the initial parameters (PyTorch names), x, y, w, the loss before each
step ("losses", [10]) and the final parameters ("final.<name>").
"""
import json
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "TSForecastTests", "Fixtures")
T, B, F, H, LAYERS, WASHOUT, STEPS, LR = 7, 4, 2, 6, 2, 2, 10, 1e-2


def entry(t):
    t = t.detach().to(torch.float64)
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


class Forecaster(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(F, H, num_layers=LAYERS)
        self.head = torch.nn.Linear(H, 1)

    def forward(self, x):
        return self.head(self.lstm(x)[0])


def main():
    torch.manual_seed(11)
    model = Forecaster()
    x = torch.randn(T, B, F, dtype=torch.float32)
    y = torch.sin(torch.arange(T * B, dtype=torch.float32).reshape(T, B, 1) * 0.3)
    w = torch.ones(T, B, 1)
    w[:WASHOUT] = 0
    fixture = {name: entry(p) for name, p in model.state_dict().items()}
    model = model.to(torch.float64)
    x, y, w = x.double(), y.double(), w.double()
    optimizer = torch.optim.Adam(model.parameters(), lr=LR)
    losses = []
    for _ in range(STEPS):
        optimizer.zero_grad()
        loss = (w * (model(x) - y) ** 2).sum() / w.sum()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    fixture.update({"x": entry(x), "y": entry(y), "w": entry(w), "losses": entry(torch.tensor(losses))})
    fixture.update({f"final.{name}": entry(p) for name, p in model.state_dict().items()})
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "lstm_forecaster_trace.json"), "w") as f:
        json.dump(fixture, f)


if __name__ == "__main__":
    main()
