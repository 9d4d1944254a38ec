#!/usr/bin/env python3
"""Writes tests/data/bad-scenarios/: broken scenario files, each with the
error code and the place its message must name (EXPECTED). Each case is a
small edit of a valid base scenario, so it fails for one reason only.
Run from anywhere: python3 tests/data/make-bad-scenarios.py"""
import copy
import json
import os

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "bad-scenarios")

BASE = {
    "format": "leverage-scenario",
    "version": 1,
    "name": "Base",
    "currency": "CNY",
    "start": "2026-01",
    "horizon_months": 12,
    "budget": 1000000,
    "areas": {
        "data": {"requirement": {"quantity": 1, "unit": "TB"}, "items": [
            {"id": "d1", "name": "Data", "channel": "purchase", "quantity": 1,
             "cost": {"form": "amount", "amount": 100000},
             "timing": {"start_month": 0, "schedule": "once"}}]},
        "compute": {"items": [
            {"id": "c1", "name": "Cloud", "channel": "cloud", "quantity": 100,
             "cost": {"form": "unit_price", "unit_price": 20},
             "timing": {"start_month": 1, "schedule": "monthly", "duration_months": 3}},
            {"id": "s1", "name": "Voucher", "channel": "subsidy",
             "cost": {"form": "subsidy", "rate": 0.5, "cap": 5000, "covers": ["c1"]}}]},
        "talent": {"items": []},
        "market": {"items": []},
    },
}

cases = []  # (file, code, place, content bytes)


def edit(name, code, place, fn):
    doc = copy.deepcopy(BASE)
    fn(doc)
    cases.append((name, code, place, json.dumps(doc, indent=2, ensure_ascii=False).encode()))


def raw(name, code, place, data):
    cases.append((name, code, place, data))


def setp(path, value):
    def fn(doc):
        node = doc
        for k in path[:-1]:
            node = node[k]
        node[path[-1]] = value
    return fn


def delp(path):
    def fn(doc):
        node = doc
        for k in path[:-1]:
            node = node[k]
        del node[path[-1]]
    return fn


D0 = ["areas", "data", "items", 0]
C0 = ["areas", "compute", "items", 0]
S1 = ["areas", "compute", "items", 1]

valid = json.dumps(BASE, indent=2).encode()
raw("empty.json", "PARSE", ":1:1:", b"")
raw("truncated.json", "PARSE", "truncated.json:", valid[: len(valid) // 2])
raw("binary-garbage.json", "PARSE", "1:1: invalid UTF-8", bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0xFF, 0x00, 0x10]))
raw("nul-byte.json", "PARSE", "NUL byte", valid[:40] + b"\x00" + valid[40:])
raw("non-utf8-name.json", "PARSE", "invalid UTF-8", valid.replace(b'"Base"', b'"Caf\xe9"'))
raw("nan-literal.json", "PARSE", ":", valid.replace(b'"amount": 100000', b'"amount": NaN'))
raw("trailing-garbage.json", "PARSE", ":", valid + b"\n}}")
raw("array-root.json", "FORMAT", "$:", b"[1, 2, 3]\n")
# Strict JSON: what a lenient parser reads as something else.
def amount(text):
    return valid.replace(b'"amount": 100000', b'"amount": ' + text)
