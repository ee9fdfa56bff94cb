#!/usr/bin/python3
"""Baseline for bench/theory_expected_tables.cpp: mpmath evaluating the same
K1 formula, E[K_n] = Γ(β+1)Γ(β+α+n)/(αΓ(β+α)Γ(β+n)) − β/α, through
loggamma at 50 digits plus the guard digits the cancellation needs
(lnΓ(n) ≈ n ln n loses log10(n ln n) digits), as one would write it.

Usage: theory_expected_tables_mpmath.py ALPHA BETA N DIGITS CALLS
Prints: <seconds per call> <value to DIGITS significant digits>
"""
import sys
import time

import mpmath
from mpmath import mp, mpf


def expected_tables(a, b, n):
    lr = mpmath.loggamma(b + 1) + mpmath.loggamma(b + a + n) - mpmath.loggamma(b + a) - mpmath.loggamma(b + n)
    return mpmath.exp(lr) / a - b / a


def main():
    alpha, beta, n, digits, calls = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    guard = int(mpmath.log10(mpf(n) * mpmath.log(mpf(n)))) + 10
    mp.dps = digits + guard
    a, b, nn = mpf(alpha), mpf(beta), mpf(n)
    value = expected_tables(a, b, nn)  # warm-up (and caches)
    start = time.perf_counter()
    for _ in range(calls):
        value = expected_tables(a, b, nn)
    elapsed = (time.perf_counter() - start) / calls
    print(f"{elapsed:.9e} {mpmath.nstr(value, digits)}")


if __name__ == "__main__":
    main()
