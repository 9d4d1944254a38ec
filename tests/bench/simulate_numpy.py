#!/usr/bin/python3
"""simulate_numpy.py: the peer for tests/bench/simulate.sh: the same Monte
Carlo cost model as Leverage's engine (lev-snapshot.c + lev-simulate.c),
written the way a numpy user would: every sample at once, one array per
input, percentiles with np.percentile.

It reads any format-1 scenario (amount, unit_price, plan and subsidy
costs; once and monthly schedules; point, uniform, triangular, PERT,
normal, lognormal and inline empirical numbers; Iman-Conover rank
correlations) and prints a JSON summary and its own wall time. Its random
numbers are numpy's, not Philox, so it agrees with Leverage only up to
Monte Carlo error; with --medians it evaluates every input at its median
and must equal `leverage-cli report` (the bench checks both).

Usage: simulate_numpy.py SCENARIO.json [--samples N] [--seed S] [--medians]
"""

import argparse
import json
import math
import sys
import time

import numpy as np

Z95 = 1.6448536269514722
MAX_MONTHS = 600


def norm_ppf(p):
    """Acklam's rational approximation refined by one Halley step:
    numpy has no inverse normal CDF of its own."""
    p = np.asarray(p, dtype=float)
    a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
         1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
    b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
         6.680131188771972e+01, -1.328068155288572e+01]
    c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
         -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
    d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
         3.754408661907416e+00]
    plow = 0.02425
    x = np.empty_like(p)
    lo = p < plow
    hi = p > 1 - plow
    mid = ~(lo | hi)
    q = np.sqrt(-2 * np.log(p[lo]))
    x[lo] = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / \
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    q = np.sqrt(-2 * np.log(1 - p[hi]))
    x[hi] = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / \
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    q = p[mid] - 0.5
    r = q * q
    x[mid] = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / \
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    # Acklam is good to 1e-9 relative: plenty for scores; medians (a few
    # values) get a Halley step on math.erfc to reach double precision.
    if x.size < 10:
        e = 0.5 * np.vectorize(math.erfc)(-x / math.sqrt(2)) - p
        u = e * math.sqrt(2 * math.pi) * np.exp(x * x / 2)
        x = x - u / (1 + x * u / 2)
    return x


def norm_cdf(x):
    return 0.5 * math.erfc(-x / math.sqrt(2))


def beta_median(a, b):
    """Median of Beta(a, b) by bisection on a numerically integrated CDF."""
    xs = np.linspace(0, 1, 200001)
    with np.errstate(divide="ignore", invalid="ignore"):
        dens = np.exp((a - 1) * np.log(xs) + (b - 1) * np.log1p(-xs))
    dens[~np.isfinite(dens)] = 0
    cdf = np.concatenate([[0], np.cumsum((dens[1:] + dens[:-1]) / 2)])
    cdf /= cdf[-1]
    return float(np.interp(0.5, cdf, xs))


class Number:
    def __init__(self, node, lo, hi):
        self.lo, self.hi = lo, hi
        if not isinstance(node, dict):
            self.kind, self.p = "point", [float(node)]
        else:
            self.kind = node["dist"]
            keys = {"point": ["value"], "uniform": ["min", "max"],
                    "triangular": ["min", "mode", "max"], "pert": ["min", "mode", "max"],
                    "normal": ["mean", "sd"], "lognormal": ["low", "high"],
                    "empirical": ["values"]}[self.kind]
            self.p = [node[k] for k in keys]

    @property
    def uncertain(self):
        return self.kind != "point"

    def median(self):
        k, p = self.kind, self.p
        if k == "point":
            return p[0]
        if k == "uniform":
            return (p[0] + p[1]) / 2
        if k == "triangular":
            a, c, b = p
            if (c - a) / (b - a) >= 0.5:
                return a + math.sqrt((b - a) * (c - a) / 2)
            return b - math.sqrt((b - a) * (b - c) / 2)
        if k == "pert":
            a, m, b = p
            al, be = 1 + 4 * (m - a) / (b - a), 1 + 4 * (b - m) / (b - a)
            return a + (b - a) * beta_median(al, be)
        if k == "normal":
            mu, sd = p
            ulo, uhi = norm_cdf((self.lo - mu) / sd), norm_cdf((self.hi - mu) / sd)
            return mu + sd * float(norm_ppf(np.array([ulo + 0.5 * (uhi - ulo)]))[0])
        if k == "lognormal":
            return math.sqrt(p[0] * p[1])
        return float(np.median(p[0]))

    def sample(self, rng, n):
        k, p = self.kind, self.p
        if k == "point":
            return np.full(n, p[0])
        if k == "uniform":
            return rng.uniform(p[0], p[1], n)
        if k == "triangular":
            return rng.triangular(p[0], p[1], p[2], n)
        if k == "pert":
            a, m, b = p
            al, be = 1 + 4 * (m - a) / (b - a), 1 + 4 * (b - m) / (b - a)
            return a + (b - a) * rng.beta(al, be, n)
        if k == "normal":
            # Truncation to the field's range; these fields sit many sd
            # inside it, so clipping changes nothing measurable.
            return np.clip(rng.normal(p[0], p[1], n), self.lo, self.hi)
        if k == "lognormal":
            mu = (math.log(p[0]) + math.log(p[1])) / 2
            sigma = (math.log(p[1]) - math.log(p[0])) / (2 * Z95)
            return np.minimum(rng.lognormal(mu, sigma, n), self.hi)
        return rng.choice(np.asarray(p[0], dtype=float), n)


