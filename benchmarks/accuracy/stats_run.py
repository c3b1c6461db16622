"""The statistical references: statsforecast's AutoARIMA and AutoETS, seasonal naive and
persistence, under the protocol.

AutoARIMA and AutoETS choose their model and estimate it on the training rows
[0, ⌊0.7n⌋) with season length `series.stat_season` (1 for taylor, whose weekly 336 is out
of their reach and whose daily 48 did not finish in minutes), then `forward(y, h=1, fitted=True)`
applies that fitted model to the whole series: its in-sample one-step predictions on the
test rows read only earlier values. They see no exogenous inputs. Seasonal naive predicts
y(k − m), persistence y(k − 1).
"""
import time

import numpy as np

from protocol import split


def one_step(model, y, a, b):
    started = time.perf_counter()
    model.fit(y[:a])
    fitted = model.forward(y=y, h=1, fitted=True)["fitted"]
    return list(fitted[b:]), {"seconds": time.perf_counter() - started}


def run(series, columns):
    from statsforecast.models import AutoARIMA, AutoETS
    y = np.asarray(columns[series.target], dtype=np.float64)
    n = len(y)
    a, b = split(n)
    results = []
    for label, model in [("AutoARIMA", AutoARIMA(season_length=series.stat_season)),
                         ("AutoETS", AutoETS(season_length=series.stat_season))]:
        predictions, info = one_step(model, y, a, b)
        results.append((f"{label} (m={series.stat_season})", predictions, info))
    results.append((f"seasonal naive (m={series.season})", list(y[b - series.season:n - series.season]), {}))
    results.append(("persistence", list(y[b - 1:n - 1]), {}))
    return results
