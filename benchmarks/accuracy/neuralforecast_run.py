"""NeuralForecast's LSTM under the protocol.

`LSTM(h=1, input_size=lags, encoder_hidden_size=hidden, encoder_n_layers=1,
decoder_hidden_size=hidden, decoder_layers=1)`: the encoder LSTM's last state goes through
NeuralForecast's MLP decoder (one hidden layer of `hidden` units) to the next value; the
inputs are historic exogenous variables (`hist_exog_list`, values up to k − 1). NeuralForecast
counts gradient steps, not epochs: `max_steps = epochs · ⌈training windows / batch⌉` with
`windows_batch_size = batch` windows per step (one series, `batch_size = 1`). Scaling is
NeuralForecast's own per-window `scaler_type="standard"`. No early stopping (its default).
Test: `cross_validation(val_size, test_size, step_size=1, refit=False)` trains once on the
training rows and predicts every test row one step ahead from the actual history.
"""
import math
import time

import numpy as np

from protocol import quiet_lightning, split


def run(series, columns, seed):
    import pandas as pd
    from neuralforecast import NeuralForecast
    from neuralforecast.models import LSTM

    quiet_lightning()
    started = time.perf_counter()
    y = np.asarray(columns[series.target], dtype=np.float64)
    n = len(y)
    a, b = split(n)
    frame = pd.DataFrame({"unique_id": "series", "ds": np.arange(n), "y": y})
    for c in series.inputs:
        frame[c] = np.asarray(columns[c], dtype=np.float64)
    steps = series.epochs * math.ceil((a - series.lags) / series.batch)
    model = LSTM(
        h=1, input_size=series.lags, encoder_hidden_size=series.hidden, encoder_n_layers=1,
        decoder_hidden_size=series.hidden, decoder_layers=1, hist_exog_list=list(series.inputs) or None,
        max_steps=steps, learning_rate=series.lr, batch_size=1, windows_batch_size=series.batch,
        inference_windows_batch_size=1024, val_check_steps=steps, random_seed=seed, scaler_type="standard",
        accelerator="cpu", enable_progress_bar=False, logger=False, enable_model_summary=False,
        enable_checkpointing=False)
    forecaster = NeuralForecast(models=[model], freq=1)
    cv = forecaster.cross_validation(df=frame, val_size=b - a, test_size=n - b, n_windows=None, step_size=1, refit=False)
    cv = cv.sort_values("ds")
    predictions = cv["LSTM"].to_numpy(dtype=np.float64)
    assert list(cv["ds"]) == list(range(b, n)), "neuralforecast predicted other rows than the test rows"
    return list(predictions), {"seconds": time.perf_counter() - started, "steps": steps}
