# scikit-learn peer: MLPClassifier with the article's network, Adam, batch 32,
# 10 epochs (max_iter counts epochs for the stochastic solvers), same split.
import json
import sys
import time
import warnings

import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

warnings.simplefilter("ignore", ConvergenceWarning)
data = pd.read_csv(sys.argv[1])
X = data.drop("label", axis=1).values.astype("float32")
y = data["label"].values
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
clf = MLPClassifier(hidden_layer_sizes=(64, 32), activation="relu", solver="adam", batch_size=32,
                    learning_rate_init=1e-3, max_iter=10, n_iter_no_change=1000, tol=0,
                    epsilon=1e-7, random_state=42)
t0 = time.perf_counter()
clf.fit(X_train, y_train)
seconds = time.perf_counter() - t0
print(json.dumps({"epoch_seconds": [seconds / clf.n_iter_] * clf.n_iter_,
                  "test_accuracy": clf.score(X_test, y_test), "epochs": clf.n_iter_}))
