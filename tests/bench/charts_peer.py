"""charts_peer.py: the peer for tests/bench/charts.sh: matplotlib (Agg)
drawing the same eight charts from the same numbers, at the same size
(3840x2160 PNG: 19.2x10.8 in at 200 dpi) and as one multi-page PDF.

Input: a JSON file written by charts.sh with the report, the simulation and
the training run. Output: one line per measurement, "name ms", best of
--repeat runs after one untimed warm-up (font cache), like bench-charts.
"""
import json
import sys
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.backends.backend_pdf import PdfPages  # noqa: E402

data = json.load(open(sys.argv[1]))
repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 7
out = sys.argv[3] if len(sys.argv) > 3 else "/tmp/charts-peer"

rep, sim, run = data["report"], data["simulation"], data["training"]
areas = list(rep["areas"].keys())
budget = rep["budget"]


def frame(title, subtitle):
    fig = plt.figure(figsize=(19.2, 10.8), dpi=200)
    fig.suptitle(title, x=0.055, ha="left", fontsize=40, fontweight="bold")
    fig.text(0.055, 0.90, subtitle, fontsize=22, color="#5c5c66")
    fig.text(0.055, 0.03, "Leverage · " + rep["scenario"] + " · 2026-11-30", fontsize=14, color="#5c5c66")
    return fig


def cost_by_area():
    fig = frame("Cost by area", "Social channels save …")
    ax = fig.add_axes([0.1, 0.15, 0.85, 0.65])
    b = [rep["areas"][a]["baseline"] for a in areas]
    l = [rep["areas"][a]["leveraged"] for a in areas]
    x = range(len(areas))
    ax.bar([i - 0.2 for i in x], b, 0.38, color="#d9dce3", edgecolor="#8c8c96")
    ax.bar([i + 0.2 for i in x], l, 0.38, color="#2e4a68")
    for i in x:
        ax.text(i - 0.2, b[i], f"{b[i] / 1e6:.2f}M", ha="center", va="bottom", fontsize=16)
        ax.text(i + 0.2, l[i], f"{l[i] / 1e6:.2f}M", ha="center", va="bottom", fontsize=16)
    ax.set_xticks(list(x), areas, fontsize=18)
    return fig


def waterfall():
    fig = frame("Savings by channel", "…")
    ax = fig.add_axes([0.1, 0.15, 0.85, 0.65])
    steps = {}
    for a in areas:
        for it in rep["areas"][a]["items"]:
            steps[it["channel"]] = steps.get(it["channel"], 0) + it["savings"]
    steps = [(k, v) for k, v in sorted(steps.items(), key=lambda kv: -kv[1]) if abs(v) >= 0.5]
    run_ = rep["totals"]["baseline"]
    ax.bar(0, run_, color="#d9dce3")
    for i, (k, v) in enumerate(steps, 1):
        ax.bar(i, -v, bottom=run_, color="C%d" % i)
        ax.text(i, run_, f"-{v / 1e6:.2f}M", ha="center", va="bottom", fontsize=16)
        run_ -= v
    ax.bar(len(steps) + 1, rep["totals"]["leveraged"], color="#2e4a68")
    ax.set_xticks(range(len(steps) + 2), ["Baseline"] + [k for k, _ in steps] + ["Leveraged"], fontsize=16)
    return fig


def composition():
    fig = frame("Where the money goes", "…")
    ax = fig.add_axes([0.05, 0.1, 0.5, 0.75])
    by = {}
    for a in areas:
        for it in rep["areas"][a]["items"]:
            if it["leveraged"] > 0:
                by[it["channel"]] = by.get(it["channel"], 0) + it["leveraged"]
    ax.pie(list(by.values()), labels=list(by.keys()), wedgeprops=dict(width=0.4, edgecolor="white"),
           textprops=dict(fontsize=16))
    ax.text(0, 0, f"{rep['totals']['leveraged'] / 1e6:.1f}M", ha="center", va="center", fontsize=40)
    return fig


def histogram():
    fig = frame("Total cost, simulated", "…")
    ax = fig.add_axes([0.1, 0.15, 0.85, 0.65])
    h = sim["histogram"]
    edges = [h["lo"] + i * h["width"] for i in range(len(h["counts"]) + 1)]
    ax.stairs(h["counts"], edges, fill=True, color="#2e4a68")
    for q in ("p10", "p50", "p90"):
        ax.axvline(sim[q], ls="--", color="#333")
        ax.text(sim[q], max(h["counts"]), q, fontsize=16)
    ax.axvline(budget, color="#b3261e", lw=3)
    return fig


def exceedance():
    fig = frame("Chance of exceeding each total", "…")
    ax = fig.add_axes([0.1, 0.15, 0.75, 0.65])
    cdf = sim["cdf"]
    ax.step(cdf, [1 - i / 100 for i in range(len(cdf))], where="post", lw=3, color="#2e4a68")
    ax.axvline(budget, color="#b3261e", lw=3)
    return fig


def tornado():
    fig = frame("What moves the total most", "…")
    ax = fig.add_axes([0.3, 0.15, 0.65, 0.65])
    rows = sim["tornado"][::-1]
    base = sim["tornado_base"]
    for i, r in enumerate(rows):
        ax.barh(i, r["low"] - base, left=base, color="#9db6cf")
        ax.barh(i, r["high"] - base, left=base, color="#2e4a68")
    ax.set_yticks(range(len(rows)), [r["label"] for r in rows], fontsize=16)
    return fig


def spend():
    fig = frame("Cumulative spend against funding", "…")
    ax = fig.add_axes([0.1, 0.15, 0.85, 0.65])
    m = sim["months"]
    x = range(1, len(m) + 1)
    ax.fill_between(x, [v["p10"] for v in m], [v["p90"] for v in m], alpha=0.25, color="#2e4a68")
    ax.plot(x, [v["p50"] for v in m], lw=3, color="#2e4a68")
    ax.axhline(budget, ls="--", color="#1b1b1f")
    return fig


def training():
    fig = frame("Training curves", "…")
    ax1 = fig.add_axes([0.07, 0.15, 0.4, 0.65])
    ax2 = fig.add_axes([0.55, 0.15, 0.4, 0.65])
    ep = run["epochs"]
    x = [e["epoch"] for e in ep]
    ax1.plot(x, [e["loss"] for e in ep], lw=3)
    ax1.plot(x, [e["val_loss"] for e in ep], lw=3, ls="--")
    ax2.plot(x, [e["accuracy"] for e in ep], lw=3)
    ax2.plot(x, [e["val_accuracy"] for e in ep], lw=3, ls="--")
    return fig


charts = [("cost-by-area", cost_by_area), ("waterfall", waterfall), ("composition", composition),
          ("histogram", histogram), ("exceedance", exceedance), ("tornado", tornado),
          ("spend", spend), ("training", training)]

for name, make in charts:
    times = []
    for r in range(repeat + 1):
        t0 = time.perf_counter()
        fig = make()
        fig.savefig(f"{out}-{name}.png")
        plt.close(fig)
        if r > 0:  # the first round fills the font cache
            times.append((time.perf_counter() - t0) * 1000)
    print(f"{name} {min(times):.1f}")

times = []
for r in range(max(repeat // 2, 2) + 1):
    t0 = time.perf_counter()
    with PdfPages(out + "-deck.pdf") as pdf:
        for _, make in charts:
            fig = make()
            pdf.savefig(fig)
            plt.close(fig)
    if r > 0:
        times.append((time.perf_counter() - t0) * 1000)
print(f"deck {min(times):.1f}")
