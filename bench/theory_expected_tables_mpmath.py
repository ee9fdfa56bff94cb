#!/usr/bin/python3
"""Baseline for bench/theory_expected_tables.cpp: mpmath evaluating the same
K1 formula, E[K_n] = Γ(β+1)Γ(β+α+n)/(αΓ(β+α)Γ(β+n)) − β/α, through
loggamma at 50 digits plus the guard digits the cancellation needs
(lnΓ(n) ≈ n ln n loses log10(n ln n) digits), as one would write it.

Two timings, like the C++ side: warm (the same α, β with n + i on call i;
mpmath has fast paths for integer and half-integer arguments) and cold
(β·(1 + i·1e-30) on call i, so nothing can be reused); the inputs of every
call are made before the clock starts. Both are process CPU
time per call. The value of each is compared with a 120-digit reference
evaluation of the same formula to count the digits it really returns.

Usage: theory_expected_tables_mpmath.py ALPHA BETA N DIGITS CALLS
Prints: <warm s/call> <cold s/call> <warm value> <warm correct digits> <cold correct digits> <reference value>
"""
import sys
import time

import mpmath
from mpmath import mp, mpf


def expected_tables(a, b, n):
    lr = mpmath.loggamma(b + 1) + mpmath.loggamma(b + a + n) - mpmath.loggamma(b + a) - mpmath.loggamma(b + n)
    return mpmath.exp(lr) / a - b / a


def correct_digits(value, reference):
    if value == reference:
        return 120
    return int(mpmath.floor(-mpmath.log10(abs((value - reference) / reference))))


def main():
    alpha, beta, n, digits, calls = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    guard = int(mpmath.log10(mpf(n) * mpmath.log(mpf(n)))) + 10
    tiny = mpf("1e-30")
    mp.dps = 140
    a70, b70, n70 = mpf(alpha), mpf(beta), mpf(n)
    mp.dps = 120 + guard
    reference = expected_tables(a70, b70, n70 + calls)
    cold_reference = expected_tables(a70, b70 * (1 + calls * tiny), n70)
    mp.dps = digits + guard
    a, b, nn = mpf(alpha), mpf(beta), mpf(n)
    value = expected_tables(a, b, nn)  # warm-up (and caches)
    # The inputs of every call are made before the clock starts.
    ns = [nn + i for i in range(1, calls + 1)]
    betas = [b * (1 + i * tiny) for i in range(1, calls + 1)]
    start = time.process_time()
    for n_i in ns:
        value = expected_tables(a, b, n_i)
    warm = (time.process_time() - start) / calls
    start = time.process_time()
    for b_i in betas:
        cold_value = expected_tables(a, b_i, nn)
    cold = (time.process_time() - start) / calls
    mp.dps = 120 + guard
    print(f"{warm:.9e} {cold:.9e} {mpmath.nstr(value, digits)} {correct_digits(value, reference)} "
          f"{correct_digits(cold_value, cold_reference)} {mpmath.nstr(reference, 60)}")


if __name__ == "__main__":
    main()