raw("leading-zero.json", "PARSE", "23:23: invalid token", amount(b"0012"))
raw("hex-number.json", "PARSE", "23:24:", amount(b"0x10"))
raw("comment.json", "PARSE", "23:30:", amount(b"100000 /* about */"))
raw("line-comment.json", "PARSE", "4:19:", valid.replace(b'"name": "Base",', b'"name": "Base", // who\n'))
raw("single-quotes.json", "PARSE", "4:3:", valid.replace(b'"name": "Base"', b"'name': 'Base'"))
raw("trailing-dot.json", "PARSE", "23:24: invalid token", amount(b"5."))
raw("leading-dot.json", "PARSE", "23:23: invalid token", amount(b".5"))
raw("plus-sign.json", "PARSE", "23:23: invalid token", amount(b"+5"))
raw("trailing-comma.json", "PARSE", "69:5:", valid.replace(b'"market": {\n      "items": []\n    }', b'"market": {\n      "items": [],\n    }'))
raw("duplicate-key.json", "PARSE", "9:10: the same key twice in one object", valid.replace(b'"budget": 1000000', b'"budget": 1000000,\n  "budget": 2000000'))
raw("duplicate-key-escaped.json", "PARSE", "9:15: the same key twice in one object", valid.replace(b'"budget": 1000000', b'"budget": 1000000,\n  "bud\\u0067et": 2000000'))
raw("nul-escape.json", "PARSE", "4:22: \\u0000", valid.replace(b'"name": "Base"', b'"name": "Ba\\u0000se"'))
raw("lone-surrogate.json", "PARSE", "4:22: invalid Unicode", valid.replace(b'"name": "Base"', b'"name": "Ba\\ud800se"'))
raw("huge-negative-integer.json", "PARSE", "8:33: number out of range", valid.replace(b'"budget": 1000000', b'"budget": -18446744073706551616'))
raw("huge-integer.json", "PARSE", "8:32: number out of range", valid.replace(b'"budget": 1000000', b'"budget": 18446744073712551616'))
raw("control-character.json", "PARSE", "4:13: control character", valid.replace(b'"name": "Base"', b'"name": "Ba\tse"'))
raw("byte-order-mark.json", "PARSE", "1:1:", b"\xef\xbb\xbf" + valid)
raw("deep-nesting.json", "LIMIT", "nested deeper", b"[" * 100000 + b"]" * 100000)
edit("wrong-format.json", "FORMAT", "$.format", setp(["format"], "leverage-model"))
edit("missing-format.json", "FORMAT", "$.format", delp(["format"]))
edit("future-version.json", "VERSION", "$.version", setp(["version"], 2))
edit("version-string.json", "TYPE", "$.version", setp(["version"], "1"))
edit("missing-areas.json", "MISSING", "$.areas", delp(["areas"]))
edit("missing-market-area.json", "MISSING", "$.areas.market", delp(["areas", "market"]))
edit("unknown-area.json", "UNKNOWN", "$.areas.marketing", setp(["areas", "marketing"], {"items": []}))
edit("unknown-top-field.json", "UNKNOWN", "$.budgett", setp(["budgett"], 5))
edit("negative-amount.json", "VALUE", "$.areas.data.items[0].cost.amount", setp(D0 + ["cost", "amount"], -5))
edit("huge-amount.json", "VALUE", "$.areas.data.items[0].cost.amount", setp(D0 + ["cost", "amount"], 1e308))
raw("overflow-amount.json", "PARSE", "23:27: number out of range", valid.replace(b'"amount": 100000', b'"amount": 1e999'))
edit("amount-is-string.json", "TYPE", "$.areas.data.items[0].cost.amount", setp(D0 + ["cost", "amount"], "100000"))
edit("unknown-channel.json", "UNKNOWN", "$.areas.data.items[0].channel", setp(D0 + ["channel"], "friends"))
edit("unknown-cost-form.json", "UNKNOWN", "$.areas.data.items[0].cost.form", setp(D0 + ["cost", "form"], "barter"))
edit("duplicate-item-id.json", "REFERENCE", "$.areas.compute.items[0].id", setp(C0 + ["id"], "d1"))
edit("invalid-item-id.json", "VALUE", "$.areas.data.items[0].id", setp(D0 + ["id"], "no spaces/allowed"))
edit("dangling-cover.json", "REFERENCE", "$.areas.compute.items[1].cost.covers[0]", setp(S1 + ["cost", "covers"], ["nope"]))
edit("subsidy-covers-subsidy.json", "REFERENCE", "$.areas.compute.items[1].cost.covers[0]", setp(S1 + ["cost", "covers"], ["s1"]))
edit("duplicate-cover.json", "REFERENCE", "$.areas.compute.items[1].cost.covers[1]", setp(S1 + ["cost", "covers"], ["c1", "c1"]))
edit("empty-covers.json", "VALUE", "$.areas.compute.items[1].cost.covers", setp(S1 + ["cost", "covers"], []))
edit("rate-above-one.json", "VALUE", "$.areas.compute.items[1].cost.rate", setp(S1 + ["cost", "rate"], 1.5))
edit("unit-price-without-quantity.json", "MISSING", "$.areas.compute.items[0].quantity", delp(C0 + ["quantity"]))
edit("monthly-without-duration.json", "MISSING", "$.areas.compute.items[0].timing.duration_months", delp(C0 + ["timing", "duration_months"]))
edit("fractional-start-month.json", "VALUE", "$.areas.compute.items[0].timing.start_month", setp(C0 + ["timing", "start_month"], 1.5))
edit("unknown-schedule.json", "UNKNOWN", "$.areas.compute.items[0].timing.schedule", setp(C0 + ["timing", "schedule"], "weekly"))
edit("bad-start-month.json", "VALUE", "$.start", setp(["start"], "2026-13"))
edit("zero-horizon.json", "VALUE", "$.horizon_months", setp(["horizon_months"], 0))
edit("unknown-currency.json", "UNKNOWN", "$.currency", setp(["currency"], "EUR"))
edit("items-not-array.json", "TYPE", "$.areas.talent.items", setp(["areas", "talent", "items"], {"a": 1}))
edit("item-not-object.json", "TYPE", "$.areas.talent.items[0]", setp(["areas", "talent", "items"], [42]))
edit("unknown-distribution.json", "UNKNOWN", "$.budget.dist", setp(["budget"], {"dist": "weibull", "k": 2}))
edit("distribution-without-dist.json", "MISSING", "$.budget.dist", setp(["budget"], {"value": 5}))
edit("plan-cost-without-plan.json", "REFERENCE", "$.areas.compute.items[0].cost.form", setp(C0 + ["cost"], {"form": "plan", "share": 1}))
edit("plan-in-data-area.json", "UNKNOWN", "$.areas.data.plan", setp(["areas", "data", "plan"], {"parameters": 1, "tokens": 1, "mfu": 0.5, "price_per_hour": 1, "peak_flops": 1e15}))
edit("plan-mfu-zero.json", "VALUE", "$.areas.compute.plan.mfu", setp(["areas", "compute", "plan"], {"accelerator": "A100", "parameters": 7e9, "tokens": 1e12, "mfu": 0, "price_per_hour": 20}))
edit("long-name.json", "LIMIT", "$.name", setp(["name"], "a" * (10 * 1024 * 1024)))
# Limits count characters, not bytes: 257 CJK characters are 771 bytes.
edit("long-name-cjk.json", "LIMIT", "$.name: text longer than 256", setp(["name"], "\u6570" * 257))
edit("long-item-name-cjk.json", "LIMIT", "$.areas.data.items[0].name: text longer than 256", setp(D0 + ["name"], "\u6570" * 5000))
edit("long-notes-cjk.json", "LIMIT", "$.notes: text longer than 16384", setp(["notes"], "\u6570" * 16385))

os.makedirs(out, exist_ok=True)
# Cases written by hand (the dist-* and correlation-* files) keep their
# files and their lines in EXPECTED; only this script's own are rewritten.
ours = {name for name, _, _, _ in cases}
kept = []
if os.path.exists(os.path.join(out, "EXPECTED")):
    with open(os.path.join(out, "EXPECTED")) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            if line.split("\t")[0] not in ours and os.path.exists(os.path.join(out, line.split("\t")[0])):
                kept.append(line)
with open(os.path.join(out, "EXPECTED"), "w") as exp:
    exp.write("# file<TAB>LevErrorCode<TAB>text the message must contain (the place)\n")
    for name, code, place, data in cases:
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
        exp.write(f"{name}\t{code}\t{place}\n")
    exp.writelines(kept)
print(f"wrote {len(cases)} broken scenarios to {out}, kept {len(kept)} written by hand")