ITEM_BOUNDS = {"quantity": (0, 1e15), "amount": (0, 1e15), "unit_price": (0, 1e15),
               "rate": (0, 1), "cap": (0, 1e15), "share": (0, 1000), "baseline": (0, 1e15),
               "start_month": (0, MAX_MONTHS), "duration_months": (1, MAX_MONTHS)}
PLAN_BOUNDS = {"parameters": (0, 1e16), "tokens": (0, 1e18), "peak_flops": (1, 1e21),
               "mfu": (1e-6, 1), "price_per_hour": (0, 1e15)}
PRESETS = {"A100": 312e12, "H100-SXM": 989e12}
AREAS = ["data", "compute", "talent", "market"]


def iman_conover(columns, pairs, rng):
    """Reorders columns (dict name -> array) to the asked rank correlations."""
    names = sorted({n for a, b, _ in pairs for n in (a, b)})
    k, n = len(names), len(columns[names[0]])
    target = np.eye(k)
    for a, b, r in pairs:
        i, j = names.index(a), names.index(b)
        target[i, j] = target[j, i] = 2 * math.sin(math.pi * r / 6)
    scores = norm_ppf(np.arange(1, n + 1) / (n + 1))
    s = np.stack([rng.permutation(scores) for _ in range(k)], axis=1)
    e = np.corrcoef(s, rowvar=False)
    m = np.linalg.cholesky(target) @ np.linalg.inv(np.linalg.cholesky(e))
    t = s @ m.T
    for j, name in enumerate(names):
        ranks = np.argsort(np.argsort(t[:, j], kind="stable"), kind="stable")
        columns[name] = np.sort(columns[name])[ranks]


def evaluate(scn, values, n):
    """The cost model for n samples at once: values maps input name -> array."""
    def v(name, default=None):
        return values[name] if name in values else default

    plan = scn["areas"]["compute"].get("plan")
    hours = plan_cost = 0
    if plan is not None:
        flops = 6.0 * v("plan.parameters") * v("plan.tokens")
        hours = flops / (v("plan.peak_flops") * v("plan.mfu") * 3600.0)
        plan_cost = hours * v("plan.price_per_hour")

    items = [(a, it) for a in AREAS for it in scn["areas"][a]["items"]]
    n_months = scn["_n_months"]
    monthly = np.zeros((n, n_months))
    months = np.arange(n_months)
    lev = np.zeros(n)
    base = np.zeros(n)
    area_lev = {a: np.zeros(n) for a in AREAS}
    totals, spans = {}, {}
    for area, it in items:
        form = it["cost"]["form"]
        if form == "subsidy":
            continue
        iid = it["id"]
        start = np.zeros(n, dtype=np.int64)
        periods = np.ones(n, dtype=np.int64)
        timing = it.get("timing", {})
        if "start_month" in timing:
            start = np.clip(np.floor(v(iid + ".start_month") + 0.5), 0, MAX_MONTHS).astype(np.int64)
        if timing.get("schedule") == "monthly":
            periods = np.clip(np.floor(v(iid + ".duration_months") + 0.5), 1, MAX_MONTHS).astype(np.int64)
        if form == "amount":
            total = v(iid + ".amount") * periods
        elif form == "unit_price":
            total = v(iid + ".quantity") * v(iid + ".unit_price") * periods
        else:
            total = v(iid + ".share", 1.0) * plan_cost
        if iid + ".baseline" in values:
            b = values[iid + ".baseline"]
            base_total = b if form == "plan" else b * periods
        else:
            base_total = total
        mask = (months[None, :] >= start[:, None]) & (months[None, :] < (start + periods)[:, None])
        monthly += mask * (total / periods)[:, None]
        totals[iid], spans[iid] = total, mask * (total / periods)[:, None]
        lev += total
        base += base_total
        area_lev[area] += total
    for area, it in items:
        if it["cost"]["form"] != "subsidy":
            continue
        rate = v(it["id"] + ".rate")
        cap = v(it["id"] + ".cap", np.inf)
        covered = sum(totals[c] for c in it["cost"]["covers"])
        credit = np.maximum(np.minimum(rate * covered, cap), 0)
        spent = sum(spans[c] for c in it["cost"]["covers"])
        given = np.minimum(np.cumsum(rate[:, None] * spent, axis=1), credit[:, None])
        monthly -= np.diff(given, axis=1, prepend=0)
        lev -= credit
        area_lev[area] -= credit
    cumulative = np.cumsum(monthly, axis=1)
    budget = v("budget")
    over = cumulative > (budget * (1 + 1e-12))[:, None] if np.ndim(budget) else cumulative > budget * (1 + 1e-12)
    runway = np.where(over.any(axis=1), over.argmax(axis=1), n_months).astype(float)
    out = {"leveraged": lev, "baseline": base, "savings": base - lev}
    out.update({a: area_lev[a] for a in AREAS})
    out["peak_monthly"] = np.maximum(monthly.max(axis=1), 0)
    out["runway_months"] = runway
    return out, cumulative, budget


