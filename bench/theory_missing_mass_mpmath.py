#!/usr/bin/python3
"""mpmath side of bench/theory_missing_mass.cpp (run by that driver in the same run).

Usage: theory_missing_mass_mpmath.py ALPHA:BETA:C [ALPHA:BETA:C ...]

For each point prints one tab-separated line
  mpmath ALPHA BETA C seconds_per_call value(25 significant digits)
where value is E[T_C] of docs/theory.md M2 by mpmath.quad of the printed integral
at mp.dps = 30 (tests/oracle/theory_missing_mass_oracle.py's tail_mass: the
integral a user would write with mpmath's gammainc), timed over one call or
more (at least 1 s).
"""
import os
import sys
import time

import mpmath as mp

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "oracle"))
from theory_missing_mass_oracle import tail_mass  # noqa: E402


def main():
    mp.mp.dps = 30
    for item in sys.argv[1:]:
        a, b, c = item.split(":")
        calls, start = 0, time.perf_counter()
        while True:
            value = tail_mass(a, b, int(c))
            calls += 1
            elapsed = time.perf_counter() - start
            if elapsed >= 1.0:
                break
        print("mpmath\t%s\t%s\t%s\t%.6g\t%s" % (a, b, c, elapsed / calls, mp.nstr(value, 25)), flush=True)


if __name__ == "__main__":
    main()
