"""A plain PyTorch LSTM forecaster under the protocol (protocol.py), with tsforecast's
training features as switches so each can be added on its own.

Windows: the prediction of y(k) reads rows k−L … k−1 (L = lags): step features
[y(r), u₁(r), …] for r = k−L … k−1, i.e. the inputs one step behind (past covariates), the
same layout as `tsforecast train --lags L --input-delay 1`. Target and inputs are z-scored
with the mean and standard deviation (ddof 0) of the training rows. Network:
`nn.LSTM(F, H, batch_first=True)` and `nn.Linear(H, 1)` on the last step's output, PyTorch's
default initialisation, seeded with `torch.manual_seed(seed)`. Training targets are the rows
k ∈ [L, ⌊0.7n⌋); each epoch visits them in a `torch.randperm` order (seeded) in batches,
Adam, MSE. Switches:

- clip: `clip_grad_norm_` to this norm (0: none);
- plateau: `ReduceLROnPlateau(factor=0.5, patience=5)` on the validation loss (tsforecast's);
- keep_best: restore the weights of the epoch with the lowest validation loss;
- patience: stop after this many epochs without validation improvement (0: never);
- shuffle: False visits the windows in time order;
- epochs: train this many epochs instead of the series' setting.

Validation targets are the rows [⌊0.7n⌋, ⌊0.85n⌋); test RMSE is scored on [⌊0.85n⌋, n).
"""
import time

import torch

from protocol import split


def windows(z, rows, lags):
    """x [len(rows), L, F], y [len(rows)] for target rows `rows` of the feature matrix z [n, F]."""
    index = torch.tensor(rows).unsqueeze(1) + torch.arange(-lags, 0).unsqueeze(0)
    return z[index], z[torch.tensor(rows), 0]


class Net(torch.nn.Module):
    def __init__(self, features, hidden):
        super().__init__()
        self.lstm = torch.nn.LSTM(features, hidden, batch_first=True)
        self.head = torch.nn.Linear(hidden, 1)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[:, -1]).squeeze(-1)


def run(series, columns, seed, clip=0.0, plateau=False, keep_best=False, patience=0, shuffle=True, epochs=None):
    torch.set_num_threads(1)
    started = time.perf_counter()
    names = [series.target, *series.inputs]
    data = torch.tensor([columns[c] for c in names], dtype=torch.float64).T  # [n, F]
    n = data.shape[0]
    a, b = split(n)
    mean, std = data[:a].mean(0), data[:a].std(0, unbiased=False)
    z = ((data - mean) / std).float()
    L = series.lags
    x_train, y_train = windows(z, list(range(L, a)), L)
    x_val, y_val = windows(z, list(range(a, b)), L)
    x_test, _ = windows(z, list(range(b, n)), L)

    torch.manual_seed(seed)
    net = Net(len(names), series.hidden)
    optimizer = torch.optim.Adam(net.parameters(), lr=series.lr)
    schedule = torch.optim.lr_scheduler.ReduceLROnPlateau(optimizer, factor=0.5, patience=5) if plateau else None
    order_generator = torch.Generator().manual_seed(seed)
    best = (float("inf"), 0, None)
    epochs_run = 0
    for epoch in range(1, (epochs or series.epochs) + 1):
        net.train()
        order = torch.randperm(len(y_train), generator=order_generator) if shuffle else torch.arange(len(y_train))
        for start in range(0, len(order), series.batch):
            batch = order[start:start + series.batch]
            optimizer.zero_grad()
            loss = torch.nn.functional.mse_loss(net(x_train[batch]), y_train[batch])
            loss.backward()
            if clip > 0:
                torch.nn.utils.clip_grad_norm_(net.parameters(), clip)
            optimizer.step()
        epochs_run = epoch
        if plateau or keep_best or patience:
            with torch.no_grad():
                val = torch.nn.functional.mse_loss(net(x_val), y_val).item()
            if schedule:
                schedule.step(val)
            if val < best[0]:
                best = (val, epoch, {k: v.clone() for k, v in net.state_dict().items()})
            if patience and epoch - best[1] >= patience:
                break
    if keep_best and best[2] is not None:
        net.load_state_dict(best[2])
    with torch.no_grad():
        z_pred = net(x_test).double()
    predictions = (z_pred * std[0] + mean[0]).tolist()
    return predictions, {"seconds": time.perf_counter() - started, "epochs_run": epochs_run, "best_epoch": best[1]}
