# pandas.read_csv on the same file as Leverage's reader: best of N runs.
import json
import sys
import time

import pandas as pd

best = best_cpu = float("inf")
for _ in range(int(sys.argv[2]) if len(sys.argv) > 2 else 3):
    c0, t0 = time.process_time(), time.perf_counter()
    df = pd.read_csv(sys.argv[1])
    best = min(best, time.perf_counter() - t0)
    best_cpu = min(best_cpu, time.process_time() - c0)
print(json.dumps({"seconds": best, "cpu_seconds": best_cpu, "rows": len(df), "pandas": pd.__version__}))
