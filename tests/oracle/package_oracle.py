#!/usr/bin/python3
"""Oracle for the package tests (tests/install, python/tests): K1 E[K_n]
(docs/theory.md §3) at the points those tests evaluate through the installed
C++ library, the installed executable and the Python module — written from
the formula with mpmath, independently of the C++ code.

    E[K_n] = Γ(β+1)Γ(β+α+n) / (α Γ(β+α) Γ(β+n)) − β/α   (α > 0)

Each value is computed at 120 and at 200 decimal digits of working precision;
the number of significant digits on which the two agree (capped at 60) is
written as `digits`. `inputs` says whether α and β are the decimal numbers as
written ("decimal", for multiprecision tests) or those decimals rounded to
IEEE double ("double", for double-path tests, so that input rounding is not
charged to the implementation).

Run:  /usr/bin/python3 tests/oracle/package_oracle.py   (writes package.tsv)
"""
import os

import mpmath
from mpmath import mp, mpf

HERE = os.path.dirname(os.path.abspath(__file__))
PRINT_DIGITS = 60

# (alpha, beta, n) as the tests type them.
POINTS = [
    ("0.5", "1.0", "1e6"),
    ("0.37", "2.5", "1e15"),
    ("0.5", "1.0", "1000"),
    ("0.25", "0.5", "1e12"),
    ("0.9", "10", "123456"),
]


def k1(a, b, n):
    lr = mpmath.loggamma(b + 1) + mpmath.loggamma(b + a + n) - mpmath.loggamma(b + a) - mpmath.loggamma(b + n)
    return mpmath.exp(lr) / a - b / a


def value_at(dps, alpha, beta, n, inputs):
    with mp.workdps(dps):
        if inputs == "double":
            a, b = mpf(float(alpha)), mpf(float(beta))
        else:
            a, b = mpf(alpha), mpf(beta)
        return k1(a, b, mpf(int(float(n))))


def agreeing_digits(x, y):
    if x == y:
        return PRINT_DIGITS
    with mp.workdps(250):
        rel = abs(x - y) / abs(y)
        return min(PRINT_DIGITS, int(-mpmath.log10(rel)))


def main():
    rows = ["quantity\tlabel\talpha\tbeta\tn\tinputs\tvalue\tdigits"]
    for alpha, beta, n in POINTS:
        for inputs in ("decimal", "double"):
            lo = value_at(120, alpha, beta, n, inputs)
            hi = value_at(200, alpha, beta, n, inputs)
            digits = agreeing_digits(lo, hi)
            with mp.workdps(200):
                text = mpmath.nstr(hi, PRINT_DIGITS, strip_zeros=False, min_fixed=-5, max_fixed=0)
            rows.append(f"expected-tables\tK1\t{alpha}\t{beta}\t{n}\t{inputs}\t{text}\t{digits}")
    with open(os.path.join(HERE, "package.tsv"), "w") as out:
        out.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
