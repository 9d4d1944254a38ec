#!/usr/bin/env python3
# check-flatpak.py: flatpak-builder accepts the manifest, and the manifest
# keeps its promises: the app id, a GNOME runtime, narrow finish-args with a
# comment for each, sources pinned by sha256, the app built with meson and
# its tests run. Usage: check-flatpak.py MANIFEST APP_ID   (TAP output)
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

manifest_path, app_id = sys.argv[1], sys.argv[2]
results = []


def check(ok, name, detail=""):
    results.append((ok, name, detail))


builder = shutil.which("flatpak-builder")
if builder is None:
    print("1..0 # SKIP flatpak-builder is not installed")
    sys.exit(0)

# flatpak-builder leaves a .flatpak-builder folder in its working directory.
with tempfile.TemporaryDirectory() as scratch:
    proc = subprocess.run([builder, "--show-manifest", os.path.abspath(manifest_path)],
                          capture_output=True, text=True, cwd=scratch)
check(proc.returncode == 0 and proc.stderr.strip() == "",
      "flatpak-builder --show-manifest accepts the manifest without warnings",
      proc.stderr)
shown = json.loads(proc.stdout) if proc.returncode == 0 else {}
with open(manifest_path, encoding="utf-8") as f:
    raw = json.load(f)

check(shown.get("id") == app_id, "the id is " + app_id, str(shown.get("id")))
check(shown.get("runtime") == "org.gnome.Platform" and shown.get("sdk") == "org.gnome.Sdk",
      "built on org.gnome.Platform with org.gnome.Sdk")
check(re.fullmatch(r"[0-9]+", str(shown.get("runtime-version", ""))) is not None
      and "//runtime" in raw, "a numbered runtime version with the reason for it in //runtime")
check(shown.get("command") == "leverage", "the command is leverage")

args = shown.get("finish-args", [])
forbidden = [a for a in args
             if a in ("--share=network", "--device=all", "--socket=session-bus",
                      "--socket=system-bus", "--socket=x11")
             or a.startswith("--filesystem=") or a.startswith("--talk-name=")
             or a.startswith("--system-talk-name=")]
check(not forbidden, "no network, host filesystem, all devices or bus names", " ".join(forbidden))
check("--device=dri" in args, "GPU access for OpenCL with --device=dri")
comments = raw.get("//finish-args", {})
uncommented = [a for a in args if a not in comments]
check(not uncommented, "every permission is explained in //finish-args", " ".join(uncommented))

modules = shown.get("modules", [])
names = [m.get("name") for m in modules if isinstance(m, dict)]
check("libcsv" in names, "a libcsv module (not in the GNOME runtime)")
for m in modules:
    for s in m.get("sources", []):
        if s.get("type") in ("archive", "file"):
            check(re.fullmatch(r"[0-9a-f]{64}", s.get("sha256", "")) is not None,
                  "%s: %s pinned by sha256" % (m["name"], s.get("url")))
app = modules[-1] if modules else {}
check(app.get("name") == "leverage" and app.get("buildsystem") == "meson",
      "the last module builds the app with meson")
check(app.get("run-tests") is True, "flatpak-builder runs the app's tests")

for i, (ok, name, detail) in enumerate(results, 1):
    print("%s %d - %s" % ("ok" if ok else "not ok", i, name))
    if not ok and detail:
        for line in detail.splitlines():
            print("# " + line)
print("1..%d" % len(results))
sys.exit(0 if all(r[0] for r in results) else 1)
