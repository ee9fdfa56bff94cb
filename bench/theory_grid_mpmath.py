#!/usr/bin/python3
"""Baseline for bench/theory_grid.cpp: mpmath evaluating K1,
E[K_n] = Gamma(b+1)Gamma(b+a+n)/(a Gamma(b+a) Gamma(b+n)) - b/a, at the same
log-spaced points n of a grid start:stop:count as `sklaws theory
expected-tables --n start:stop:count --digits D`, in one process, at D digits
plus the guard digits the cancellation of the loggamma differences needs.
Prints the wall time of the loop in seconds (the grid made before the clock).

Usage: theory_grid_mpmath.py ALPHA BETA START STOP COUNT DIGITS
"""
import math
import sys
import time

import mpmath
from mpmath import mp, mpf


def main():
    a, b, start, stop, count, digits = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
    ns = sorted({round(math.exp(math.log(start) + i / (count - 1) * (math.log(stop) - math.log(start)))) for i in range(count)})
    mp.dps = digits + 2 + int(math.log10(stop * math.log(stop)))
    A, B = mpf(a), mpf(b)
    t0 = time.perf_counter()
    out = []
    for n in ns:
        lr = mpmath.loggamma(B + 1) + mpmath.loggamma(B + A + n) - mpmath.loggamma(B + A) - mpmath.loggamma(B + n)
        out.append(mpmath.nstr(mpmath.exp(lr) / A - B / A, digits))
    print(time.perf_counter() - t0, len(out))


if __name__ == "__main__":
    main()
