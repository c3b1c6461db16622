"""The protocol every method of the accuracy study follows.

- Split: the first ⌊0.70·n⌋ rows train, the next rows up to ⌊0.85·n⌋ validate, the rest
  test (the rule of `tsforecast train --val 0.15 --test 0.15`, `DataSplit` in TSData).
- Score: one-step-ahead RMSE on the test rows in original units — the prediction of y(k)
  may read every observed value before k (and the inputs the series' layout allows), never
  y(k) or later.
- Equal settings: every network gets the series' `lags` (window length), `hidden` units,
  `epochs`, `batch` and `lr` (Adam) below; statistical models fit on the training rows.
- Seeds 0, 1, 2; tables report the median and the range over them.

`SERIES` names each series, its CSV (exported at run time by series.py into the scratch
folder), target, exogenous inputs, seasonal period and settings.
"""
import json
import math
import os
from dataclasses import dataclass, field

SCRATCH = os.environ.get("ACCURACY_DIR", "/tmp/tsforecast-accuracy")
SEEDS = [0, 1, 2]


@dataclass(frozen=True)
class Series:
    name: str
    csv: str             # file name inside SCRATCH
    target: str
    inputs: tuple = ()   # exogenous input columns; networks read u(k−1) (past covariates)
    time: str = None     # time column, if any
    season: int = 1      # seasonal period m (seasonal naive, seasonal statistical models)
    stat_season: int = 1  # m given to AutoARIMA/AutoETS (1: non-seasonal)
    lags: int = 48
    hidden: int = 32
    epochs: int = 40
    batch: int = 64
    lr: float = 1e-3
    note: str = ""

    @property
    def path(self):
        return os.path.join(SCRATCH, self.csv)


SERIES = {
    s.name: s
    for s in [
        # The series: half-hourly demand, weekly season; the settings.
        # AutoARIMA with m = 48 ran for minutes without finishing on the shared 2 cores, so the
        # statistical models are non-seasonal here, as in the issue.
        Series("taylor", "taylor.csv", "demand", season=336, stat_season=1, lags=48,
               note="half-hourly electricity demand, England & Wales, Jun–Aug 2000 (pmdarima)"),
        # Monthly sea-surface temperature (statsmodels elnino), yearly season.
        Series("elnino", "elnino.csv", "temp", time="date", season=12, stat_season=12, lags=24,
               epochs=100, batch=32, note="monthly El Niño sea-surface temperature 1950–2010 (statsmodels)"),
        # Daily, two exogenous inputs (bundled data/sine_exog.csv); no calendar season, so m is
        # the period of its slow input u1 (50 days) and the statistical models are non-seasonal.
        Series("sine_exog", "sine_exog.csv", "y", inputs=("u1", "u2"), time="date", season=50, stat_season=1,
               lags=20, epochs=100, batch=32, note="daily synthetic series driven by two inputs (bundled)"),
        # Weekly CO2 at Mauna Loa (bundled data/co2_weekly.csv), yearly season ≈ 52 weeks.
        Series("co2", "co2_weekly.csv", "co2", time="date", season=52, stat_season=1, lags=52,
               epochs=40, batch=64, note="weekly CO2 at Mauna Loa 1958–2001 (bundled; gaps filled by interpolation)"),
    ]
}


def split(n):
    """(validation start, test start) of n rows: ⌊0.70·n⌋, ⌊0.85·n⌋."""
    return int(0.70 * n + 1e-9), int(0.85 * n + 1e-9)


def rmse(predictions, actuals):
    assert len(predictions) == len(actuals) and len(actuals) > 0
    return math.sqrt(sum((p - a) ** 2 for p, a in zip(predictions, actuals)) / len(actuals))


def read_columns(series):
    """The series' CSV as {column: [float | str]} (time column kept as strings)."""
    with open(series.path) as f:
        header = f.readline().strip().split(",")
        rows = [line.strip().split(",") for line in f if line.strip()]
    columns = {}
    for j, name in enumerate(header):
        values = [r[j] for r in rows]
        columns[name] = values if name == series.time else [float(v) for v in values]
    return columns


def quiet_lightning():
    """One torch thread, and no PyTorch Lightning chatter (Darts and NeuralForecast train with it)."""
    import logging
    import warnings

    import torch
    torch.set_num_threads(1)
    for name in ("pytorch_lightning", "lightning.pytorch", "lightning_fabric"):
        logging.getLogger(name).setLevel(logging.ERROR)
    warnings.filterwarnings("ignore")


def record(path, **fields):
    """Appends one result line (JSON) to path."""
    with open(path, "a") as f:
        f.write(json.dumps(fields) + "\n")
