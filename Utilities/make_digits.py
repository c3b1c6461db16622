"""Writes data/digits.csv: scikit-learn's 8×8 handwritten digits (1,797 images).

Usage (from the repository root): pip install scikit-learn; python3 Utilities/make_digits.py

`sklearn.datasets.load_digits()` reads a copy bundled inside scikit-learn (no download).
Columns: p0 … p63, the pixels row by row (p0 top-left, p7 top-right), integer grey levels
0–16; label, the digit 0–9. Rows keep scikit-learn's order. See data/README.md for the
source and licence.
"""
from sklearn.datasets import load_digits


def main() -> None:
    digits = load_digits()
    with open("data/digits.csv", "w", newline="\n") as f:
        f.write(",".join([f"p{i}" for i in range(64)] + ["label"]) + "\n")
        for image, label in zip(digits.data, digits.target):
            f.write(",".join(str(int(v)) for v in image) + f",{int(label)}\n")


if __name__ == "__main__":
    main()
