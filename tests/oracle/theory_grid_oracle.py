#!/usr/bin/python3
"""Independent mpmath oracle for the grid test of `sklaws theory`
(tests/cli/theory_grid_cli_test.cpp): K1's E[K_n] at the 11 points
n = 1e2, 1e3, ..., 1e12 of the grid --n 1e2:1e12:11, for a few (alpha, beta).

E[K_n] = (beta/alpha) ((beta+alpha)_n / (beta)_n - 1) with the rising factorials as
Gamma(beta) Gamma(beta+alpha+n) / (Gamma(beta+alpha) Gamma(beta+n)) (mpmath's gammaprod,
signs kept for beta < 0) for alpha > 0, and sum_{i<n} beta/(beta+i) = beta (psi(beta+n) - psi(beta)) for alpha = 0;
at 80 digits, written to 40; E[K_1] = 1 is checked. Writes theory_grid.tsv: alpha, beta, n, E[K_n].
"""
import os

import mpmath as mp

mp.mp.dps = 80
HERE = os.path.dirname(os.path.abspath(__file__))


def k1(a, b, n):
    a, b, n = mp.mpf(a), mp.mpf(b), mp.mpf(n)
    if a == 0:
        return b * (mp.digamma(b + n) - mp.digamma(b))
    r = mp.gammaprod([b, b + a + n], [b + a, b + n])
    return b / a * (r - 1)


def main():
    for a, b in (("0.5", "1"), ("0.25", "0.3"), ("0.9", "-0.5"), ("0", "2.5")):
        assert abs(k1(a, b, 1) - 1) < mp.mpf(10) ** -70
    lines = ["# alpha\tbeta\tn\tE[K_n]   (mpmath 80 digits, 40 written; generator theory_grid_oracle.py)"]
    for a, b in (("0.5", "1"), ("0.25", "0.3"), ("0.9", "-0.5"), ("0", "2.5")):
        for e in range(2, 13):
            n = 10 ** e
            lines.append(f"{a}\t{b}\t{n}\t{mp.nstr(k1(a, b, n), 40, strip_zeros=False)}")
    with open(os.path.join(HERE, "theory_grid.tsv"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
