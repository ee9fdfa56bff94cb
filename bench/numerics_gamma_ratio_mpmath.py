#!/usr/bin/python3
"""mpmath side of bench/numerics_gamma_ratio.cpp (run by that driver in the same run).

Usage: numerics_gamma_ratio_mpmath.py DIGITS X:DELTA [X:DELTA ...]
  X and DELTA are decimal strings (exact doubles, printed with 17 digits).

For each point prints tab-separated lines
  ref     X DELTA  Γ(X+δ)/Γ(X) to 60 significant digits (dps 60 + log10|lnΓ(X)| + 20 guard digits)
  mpmath  METHOD X DELTA microseconds_per_call correct_digits
with METHOD
  rf       mpmath.rf(x, δ) at dps = DIGITS (the one-line call a user would write)
  guarded  exp(loggamma(x+δ) − loggamma(x)) at dps = DIGITS + log10|lnΓ(x)| + 5,
           the cheapest mpmath evaluation that keeps DIGITS correct digits.
"""
import sys
import time

import mpmath


def per_call_seconds(f, min_seconds=0.3):
    calls, start = 0, time.perf_counter()
    while True:
        f()
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds and calls >= 5:
            return elapsed / calls


def correct_digits(value, ref):
    if value == ref:
        return 99.0
    return float(-mpmath.log10(abs(value - ref) / abs(ref)))


def main():
    digits = int(sys.argv[1])
    for item in sys.argv[2:]:
        xs, ds = item.split(":")
        x_f, d_f = float(xs), float(ds)
        lg_size = max(1, int(mpmath.log10(abs(mpmath.loggamma(x_f)) + 1)))
        with mpmath.workdps(60 + lg_size + 20):
            x, d = mpmath.mpf(x_f), mpmath.mpf(d_f)
            ref = mpmath.exp(mpmath.loggamma(x + d) - mpmath.loggamma(x))
            print(f"ref\t{xs}\t{ds}\t{mpmath.nstr(ref, 60)}")
        with mpmath.workdps(digits):
            x, d = mpmath.mpf(x_f), mpmath.mpf(d_f)
            seconds = per_call_seconds(lambda: mpmath.rf(x, d))
            value = mpmath.rf(x, d)
        with mpmath.workdps(100):
            print(f"mpmath\trf\t{xs}\t{ds}\t{seconds * 1e6:.3f}\t{correct_digits(value, ref):.1f}")
        with mpmath.workdps(digits + lg_size + 5):
            x, d = mpmath.mpf(x_f), mpmath.mpf(d_f)
            f = lambda: mpmath.exp(mpmath.loggamma(x + d) - mpmath.loggamma(x))
            seconds = per_call_seconds(f)
            value = f()
        with mpmath.workdps(100):
            print(f"mpmath\tguarded\t{xs}\t{ds}\t{seconds * 1e6:.3f}\t{correct_digits(value, ref):.1f}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
