#!/bin/bash
# A larger randomized oracle sweep of every `sklaws theory` quantity than the
# suite runs: draws POINTS points per quantity with SEED (mpmath, at two
# working precisions, tests/oracle/theory_sweep_oracle.py), then runs the
# sweep test on that table at --digits 15, 20 and 40.
#   usage: bash scripts/theory_sweep.sh [SEED] [POINTS] [BUILD_DIR]
# Defaults: a random seed, 1000 points (~15 min of mpmath, ~2 min of test),
# build/. The table is kept as BUILD_DIR/theory_sweep_seed<SEED>.tsv, so a
# failing seed can be rerun and attached to an issue.
set -euo pipefail
cd "$(dirname "$0")/.."
seed=${1:-$RANDOM}
points=${2:-1000}
build=${3:-build}
table=$build/theory_sweep_seed$seed.tsv
cmake --build "$build" --target test_cli
/usr/bin/python3 tests/oracle/theory_sweep_oracle.py --seed "$seed" --points "$points" --out "$table"
SKLAWS_THEORY_SWEEP_TABLE=$table "$build/tests/test_cli" "[sweep]"
