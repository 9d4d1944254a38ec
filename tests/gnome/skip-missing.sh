#!/bin/sh
# skip-missing.sh: stands in for a validator that is not installed, so that
# its test shows as skipped instead of disappearing.
echo "$1 is not installed (build-aux/dev deps installs it); skipping" >&2
exit 77
