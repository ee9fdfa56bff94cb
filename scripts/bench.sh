#!/usr/bin/env bash
# Builds (if needed) and runs every benchmark driver in bench/. Each driver
# prints its own side-by-side table: ours against the baseline named in its
# issue (mpmath, scipy, plain Python, or the naive double formula), measured
# in the same run. Usage: scripts/bench.sh [build-dir]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
bash "$root/scripts/setup.sh" "$build"
for driver in "$build"/bench/bench_*; do
  [ -x "$driver" ] || continue
  echo "=== $(basename "$driver") ==="
  "$driver"
  echo
done
