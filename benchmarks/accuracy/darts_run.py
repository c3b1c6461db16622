"""Darts' LSTM under the protocol: `BlockRNNModel(model="LSTM")`.

BlockRNNModel, not RNNModel: it maps an `input_chunk_length = lags` window to the next value
from the LSTM's last hidden state (output_chunk_length 1), the shape of tsforecast's and the
PyTorch loop's forecaster, and takes the exogenous inputs as past covariates (up to k − 1,
tsforecast's `--input-delay 1`). RNNModel trains on every step of `training_length`
sequences and takes only future covariates.

Target and inputs are z-scored on the training rows (darts Scaler around scikit-learn's
StandardScaler). Trained on the training rows only, n_epochs/batch/lr/hidden from the series,
no early stopping (the last epoch's weights, Darts' default). Test: historical_forecasts
from the first test row with forecast_horizon 1, stride 1, retrain False.
"""
import time

import numpy as np

from protocol import quiet_lightning, split


def run(series, columns, seed):
    from darts import TimeSeries
    from darts.dataprocessing.transformers import Scaler
    from darts.models import BlockRNNModel
    from sklearn.preprocessing import StandardScaler

    quiet_lightning()
    started = time.perf_counter()
    y = np.asarray(columns[series.target], dtype=np.float32)
    n = len(y)
    a, b = split(n)
    target = TimeSeries.from_values(y)
    target_scaler = Scaler(StandardScaler())
    target_scaler.fit(target[:a])
    target_z = target_scaler.transform(target)
    covariates_z = None
    if series.inputs:
        u = np.stack([np.asarray(columns[c], dtype=np.float32) for c in series.inputs], axis=1)
        covariates = TimeSeries.from_values(u)
        covariate_scaler = Scaler(StandardScaler())
        covariate_scaler.fit(covariates[:a])
        covariates_z = covariate_scaler.transform(covariates)
    model = BlockRNNModel(
        model="LSTM", input_chunk_length=series.lags, output_chunk_length=1, hidden_dim=series.hidden, n_rnn_layers=1,
        n_epochs=series.epochs, batch_size=series.batch, optimizer_kwargs={"lr": series.lr}, random_state=seed,
        pl_trainer_kwargs={"accelerator": "cpu", "enable_progress_bar": False, "enable_model_summary": False,
                           "logger": False, "enable_checkpointing": False})
    model.fit(target_z[:a], past_covariates=covariates_z, verbose=False)
    forecasts = model.historical_forecasts(
        target_z, past_covariates=covariates_z, start=b, forecast_horizon=1, stride=1, retrain=False,
        last_points_only=True, verbose=False)
    predictions = target_scaler.inverse_transform(forecasts).values().ravel().astype(np.float64)
    assert len(predictions) == n - b, f"darts returned {len(predictions)} test predictions, expected {n - b}"
    return list(predictions), {"seconds": time.perf_counter() - started}
