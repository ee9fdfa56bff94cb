#!/usr/bin/python3
"""Baseline for bench_theory_redundancy_large_n: mpmath evaluating the same
per-token redundancies at large n as the committed oracles do
(tests/oracle/theory_redundancy_large_n_oracle.py for R1,
tests/oracle/theory_syntax_large_n_oracle.py for S1: direct sums of the first
KMAX terms plus rigorous brackets of the rest), one call each, timed here.
Prints one tab-separated line per quantity: name, n, low, high, seconds.
Usage: theory_redundancy_large_n_mpmath.py alpha beta n names values templates prior"""
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'tests', 'oracle'))

import mpmath as mp  # noqa: E402

import theory_redundancy_large_n_oracle as r1  # noqa: E402
import theory_syntax_large_n_oracle as s1  # noqa: E402

alpha, beta, n, names, values = (mp.mpf(x) for x in sys.argv[1:6])
templates, prior = int(sys.argv[6]), sys.argv[7]
s1.KMAX = 3000  # as R1's oracle (the bracket stays below 1e-15 relative at n = 1e12)

mp.mp.dps = 50
start = time.perf_counter()
low, high = r1.bounds(alpha, beta, int(n), names, values)
print('R1\t%s\t%s\t%s\t%.3f' % (sys.argv[3], mp.nstr(low, 20), mp.nstr(high, 20), time.perf_counter() - start))
mp.mp.dps = 60
start = time.perf_counter()
low, high = s1.bounds(templates, prior, int(n))
print('S1\t%s\t%s\t%s\t%.3f' % (sys.argv[3], mp.nstr(low, 20), mp.nstr(high, 20), time.perf_counter() - start))
