#!/usr/bin/env python3
"""Builds the seed corpora of the fuzz targets from the project's own test
data (tests/data, data/), so the fuzzers start from files that reach deep
into each reader. Usage: make-seeds.py OUT_DIR [LEVERAGE_CLI]
OUT_DIR/<target>/ is filled; with LEVERAGE_CLI, small models are trained
and saved as model seeds (JSON, a NUL byte, then the safetensors file)."""
import glob
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
top = os.path.dirname(os.path.dirname(here))
out = sys.argv[1]
cli = sys.argv[2] if len(sys.argv) > 2 else None


def target_dir(name):
    d = os.path.join(out, name)
    os.makedirs(d, exist_ok=True)
    return d


def put(name, fname, data):
    with open(os.path.join(target_dir(name), fname), "wb") as f:
        f.write(data)


def copy_all(name, pattern):
    for p in sorted(glob.glob(os.path.join(top, pattern))):
        with open(p, "rb") as f:
            put(name, os.path.basename(p), f.read())


# Scenarios: the samples and the whole broken corpus.
copy_all("fuzz-scenario", "data/scenarios/*.json")
copy_all("fuzz-scenario", "tests/data/bad-scenarios/*.json")

# CSV: the broken corpus, the start of the sample dataset, and small files
# for the paths the sample does not take (text columns, missing values,
# multiclass labels, other delimiters, quoting).
copy_all("fuzz-csv", "tests/data/bad-csv/*.csv")
with open(os.path.join(top, "data/datasets/lead-conversion.csv"), "rb") as f:
    put("fuzz-csv", "lead-head.csv", b"".join(f.readlines()[:60]))
put("fuzz-csv", "text-missing.csv",
    b"plan,seats,region,label\npro,3,eu,yes\nfree,,us,no\nteam,12,eu,yes\nfree,1,,no\npro,5,us,yes\n")
put("fuzz-csv", "multiclass-semicolon.csv",
    b"\xef\xbb\xbfa;b;label\r\n1.5;2;cat\r\n2;3;dog\r\n3;1;bird\r\n4;0;cat\r\n")
put("fuzz-csv", "quoted-tab.csv",
    b'x\t"y z"\tlabel\n1\t"2"\t0\n"3"\t4\t1\n5\t6\t0\n')
put("fuzz-csv", "regression.csv", b"x,label\n1,2.5\n2,4.75\n3,7e0\n4,-1\n")

# Number text: what founders type (one seed per line).
with open(os.path.join(here, "number-text.seeds"), "rb") as f:
    for i, line in enumerate(f.read().split(b"\n")):
        if line:
            put("fuzz-number-text", "seed-%02d" % i, line)

# Kernel cache: well-formed files around small "binaries", and near misses.
def cache_file(binary, fmt=1):
    return (b"LEVCLBIN" + struct.pack("<II", fmt, 0) + struct.pack("<Q", len(binary))
            + hashlib.sha256(binary).digest() + binary)

for i, b in enumerate([b"\x7fELF" + bytes(60), b"x", bytes(range(256))]):
    put("fuzz-cl-cache", "good-%d.clbin" % i, cache_file(b))
put("fuzz-cl-cache", "bad-format.clbin", cache_file(b"abc", fmt=2))
put("fuzz-cl-cache", "truncated.clbin", cache_file(b"abcdef")[:-2])

