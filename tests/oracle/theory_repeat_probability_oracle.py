#!/usr/bin/python3
"""Independent mpmath oracle for q_n = P(K_n < n) = 1 - P_n(n), the probability
that n Pitman-Yor(alpha, beta) draws repeat an element (K3's top entry;
theory/repeat_probability.hpp).

Method, deliberately not the C++ one (a compensated sum of n - 1 logarithms):
P_n(n) = prod_{i=1}^{n-1} (beta + i alpha)/(beta + i) as Gamma functions,
    alpha > 0:  alpha^(n-1) Gamma(beta/alpha + n) Gamma(beta + 1)
                / (Gamma(beta/alpha + 1) Gamma(beta + n)),
    alpha = 0:  beta^(n-1) Gamma(beta + 1) / Gamma(beta + n),
its logarithm by mpmath's loggamma at a working precision large enough that
the cancellation of terms of size ~n ln(beta + n) still leaves 40 digits of
ln P_n(n) (which can be -5e-295), then q_n = -expm1(ln P_n(n)).
Rows: edges (n = 1, 2; beta near -alpha; alpha = 0; beta up to 1e300; n up to
1e7) and 12 random points; q_n written to 40 significant digits, trusted to 35.
"""
import random

import mpmath as mp

from oracle_tables import fixed, write


def repeat_probability(alpha, beta, n):
    a, b = mp.mpf(alpha), mp.mpf(beta)
    magnitude = int(mp.log10(abs(b) + n + 10)) + 1
    with mp.workdps(60 + 2 * magnitude + int(mp.log10(n + 1)) + 1):
        a, b = mp.mpf(alpha), mp.mpf(beta)
        if n == 1:
            return mp.mpf(0)
        if a == 0:
            log_p = (n - 1) * mp.log(b) + mp.loggamma(b + 1) - mp.loggamma(b + n)
        else:
            log_p = ((n - 1) * mp.log(a) + mp.loggamma(b / a + n) - mp.loggamma(b / a + 1)
                     + mp.loggamma(b + 1) - mp.loggamma(b + n))
        return -mp.expm1(log_p)


def points():
    fixed_points = [
        (0.5, 1.0, 1), (0.5, 1.0, 2), (0.5, 1.0, 10), (0.5, 1.0, 1000),
        (0.5, 1e12, 1000), (0.5, 1e300, 1000), (0.5, 1e300, 30000), (0.5, 1e9, 1000), (0.5, 1e9, 30000),
        (0.1, 1e6, 10000), (0.9, 1e9, 100000), (0.0, 1e15, 1000000), (0.0, 0.001, 2), (0.0, 0.001, 50),
        (0.5, -0.4999, 2), (0.5, -0.4999, 3), (0.99, 1000.0, 10000000), (0.3, 1e20, 10000000),
        (0.999, 1e-3, 100), (0.25, 1e150, 7),
    ]
    rng = random.Random(20261202)
    random_points = []
    for _ in range(12):
        alpha = round(rng.uniform(0, 0.99), 6)
        beta = float(mp.nstr(mp.mpf(10) ** rng.uniform(-2, 30), 6))
        n = int(10 ** rng.uniform(0, 6)) + 1
        random_points.append((alpha, beta, n))
    return fixed_points + random_points


def main():
    rows = []
    for alpha, beta, n in points():
        rows.append((repr(alpha), repr(beta), n, fixed(repeat_probability(alpha, beta, n), 40), 35))
    write("theory_repeat_probability.tsv", "alpha\tbeta\tn\tq\tdigits", rows)


if __name__ == "__main__":
    main()
