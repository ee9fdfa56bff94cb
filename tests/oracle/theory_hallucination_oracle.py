#!/usr/bin/python3
"""Independent mpmath oracle for H1's exact entity-uniform rate.

Writes theory_hallucination.tsv next to this file: one row per (alpha, beta,
n, C) with
    E[max(0, 1 - C/K_n)] = sum_k P(K_n = k) max(0, 1 - C/k),
the hallucination rate of a learner that stores C of the K_n distinct
elements (Pitman-Yor(alpha, beta) tables) seen in n tokens, queried uniformly
over those elements (theory/hallucination.hpp), and, for reference, the
plug-in 1 - C/E[K_n]; also Var[max(0, 1 - C/K_n)] (the exact SE of a Monte
Carlo mean).

Method, deliberately not the C++ one (which runs K3's normalised one-step
recursion of P_n(k) in double, pruned below 1e-30): the law of K_n from the
Pitman-Yor EPPF summed over partitions,
    P(K_n = k) = prod_{i=1}^{k-1} (beta + i alpha) / (beta + 1)_{n-1} * S_alpha(n, k),
with the generalized Stirling numbers S_alpha(n+1, k) = (n - k alpha)
S_alpha(n, k) + S_alpha(n, k - 1), S_alpha(1, 1) = 1 (alpha = 0: the unsigned
Stirling numbers of the first kind), unnormalised and unpruned, at 80
digits. Every term is positive, so nothing cancels. Two self-checks per row:
sum_k P(K_n = k) = 1 and sum_k k P(K_n = k) = E[K_n] from K1's closed form
(beta/alpha)((beta + alpha)_n/(beta)_n - 1) (alpha > 0) or
beta (psi(beta + n) - psi(beta)) (alpha = 0), both to 1e-60.

Values are written to 40 significant digits and trusted to 35.

Usage: theory_hallucination_oracle.py [seed]   (default 1; the seed is
written into the table header and draws the random rows).
"""
import os
import random
import sys

import mpmath as mp

mp.mp.dps = 80
HERE = os.path.dirname(os.path.abspath(__file__))


def law_of_tables(alpha, beta, n):
    """P(K_n = k), k = 0..n, from generalized Stirling numbers."""
    s = [mp.mpf(0)] * (n + 1)
    s[1] = mp.mpf(1)
    for m in range(1, n):
        # S(m+1, k) = (m - k alpha) S(m, k) + S(m, k-1), k descending.
        for k in range(m + 1, 0, -1):
            s[k] = (m - k * alpha) * s[k] + s[k - 1]
    log_denominator = mp.log(mp.rf(beta + 1, n - 1)) if n > 1 else mp.mpf(0)
    p = [mp.mpf(0)] * (n + 1)
    prefactor = mp.mpf(1)  # prod_{i=1}^{k-1} (beta + i alpha)
    for k in range(1, n + 1):
        if k > 1:
            prefactor *= beta + (k - 1) * alpha
        p[k] = prefactor * s[k] * mp.exp(-log_denominator)
    return p


def expected_tables(alpha, beta, n):
    if alpha == 0:
        return beta * (mp.digamma(beta + n) - mp.digamma(beta))
    return beta / alpha * (mp.rf(beta + alpha, n) / mp.rf(beta, n) - 1)


def row(alpha_text, beta_text, n, capacity_text):
    alpha, beta, capacity = mp.mpf(alpha_text), mp.mpf(beta_text), mp.mpf(capacity_text)
    p = law_of_tables(alpha, beta, n)
    total = mp.fsum(p)
    mean = mp.fsum(k * p[k] for k in range(n + 1))
    k1 = expected_tables(alpha, beta, n)
    assert abs(total - 1) < mp.mpf(10) ** -60, (alpha_text, beta_text, n, total)
    assert abs(mean - k1) < mp.mpf(10) ** -60 * k1, (alpha_text, beta_text, n, mean, k1)
    rate = mp.fsum(p[k] * (1 - capacity / k) for k in range(1, n + 1) if k > capacity)
    second = mp.fsum(p[k] * (1 - capacity / k) ** 2 for k in range(1, n + 1) if k > capacity)
    variance = second - rate**2
    plug_in = max(mp.mpf(0), 1 - capacity / k1)
    return [alpha_text, beta_text, str(n), capacity_text, mp.nstr(rate, 40, min_fixed=1, max_fixed=0),
            mp.nstr(variance, 40, min_fixed=1, max_fixed=0), mp.nstr(plug_in, 40, min_fixed=1, max_fixed=0), "35"]


def main():
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    rng = random.Random(seed)
    points = [
        # The hallucination experiment's defaults (n = 2000, C = 50).
        ("0.5", "1", 2000, "50"),
        # Rare: P(K_n > C) ~ 1e-4 (the grid point where no replicate sees it).
        ("0.3", "-0.15", 2000, "50"),
        # Edges: n = 1 and 2, C = 0 (every seen element unstored), C >= n
        # (all stored: rate 0), C fractional, alpha = 0 and near 1, beta near
        # -alpha and large.
        ("0.5", "1", 1, "0"),
        ("0.5", "1", 2, "1"),
        ("0.3", "0.5", 200, "0"),
        ("0.3", "0.5", 200, "200"),
        ("0", "0.5", 300, "3"),
        ("0", "20", 500, "40.5"),
        ("0.1", "-0.05", 400, "2"),
        ("0.9", "-0.45", 400, "30"),
        ("0.99", "0.5", 300, "100"),
        ("0.6", "1000", 300, "150"),
        ("0.9", "20", 1000, "300"),
    ]
    for _ in range(8):
        alpha = rng.choice(["0", "%.6g" % rng.uniform(0.0, 0.99)])
        a = float(alpha)
        beta = "%.6g" % rng.choice([-a / 2 if a > 0 else 0.3, rng.uniform(0.1, 2.0), 10 ** rng.uniform(0, 3)])
        n = int(10 ** rng.uniform(0.5, 3.0))
        k1 = float(expected_tables(mp.mpf(alpha), mp.mpf(beta), n))
        capacity = "%.6g" % round(k1 * rng.uniform(0.1, 1.5))
        points.append((alpha, beta, n, capacity))
    out = os.path.join(HERE, "theory_hallucination.tsv")
    with open(out, "w") as f:
        f.write("# H1 entity-uniform rate E[max(0, 1 - C/K_n)] (theory_hallucination_oracle.py, seed %d, "
                "generalized Stirling numbers at 80 digits)\n" % seed)
        f.write("# alpha\tbeta\tn\tC\texact_rate\tvariance\tplug_in_rate\ttrusted_digits\n")
        for p in points:
            f.write("\t".join(row(*p)) + "\n")


if __name__ == "__main__":
    main()
