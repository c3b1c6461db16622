#!/usr/bin/env python3
"""Writes the study's series as CSV into the scratch folder (protocol.SCRATCH); never downloads.

  taylor.csv     pmdarima.datasets.load_taylor(): 4,032 half-hourly demand values (MW)
  elnino.csv     statsmodels.datasets.elnino: the YEAR × JAN…DEC table as one monthly series
  sine_exog.csv  data/sine_exog.csv of this repository, copied
  co2_weekly.csv data/co2_weekly.csv with its 59 missing weeks linearly interpolated, so every
                 method sees the same complete series
"""
import os
import shutil

from protocol import SCRATCH

REPO = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def write(name, header, rows):
    path = os.path.join(SCRATCH, name)
    with open(path + ".tmp", "w") as f:
        f.write(",".join(header) + "\n")
        for row in rows:
            f.write(",".join(str(v) for v in row) + "\n")
    os.replace(path + ".tmp", path)


def taylor():
    from pmdarima.datasets import load_taylor
    y = load_taylor(as_series=False)
    write("taylor.csv", ["demand"], [[repr(float(v))] for v in y])


def elnino():
    import statsmodels.api as sm
    frame = sm.datasets.elnino.load_pandas().data
    months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    rows = []
    for _, r in frame.iterrows():
        for i, m in enumerate(months):
            rows.append([f"{int(r['YEAR'])}-{i + 1:02d}-01", repr(float(r[m]))])
    write("elnino.csv", ["date", "temp"], rows)


def co2():
    with open(os.path.join(REPO, "data", "co2_weekly.csv")) as f:
        header = f.readline().strip().split(",")
        rows = [line.strip().split(",") for line in f if line.strip()]
    values = [float(v) if v else None for _, v in rows]
    known = [i for i, v in enumerate(values) if v is not None]
    assert known[0] == 0 and known[-1] == len(values) - 1, "co2: the first and last weeks must be observed"
    for a, b in zip(known, known[1:]):
        for i in range(a + 1, b):
            values[i] = values[a] + (values[b] - values[a]) * (i - a) / (b - a)
    write("co2_weekly.csv", header, [[d, repr(v)] for (d, _), v in zip(rows, values)])


def main():
    os.makedirs(SCRATCH, exist_ok=True)
    taylor()
    elnino()
    shutil.copyfile(os.path.join(REPO, "data", "sine_exog.csv"), os.path.join(SCRATCH, "sine_exog.csv"))
    co2()
    print(f"series written to {SCRATCH}")


if __name__ == "__main__":
    main()
