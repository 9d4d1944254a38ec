# PyTorch (CPU) peer: the article's network, Adam with Keras's epsilon,
# batch 32, 10 epochs, validation on the test split each epoch (as the
# article does), the same 80/20 split. Prints JSON.
# One intra-op thread by default (LEV_TORCH_THREADS to change): for a
# network this small, PyTorch's OpenMP threads cost more than they give,
# and on a shared machine their spin-waiting collapses (1.6 ms per 32×30
# linear layer with 2 threads at load 12, against 0.02 ms with one).
import json
import os
import sys
import time

import pandas as pd
import torch
from sklearn.model_selection import train_test_split

torch.set_num_threads(int(os.environ.get("LEV_TORCH_THREADS", "1")))
torch.manual_seed(42)
data = pd.read_csv(sys.argv[1])
X = data.drop("label", axis=1).values.astype("float32")
y = data["label"].values.astype("float32")
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
Xtr, ytr = torch.from_numpy(X_train), torch.from_numpy(y_train).unsqueeze(1)
Xte, yte = torch.from_numpy(X_test), torch.from_numpy(y_test).unsqueeze(1)

model = torch.nn.Sequential(
    torch.nn.Linear(30, 64), torch.nn.ReLU(),
    torch.nn.Linear(64, 32), torch.nn.ReLU(),
    torch.nn.Linear(32, 1))
opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
lossf = torch.nn.BCEWithLogitsLoss()
times = []
for epoch in range(10):
    t0 = time.perf_counter()
    model.train()
    perm = torch.randperm(len(Xtr))
    for i in range(0, len(Xtr), 32):
        idx = perm[i:i + 32]
        opt.zero_grad()
        loss = lossf(model(Xtr[idx]), ytr[idx])
        loss.backward()
        opt.step()
    model.eval()
    with torch.no_grad():
        logits = model(Xte)
        val_loss = lossf(logits, yte).item()
        val_acc = ((logits > 0).float() == yte).float().mean().item()
    times.append(time.perf_counter() - t0)
print(json.dumps({"epoch_seconds": times, "test_loss": val_loss, "test_accuracy": val_acc,
                  "threads": torch.get_num_threads()}))
