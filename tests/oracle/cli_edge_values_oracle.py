#!/usr/bin/python3
"""Independent mpmath oracle for the edge-of-range values the reliability CLI
tests check (tests/cli/reliability_cli_test.cpp; issue 18 item 7).

Rows: quantity, its sklaws theory arguments, the exact value to 40 significant
digits and the digits it is trusted to (35).

  block-count (K4): E[M_{j,n}] = C(n,j) (1-alpha)_{j-1} (beta+alpha)_{n-j} / (beta+1)_{n-1},
  the rising factorials as products of n - 1 factors at 700 digits (beta = 1e300
  needs ~300 digits to keep beta + i distinct from beta; the C++ uses
  log-Gamma ratios).
"""
import mpmath as mp

from oracle_tables import fixed, write

mp.mp.dps = 700


def rising(x, k):
    p = mp.mpf(1)
    for i in range(k):
        p *= x + i
    return p


def block_count(alpha, beta, n, j):
    a, b = mp.mpf(alpha), mp.mpf(beta)
    return mp.binomial(n, j) * rising(1 - a, j - 1) * rising(b + a, n - j) / rising(b + 1, n - 1)


def main():
    rows = []
    for alpha, beta, n, j in [(0.5, 1e300, 100, 1), (0.5, 1e300, 100, 2), (0.3, 1e200, 1000, 1), (0.5, 1.0, 100, 1)]:
        args = f"--alpha {alpha!r} --beta {beta!r} --n {n} --j {j}"
        rows.append(("block-count", args, fixed(block_count(alpha, beta, n, j), 40), 35))
    write("cli_edge_values.tsv", "quantity\targuments\tvalue\tdigits", rows)


if __name__ == "__main__":
    main()
