#!/usr/bin/env python3
"""Generates lead-conversion.csv, the sample dataset of Leverage's trainer.

A made-up B2B software funnel: one row per sales lead, what the team knows
about it after a month, and whether it became a paying customer (label).
The label follows a logistic model with interactions (a demo matters more
for big companies, engagement saturates), plus noise, so a small network
beats a linear model but cannot reach 100%. Pure standard library, fixed
seed: running it again gives the same file byte for byte.

    python3 data/datasets/make-lead-conversion.py > data/datasets/lead-conversion.csv
"""
import math
import random
import sys

SEED = 20261130
ROWS = 5000


def main():
    rng = random.Random(SEED)
    out = sys.stdout
    out.write("company_size,website_visits,pages_per_visit,email_opens,demo_requested,"
              "trial_days_active,support_tickets,budget_k,days_since_signup,referral,label\n")
    for _ in range(ROWS):
        size = int(math.exp(rng.gauss(3.5, 1.4))) + 1          # employees
        visits = int(rng.expovariate(1 / 6.0))
        pages = round(max(1.0, rng.gauss(3.0, 1.2)), 2)
        opens = int(rng.expovariate(1 / 4.0))
        referral = 1 if rng.random() < 0.18 else 0
        demo = 1 if rng.random() < 0.12 + 0.25 * referral + 0.02 * min(visits, 10) else 0
        trial = min(30, int(rng.expovariate(1 / (5.0 + 6.0 * demo))))
        tickets = int(rng.expovariate(1 / (0.5 + 0.1 * trial)))
        budget = round(max(0.0, rng.gauss(2.0 + 0.02 * size ** 0.8, 6.0)), 1)
        days = rng.randint(1, 60)

        z = (-3.2
             + 1.1 * math.tanh(visits / 8.0)
             + 0.45 * (pages - 3.0)
             + 0.9 * math.tanh(opens / 5.0)
             + demo * (0.6 + 0.5 * math.log10(size))
             + 0.11 * trial
             - 0.35 * max(0, tickets - 3)
             + 0.9 * math.tanh(budget / 20.0)
             - 0.012 * days
             + 0.8 * referral
             + 0.6 * (1 if 20 <= size <= 500 else 0))
        p = 1 / (1 + math.exp(-z))
        label = 1 if rng.random() < p else 0
        out.write(f"{size},{visits},{pages},{opens},{demo},{trial},{tickets},{budget},{days},{referral},{label}\n")


if __name__ == "__main__":
    main()
