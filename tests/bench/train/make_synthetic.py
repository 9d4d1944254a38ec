#!/usr/bin/env python3
"""Synthetic binary data for tests/bench/train.sh: ROWS rows of 30 standard
normal features and a label drawn from a logistic model with interactions
(learnable to about 90%, not to 100%). Fixed seed: the same bytes each run.

    make_synthetic.py ROWS OUT.csv
"""
import sys

import numpy as np


def main():
    rows, out = int(sys.argv[1]), sys.argv[2]
    rng = np.random.default_rng(42)
    w = rng.normal(0, 1, 30) / np.sqrt(30)
    cols = [f"f{i}" for i in range(30)] + ["label"]
    with open(out, "w") as f:
        f.write(",".join(cols) + "\n")
        for start in range(0, rows, 100_000):
            n = min(100_000, rows - start)
            x = rng.standard_normal((n, 30))
            z = 2.5 * (x @ w) + 0.8 * x[:, 0] * x[:, 1] - 0.5 * (x[:, 2] ** 2 - 1) + 0.6 * np.sin(2 * x[:, 3])
            y = (rng.random(n) < 1 / (1 + np.exp(-2 * z))).astype(int)
            body = np.column_stack([x, y])
            np.savetxt(f, body, delimiter=",", fmt=["%.6f"] * 30 + ["%d"])


if __name__ == "__main__":
    main()
