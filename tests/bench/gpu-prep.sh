#!/usr/bin/env bash
# tests/bench/gpu-prep.sh: runs HERE (Debian 12). Builds leverage-cli in
# release mode and copies it, with every non-glibc shared library it needs
# and the ocl-icd OpenCL loader, into .gpu/ at the top of the repository,
# for tests/bench/gpu-check.sh on a GPU machine that has no GLib, json-glib,
# libcsv or OpenCL loader of its own and cannot install anything.
#   tests/bench/gpu-prep.sh            # then carry .gpu to the GPU machine
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top"
dest="$top/.gpu"

# Under `build-aux/dev bench`, BUILD_DIR is an optimised build already.
if [ -n "${BUILD_DIR:-}" ] && [ -x "$BUILD_DIR/src/cli/leverage-cli" ]; then
  build=$BUILD_DIR
else
  build=${GPU_PREP_BUILD_DIR:-_build-gpu}
  if [ -f "$build/build.ninja" ]; then
    meson configure "$build" --buildtype=release -Dgui=disabled -Dtrainer=enabled >/dev/null
  else
    meson setup "$build" --buildtype=release -Dgui=disabled -Dtrainer=enabled >/dev/null
  fi
  ninja -C "$build" -j2 src/cli/leverage-cli
fi

rm -rf "$dest"
mkdir -p "$dest/bin" "$dest/lib"
cp "$build/src/cli/leverage-cli" "$dest/bin/"
strip "$dest/bin/leverage-cli" 2>/dev/null || true

# glibc's own libraries must come from the GPU machine (they match its
# kernel and dynamic loader); everything else travels.
is_glibc() {
  case "$(basename "$1")" in
    ld-linux*|libc.so*|libm.so*|libdl.so*|libpthread.so*|librt.so*|libresolv.so*|libutil.so*|libanl.so*|libnss_*|libmvec.so*) return 0 ;;
    *) return 1 ;;
  esac
}

copy_deps() {
  ldd "$1" | awk '/=> \// { print $3 }' | while read -r lib; do
    is_glibc "$lib" && continue
    name=$(basename "$lib")
    [ -e "$dest/lib/$name" ] && continue
    cp -L "$lib" "$dest/lib/$name"
  done
}
copy_deps "$dest/bin/leverage-cli"

# The loader is opened at run time, so ldd does not see it.
loader=$(ldconfig -p | awk '/libOpenCL.so.1 .*x86-64/ { print $NF; exit }')
if [ -z "$loader" ]; then
  echo "gpu-prep: no libOpenCL.so.1 here: apt-get install ocl-icd-libopencl1" >&2
  exit 1
fi
cp -L "$loader" "$dest/lib/libOpenCL.so.1"
copy_deps "$dest/lib/libOpenCL.so.1"

cat > "$dest/README" <<TXT
Prepared by tests/bench/gpu-prep.sh on $(date -u +%Y-%m-%dT%H:%MZ) from $(git rev-parse --short HEAD 2>/dev/null || echo '?')
leverage-cli (release) and its shared libraries; run tests/bench/gpu-check.sh.
TXT
echo "gpu-prep: $(ls "$dest/lib" | wc -l) libraries, $(du -sh "$dest" | cut -f1) in $dest"
