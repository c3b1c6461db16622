"""Times pandas.read_csv on FILE (the comparison for `tsforecast-bench csv`).

Usage: python3 benchmarks/csv/pandas_read.py FILE [REPEATS]
Prints one line: `rows=<N> columns=<C> seconds=<best of REPEATS>` (import time excluded).
"""
import sys
import time

import pandas as pd


def main() -> None:
    path = sys.argv[1]
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    best = float("inf")
    frame = None
    for _ in range(repeats):
        start = time.perf_counter()
        frame = pd.read_csv(path, dtype="float32")
        best = min(best, time.perf_counter() - start)
    print(f"rows={len(frame)} columns={frame.shape[1]} seconds={best:.6f}")


if __name__ == "__main__":
    main()