# Models: trained and saved by the CLI itself, so they are exactly what
# users have on disk.
if cli:
    work = tempfile.mkdtemp(prefix="fuzz-seeds-")
    try:
        runs = [
            ("binary", "lead-head.csv", []),
            ("onehot", "text-missing.csv", ["--one-hot", "--missing", "mean", "--layers", "4"]),
            ("multiclass", "multiclass-semicolon.csv", ["--layers", "3,2", "--activation", "tanh"]),
            ("regression", "regression.csv", ["--target", "regression", "--no-standardize"]),
        ]
        for name, csv, extra in runs:
            model = os.path.join(work, name + ".json")
            cmd = [cli, "train", os.path.join(out, "fuzz-csv", csv), "--epochs", "1",
                   "--backend", "cpu", "--save", model] + extra
            r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if r.returncode != 0:
                print("make-seeds: %s: %s" % (" ".join(cmd), r.stderr.decode(errors="replace").strip()),
                      file=sys.stderr)
                continue
            with open(model, "rb") as f:
                js = f.read()
            # The weights file the JSON names (NAME.<hash>-<random>.safetensors).
            wname = json.loads(js)["weights"]
            with open(os.path.join(work, wname), "rb") as f:
                st = f.read()
            # The target always names the weights m.safetensors.
            js = js.replace(b'"%s"' % wname.encode(), b'"m.safetensors"')
            put("fuzz-model", name, js + b"\0" + st)
            if name == "binary":
                # Hand edits the reader refuses (json-glib alone took them,
                # or crashed on the deep one).
                edits = {
                    "dup-key": (b'"version" : 1,', b'"version" : 1, "version" : 1,'),
                    "leading-zero": (b'"version" : 1,', b'"version" : 01,'),
                    "relabelled": (b'"target" : "binary"', b'"target" : "multiclass"'),
                    "deep": (b'"training" : {', b'"deep" : ' + b"[" * 50000 + b"]" * 50000 + b', "training" : {'),
                }
                for edit, (a, b) in edits.items():
                    if a in js:
                        put("fuzz-model", name + "-" + edit, js.replace(a, b, 1) + b"\0" + st)
    finally:
        shutil.rmtree(work)

# Training runs: the chart tests' run, the broken-run corpus, and the
# strict-JSON cases json-glib alone accepted.
copy_all("fuzz-training", "tests/charts/data/*.json")
copy_all("fuzz-training", "tests/charts/bad-runs/*.json")
put("fuzz-training", "deep", b'{"epochs": ' + b"[" * 70000 + b"]" * 70000 + b"}")
put("fuzz-training", "regression",
    b'{"epochs": [{"epoch": 1, "loss": 2.5, "r2": -0.5, "val_loss": 3, "val_r2": 0.1},'
    b' {"epoch": 2, "loss": 1.5, "r2": 0.2, "val_r2": null}]}')

# Safetensors for fuzz-safetensors' fixed model (3 inputs, 4 tanh, 2
# softmax): a valid file, then the broken headers the reader refuses.
def safetensors(header, floats=22):
    h = header.encode()
    return struct.pack("<Q", len(h)) + h + struct.pack("<%df" % floats, *[0.25 * i for i in range(floats)])

def st_header(offsets=((0, 48), (48, 64), (64, 96), (96, 104)), meta='{"format":"pt"}', shape0="[3,4]"):
    names = ["dense_0.kernel", "dense_0.bias", "dense_1.kernel", "dense_1.bias"]
    shapes = [shape0, "[4]", "[4,2]", "[2]"]
    parts = ['"__metadata__":%s' % meta]
    for n, sh, (b, e) in zip(names, shapes, offsets):
        parts.append('"%s":{"dtype":"F32","shape":%s,"data_offsets":[%s,%s]}' % (n, sh, b, e))
    return "{" + ",".join(parts) + "}"

put("fuzz-safetensors", "valid", safetensors(st_header()))
put("fuzz-safetensors", "overlap", safetensors(st_header(((0, 48), (32, 48), (64, 96), (96, 104)))))
put("fuzz-safetensors", "fractional", safetensors(st_header(((0, 48), ("48.5", "64.5"), (64, 96), (96, 104)))))
put("fuzz-safetensors", "float-shape", safetensors(st_header(shape0="[3.0,4]")))
put("fuzz-safetensors", "deep", safetensors(st_header(meta="[" * 50000 + "]" * 50000)))
put("fuzz-safetensors", "duplicate", safetensors(st_header().replace('"dtype":"F32",', '"dtype":"F32","dtype":"F32",', 1)))
put("fuzz-safetensors", "short", safetensors(st_header(), floats=20))

for d in sorted(os.listdir(out)):
    print("%s: %d seeds" % (d, len(os.listdir(os.path.join(out, d)))))
