#!/usr/bin/python3
"""Independent mpmath oracle for the ranked-weight sampler's z-tests
(tests/validation/sampler_ranked_weights_test.cpp): M2's exact E[T_C] and E[W_(i)] = E[T_(i-1)] - E[T_i] of
PY(alpha, beta) at the (alpha, beta, C) the tests simulate.

Writes, next to this file:
  validation_ranked_weights.tsv  alpha, beta, C, E[T_C], E[W_(C)], digits
The integral is docs/theory.md's M2 as printed, by the mpmath quadrature of
theory_missing_mass_oracle.py (imported: one oracle, not a copy), at two
working precisions (mp.dps 25 and 35); `digits` is the number of significant
digits on which they agree (the tests, Monte Carlo z-tests, need 6).
"""
import os
import sys

import mpmath as mp

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from theory_missing_mass_oracle import agree, tail_mass, write  # noqa: E402

# (alpha, beta, C): the sampler test's points (alpha = 0.95 and C = 1e5
# included). (The model-scaling experiment's own z-checks use theory/'s M2,
# which tests/theory checks against theory_missing_mass_oracle.py.)
SAMPLER_CASES = [("0.5", "1", 1), ("0.5", "1", 10), ("0.5", "1", 1000),
                 ("0.95", "1", 10), ("0.95", "-0.9", 100000), ("0.95", "0.5", 100000),
                 ("0.8", "-0.2", 1000), ("0.3", "20", 100), ("0.3", "-0.29", 10),
                 ("0.6", "0", 50), ("0.2", "0.1", 3)]


def row(alpha, beta, C):
    out = {}
    for dps in (25, 35):
        mp.mp.dps = dps
        T = tail_mass(alpha, beta, C)
        W = tail_mass(alpha, beta, C - 1) - T
        out[dps] = (T, W)
    mp.mp.dps = 35
    digits = min(agree(out[25][i], out[35][i]) for i in range(2))
    T, W = out[35]
    return (alpha, beta, C, mp.nstr(T, 20), mp.nstr(W, 20), digits)


def main():
    header = "# alpha\tbeta\tC\tE[T_C]\tE[W_(C)]\tdigits (agreement of mp.dps 25 and 35; the tests need 6)"
    rows = []
    for alpha, beta, C in SAMPLER_CASES:
        r = row(alpha, beta, C)
        print("\t".join(str(x) for x in r), flush=True)
        rows.append(r)
        write("validation_ranked_weights.tsv", header, rows)


if __name__ == "__main__":
    main()
