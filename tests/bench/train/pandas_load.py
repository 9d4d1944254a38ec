# pandas.read_csv on the same file as Leverage's reader: best of N runs.
import json
import sys
import time

import pandas as pd

best = float("inf")
for _ in range(int(sys.argv[2]) if len(sys.argv) > 2 else 3):
    t0 = time.perf_counter()
    df = pd.read_csv(sys.argv[1])
    best = min(best, time.perf_counter() - t0)
print(json.dumps({"seconds": best, "rows": len(df), "pandas": pd.__version__}))