def inputs_of(scn):
    """Every numeric field the model reads, by the names correlations use."""
    found = {"budget": Number(scn["budget"], 0, 1e15)}
    plan = scn["areas"]["compute"].get("plan")
    if plan is not None:
        for k, (lo, hi) in PLAN_BOUNDS.items():
            if k in plan:
                found["plan." + k] = Number(plan[k], lo, hi)
        if "peak_flops" not in plan:
            found["plan.peak_flops"] = Number(PRESETS[plan["accelerator"]], 1, 1e21)
    for a in AREAS:
        for it in scn["areas"][a]["items"]:
            fields = dict(it["cost"])
            fields.pop("form")
            fields.pop("covers", None)
            for k in ("quantity", "baseline"):
                if k in it:
                    fields[k] = it[k]
            for k in ("start_month", "duration_months"):
                if k in it.get("timing", {}):
                    fields[k] = it["timing"][k]
            for k, node in fields.items():
                found[it["id"] + "." + k] = Number(node, *ITEM_BOUNDS[k])
    return found


def upper(num):
    if num.kind in ("uniform",):
        return num.p[1]
    if num.kind in ("triangular", "pert"):
        return num.p[2]
    if num.kind == "empirical":
        return max(num.p[0])
    return num.p[0]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("scenario")
    ap.add_argument("--samples", type=int, default=100000)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--medians", action="store_true")
    args = ap.parse_args()

    scn = json.load(open(args.scenario))
    t0 = time.perf_counter()
    inputs = inputs_of(scn)
    n_months = scn["horizon_months"]
    for a in AREAS:
        for it in scn["areas"][a]["items"]:
            if it["cost"]["form"] == "subsidy":
                continue
            t = it.get("timing", {})
            start = round(upper(inputs[it["id"] + ".start_month"])) if "start_month" in t else 0
            dur = round(upper(inputs[it["id"] + ".duration_months"])) if t.get("schedule") == "monthly" else 1
            n_months = max(n_months, start + dur)
    scn["_n_months"] = n_months

    n = 1 if args.medians else args.samples
    rng = np.random.default_rng(args.seed)
    values = {}
    for name, num in inputs.items():
        if args.medians or not num.uncertain:
            values[name] = np.full(n, num.median())
        else:
            values[name] = num.sample(rng, n)
    pairs = [(c["a"], c["b"], c["rank"]) for c in scn.get("correlations", [])]
    if pairs and not args.medians:
        iman_conover(values, pairs, rng)

    out, cumulative, budget = evaluate(scn, values, n)
    levels = [5, 10, 25, 50, 75, 90, 95]
    summary = {"samples": n, "outputs": {}}
    for name, x in out.items():
        pct = np.percentile(x, levels)
        counts, _ = np.histogram(x, bins="fd") if x.max() > x.min() else (np.array([n]), None)
        cdf = np.quantile(x, np.linspace(0, 1, 101), method="inverted_cdf")
        summary["outputs"][name] = {
            "mean": float(x.mean()), "sd": float(x.std(ddof=1)) if n > 1 else 0.0,
            "min": float(x.min()), "max": float(x.max()),
            "percentiles": {str(l): float(p) for l, p in zip(levels, pct)},
            "histogram_bins": int(min(len(counts), 120)), "cdf_median": float(cdf[50]),
        }
    bands = np.percentile(cumulative, [10, 50, 90], axis=0)
    summary["monthly_p50_last"] = float(bands[1, -1])
    summary["p_within_budget"] = float(np.mean(out["leveraged"] <= budget))
    summary["seconds"] = time.perf_counter() - t0
    json.dump(summary, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
