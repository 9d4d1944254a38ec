#!/usr/bin/env python3
"""tests/bench/gpu_peer.py: the peer side of gpu-check.sh.

  gpu_peer.py make-data OUT.csv [ROWS] [FEATURES]   synthetic binary data (numpy)
  gpu_peer.py torch DATA.csv --layers 64,32 --batch 32 --epochs 3
        PyTorch on CUDA, float32 with TF32 off, the same network, optimiser
        and split as `leverage-cli train`; prints one JSON line with
        samples_per_second (epochs after the first) and test_accuracy.
  gpu_peer.py matmul N    fp32 (TF32 off) GEMM GFLOP/s of N×N×N on CUDA
"""
import json
import sys
import time


def make_data(path, rows=100000, features=30):
    # Plain Python's seeded generator: the same file on every machine,
    # with or without numpy.
    import random

    rng = random.Random(42)
    w = [rng.gauss(0, 1) for _ in range(features)]
    with open(path, "w") as f:
        f.write(",".join(f"f{i}" for i in range(features)) + ",label\n")
        for _ in range(rows):
            x = [rng.gauss(0, 1) for _ in range(features)]
            # Learnable but not trivial: a linear score, an interaction, noise.
            score = sum(a * b for a, b in zip(x, w)) + 0.5 * x[0] * x[1] + rng.gauss(0, 1)
            f.write(",".join(f"{v:.5f}" for v in x) + (",1\n" if score > 0 else ",0\n"))


def torch_train(path, layers, batch, epochs):
    import numpy as np
    import torch

    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    torch.set_float32_matmul_precision("highest")
    dev = torch.device("cuda")
    data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.float32)
    x, y = data[:, :-1], data[:, -1:]
    rng = np.random.default_rng(42)
    order = rng.permutation(len(x))
    n_test = int(round(0.2 * len(x)))
    test, train = order[:n_test], order[n_test:]
    mean, std = x[train].mean(0), x[train].std(0) + 1e-7
    xt = torch.tensor((x[train] - mean) / std, device=dev)
    yt = torch.tensor(y[train], device=dev)
    xs = torch.tensor((x[test] - mean) / std, device=dev)
    ys = torch.tensor(y[test], device=dev)

    torch.manual_seed(42)
    mods, width = [], x.shape[1]
    for h in layers:
        mods += [torch.nn.Linear(width, h), torch.nn.ReLU()]
        width = h
    mods.append(torch.nn.Linear(width, 1))
    model = torch.nn.Sequential(*mods).to(dev)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    lossf = torch.nn.BCEWithLogitsLoss()
    n = xt.shape[0]
    times = []
    for epoch in range(epochs):
        torch.cuda.synchronize()
        t0 = time.perf_counter()
        perm = torch.randperm(n, device=dev)
        for i in range(0, n, batch):
            idx = perm[i:i + batch]
            opt.zero_grad(set_to_none=True)
            loss = lossf(model(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
        torch.cuda.synchronize()
        times.append(time.perf_counter() - t0)
    with torch.no_grad():
        acc = ((model(xs) > 0).float() == ys).float().mean().item()
    timed = times[1:] if len(times) > 1 else times
    return {"samples_per_second": n * len(timed) / sum(timed), "test_accuracy": acc,
            "epoch_seconds": times, "device": torch.cuda.get_device_name(0),
            "torch": torch.__version__}


def matmul(n):
    import torch

    torch.backends.cuda.matmul.allow_tf32 = False
    torch.set_float32_matmul_precision("highest")
    a = torch.randn(n, n, device="cuda")
    b = torch.randn(n, n, device="cuda")
    for _ in range(3):
        a @ b
    torch.cuda.synchronize()
    reps = 50
    t0 = time.perf_counter()
    for _ in range(reps):
        a @ b
    torch.cuda.synchronize()
    dt = (time.perf_counter() - t0) / reps
    return {"n": n, "gflops": 2 * n ** 3 / dt / 1e9}


def main(argv):
    if len(argv) >= 2 and argv[1] == "make-data":
        make_data(argv[2], *(int(a) for a in argv[3:5]))
        return 0
    if len(argv) >= 2 and argv[1] == "matmul":
        print(json.dumps(matmul(int(argv[2]))))
        return 0
    if len(argv) >= 3 and argv[1] == "torch":
        opts = dict(zip(argv[3::2], argv[4::2]))
        layers = [int(v) for v in opts.get("--layers", "64,32").split(",")]
        print(json.dumps(torch_train(argv[2], layers, int(opts.get("--batch", "32")),
                                     int(opts.get("--epochs", "3")))))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
