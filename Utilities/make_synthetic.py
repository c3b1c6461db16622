"""Writes data/sine_exog.csv: a 500-row synthetic NARX series with two exogenous inputs.

Usage (from the repository root): python3 Utilities/make_synthetic.py

Columns: date (daily ISO-8601 from 2020-01-01), y (target), u1, u2 (inputs).
    u1(k) = sin(2πk/50)                      (slow sine)
    u2(k) = square wave of period 40, ±1     (switching input)
    y(k)  = 0.6·y(k−1) − 0.1·y(k−2) + 0.8·u1(k−1) + 0.3·u2(k−2) + 0.05·ε(k),  ε ~ N(0, 1), seed 42
so a NARX model with na = 2, nb = [1, 1], nk = [1, 2] describes it exactly.
"""
import datetime
import math
import random

ROWS = 500


def main() -> None:
    rng = random.Random(42)
    u1 = [math.sin(2 * math.pi * k / 50) for k in range(ROWS)]
    u2 = [1.0 if (k // 20) % 2 == 0 else -1.0 for k in range(ROWS)]
    y = [0.0] * ROWS
    for k in range(2, ROWS):
        y[k] = 0.6 * y[k - 1] - 0.1 * y[k - 2] + 0.8 * u1[k - 1] + 0.3 * u2[k - 2] + 0.05 * rng.gauss(0, 1)
    start = datetime.date(2020, 1, 1)
    with open("data/sine_exog.csv", "w", newline="\n") as f:
        f.write("date,y,u1,u2\n")
        for k in range(ROWS):
            day = start + datetime.timedelta(days=k)
            f.write(f"{day.isoformat()},{y[k]:.6f},{u1[k]:.6f},{u2[k]:.1f}\n")


if __name__ == "__main__":
    main()
