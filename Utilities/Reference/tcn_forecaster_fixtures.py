"""Writes the PyTorch reference for the cnn forecaster (temporal convolutional network).

Run from the repository root:

    python3 Utilities/Reference/tcn_forecaster_fixtures.py

The module matches `ConvolutionalForecaster` with S = 2 series of L = 6 lags, C = 3
channels, k = 2 taps, two residual blocks (dilations 1 and 2) and O = 2 outputs:

    x = r.view(B, S, L).flip(-1)               # the NARX regressor, oldest lag first
    block i: ReLU(main(x) + shortcut(x)), main = CausalConv, ReLU, CausalConv, ReLU
    y = head(tcn(x)[:, :, -1])

where CausalConv pads d(k - 1) zeros on the left only, and block 0 has a 1x1 shortcut
convolution (S != C). Parameters are drawn with seeded float32 PyTorch init, then the
forward and backward run in float64 on a random regressor r [B, S*L] and a random output
gradient dy [B, O]. The fixture (Tests/TSForecastTests/Fixtures/tcn_forecaster.json)
holds the parameters (state_dict names), r, dy, the output y and every gradient
("grad.r", "grad.<name>").
"""
import json
import os

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "TSForecastTests", "Fixtures")
B, S, L, C, K, O, BLOCKS = 4, 2, 6, 3, 2, 2, 2


def entry(t):
    t = t.detach().to(torch.float64)
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


class CausalConv(torch.nn.Conv1d):
    def forward(self, x):
        return super().forward(F.pad(x, (self.dilation[0] * (self.kernel_size[0] - 1), 0)))


class Block(torch.nn.Module):
    def __init__(self, cin, dilation):
        super().__init__()
        self.main = torch.nn.Sequential(
            CausalConv(cin, C, K, dilation=dilation), torch.nn.ReLU(),
            CausalConv(C, C, K, dilation=dilation), torch.nn.ReLU())
        self.shortcut = torch.nn.Sequential(torch.nn.Conv1d(cin, C, 1)) if cin != C else None

    def forward(self, x):
        return torch.relu(self.main(x) + (self.shortcut(x) if self.shortcut is not None else x))


class Forecaster(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.tcn = torch.nn.Sequential(*[Block(S if i == 0 else C, 2 ** i) for i in range(BLOCKS)])
        self.head = torch.nn.Linear(C, O)

    def forward(self, r):
        x = r.view(r.shape[0], S, L).flip(-1)
        return self.head(self.tcn(x)[:, :, -1])


def main():
    torch.manual_seed(13)
    model = Forecaster()
    r = torch.randn(B, S * L, dtype=torch.float32)
    dy = torch.randn(B, O, dtype=torch.float32)
    fixture = {name: entry(p) for name, p in model.state_dict().items()}
    model = model.to(torch.float64)
    r = r.double().requires_grad_(True)
    y = model(r)
    y.backward(dy.double())
    fixture.update({"r": entry(r), "dy": entry(dy), "y": entry(y), "grad.r": entry(r.grad)})
    fixture.update({f"grad.{name}": entry(p.grad) for name, p in model.named_parameters()})
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "tcn_forecaster.json"), "w") as f:
        json.dump(fixture, f)


if __name__ == "__main__":
    main()
