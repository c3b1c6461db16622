#!/usr/bin/env python3
"""Exports small UCR time-series classification sets to data/ucr/<Name>_{TRAIN,TEST}.csv.

Source: the copies of the UCR archive's GunPoint and ItalyPowerDemand problems that the
`aeon` package (BSD-3-Clause) bundles inside its wheel, in aeon/datasets/data/<Name>/*.ts;
nothing is downloaded at run time, and aeon is not imported (its dependencies are not needed):

    pip install --no-deps 'aeon==1.6.0'
    python3 Utilities/export_ucr.py

Output: a header `label,t0,…,t<L-1>`, then one series per row, its class label first and
the values exactly as written in the .ts file (the archive's own z-normalised values).
The train/test split is the archive's. See data/ucr/README.md for the sets and licences.
"""
import importlib.util
import os

SETS = ["GunPoint", "ItalyPowerDemand"]
OUT = os.path.join(os.path.dirname(__file__), "..", "data", "ucr")


def ts_rows(path):
    """(label, values) of each series of a univariate, equal-length .ts file."""
    rows, in_data = [], False
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if not in_data:
                in_data = line.lower() == "@data"
                continue
            values, label = line.rsplit(":", 1)
            rows.append((label, values.split(",")))
    return rows


def main():
    spec = importlib.util.find_spec("aeon")
    if spec is None:
        raise SystemExit("aeon is not installed: pip install --no-deps 'aeon==1.6.0'")
    data = os.path.join(spec.submodule_search_locations[0], "datasets", "data")
    os.makedirs(OUT, exist_ok=True)
    for name in SETS:
        for part in ["TRAIN", "TEST"]:
            rows = ts_rows(os.path.join(data, name, f"{name}_{part}.ts"))
            length = len(rows[0][1])
            assert all(len(v) == length for _, v in rows), f"{name} {part}: unequal lengths"
            target = os.path.join(OUT, f"{name}_{part}.csv")
            with open(target, "w", newline="\n") as f:
                f.write(",".join(["label"] + [f"t{i}" for i in range(length)]) + "\n")
                for label, values in rows:
                    f.write(",".join([label] + values) + "\n")
            print(f"wrote {len(rows)} series of length {length} to {os.path.normpath(target)}")


if __name__ == "__main__":
    main()
