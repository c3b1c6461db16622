#!/usr/bin/env python3
"""Synthetic series for the command-level benchmarks (sine + seasonal + noise, seeded).

  make_series.py dated ROWS OUT.csv        date,value (daily dates from 2000-01-01)
  make_series.py plain ROWS OUT.csv        value only (one column)
  make_series.py many COUNT ROWS OUTDIR    COUNT files OUTDIR/s00000.csv … (date,value)
  make_series.py long COUNT ROWS OUT.csv   COUNT related series in one long file
                                           (id,date,value; series i is level_i · y_i(t) / 10,
                                           level_i = 10^(i mod 4), rows ordered by date)
"""
import sys

import numpy as np

CHUNK = 1_000_000


def values(rows, seed):
    """y(t) = 10 + 3 sin(2πt/50) + sin(2πt/7) + 0.3 ε, in chunks to bound memory."""
    rng = np.random.default_rng(seed)
    for start in range(0, rows, CHUNK):
        t = np.arange(start, min(start + CHUNK, rows), dtype=np.float64)
        yield 10 + 3 * np.sin(2 * np.pi * t / 50) + np.sin(2 * np.pi * t / 7) + 0.3 * rng.standard_normal(t.size)


def write(path, rows, dated, seed):
    dates = np.datetime64("2000-01-01") + np.arange(rows) if dated else None
    with open(path, "w") as f:
        f.write("date,value\n" if dated else "value\n")
        offset = 0
        for chunk in values(rows, seed):
            text = np.char.mod("%.4f", chunk)
            if dated:
                text = np.char.add(np.char.add(dates[offset:offset + chunk.size].astype(str), ","), text)
            f.write("\n".join(text.tolist()))
            f.write("\n")
            offset += chunk.size


def write_long(path, count, rows):
    """`count` series of `rows` daily values in long format, one date at a time."""
    series = np.stack([next(values(rows, seed=100 + i)) * 10 ** (i % 4) / 10 for i in range(count)], axis=1)
    dates = (np.datetime64("2000-01-01") + np.arange(rows)).astype(str)
    ids = np.array([f"s{i:05d}" for i in range(count)])
    with open(path, "w") as f:
        f.write("id,date,value\n")
        for t in range(rows):
            cells = np.char.add(np.char.add(np.char.add(ids, "," + dates[t] + ","), ""), np.char.mod("%.4f", series[t]))
            f.write("\n".join(cells.tolist()))
            f.write("\n")


def main(argv):
    mode = argv[1] if len(argv) > 1 else ""
    if mode in ("dated", "plain") and len(argv) == 4:
        write(argv[3], int(argv[2]), mode == "dated", seed=1)
    elif mode == "many" and len(argv) == 5:
        import os
        os.makedirs(argv[4], exist_ok=True)
        for i in range(int(argv[2])):
            write(os.path.join(argv[4], f"s{i:05d}.csv"), int(argv[3]), True, seed=100 + i)
    elif mode == "long" and len(argv) == 5:
        write_long(argv[4], int(argv[2]), int(argv[3]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
