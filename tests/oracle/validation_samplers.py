#!/usr/bin/python3
"""Oracle for the validation/ samplers (tests/validation/sampler_*.cpp).

Independent of sklaws: mpmath (40 digits) and scipy only. Writes
validation_samplers.tsv with one row per value:

    case  alpha  beta  n  quantity  j  value  digits

quantity:
  mean_tables      E[K_n]           K1 closed form (cross-checked against the K3 law for n <= 2000)
  var_tables       Var[K_n]         from the exact K3 law (n <= 2000) or the K2 closed form (large n)
  law_tables       P(K_n = j)       K3 recursion
  block_count      E[M_{j,n}]       K4 closed form (cross-checked: sum_j E[M_j] = E[K_n], sum_j j E[M_j] = n)
  first_table_mean E[n_1]           n_1 - 1 ~ BetaBinomial(n - 1, 1 - alpha, beta + alpha)
  first_table_var  Var[n_1]
  binomial_pmf     P(X = j), X ~ Binomial(n, p = beta)   (scipy.stats.binom, alpha column unused)

digits = decimal digits the value is trusted to.
Run: /usr/bin/python3 validation_samplers.py  (rewrites the .tsv next to it)
"""
import os
import mpmath as mp
from scipy.stats import binom

mp.mp.dps = 40
DIGITS = 30


def k1_mean(a, b, n):
    a, b, n = mp.mpf(a), mp.mpf(b), mp.mpf(n)
    if a == 0:
        return b * (mp.digamma(b + n) - mp.digamma(b))
    ratio = mp.exp(mp.loggamma(b + 1) + mp.loggamma(b + a + n) - mp.loggamma(b + a) - mp.loggamma(b + n))
    return ratio / a - b / a


def k2_var(a, b, n):
    a, b, n = mp.mpf(a), mp.mpf(b), mp.mpf(n)
    r = b / a
    eyy = (1 + r) * (2 + r) * mp.exp(mp.loggamma(b + n + 2 * a) + mp.loggamma(b + 1)
                                     - mp.loggamma(b + 1 + 2 * a) - mp.loggamma(b + n))
    ey = k1_mean(a, b, n) + r
    return eyy - ey - ey * ey


def k3_law(a, b, n):
    """P_n(k), k = 0..n, by P_{m+1}(k) = P_m(k)(m - k a)/(b + m) + P_m(k-1)(b + (k-1)a)/(b + m)."""
    a, b = mp.mpf(a), mp.mpf(b)
    law = [mp.mpf(0)] * (n + 1)
    law[1] = mp.mpf(1)  # after the first customer
    for m in range(1, n):
        new = [mp.mpf(0)] * (n + 1)
        for k in range(1, m + 1):
            if law[k] == 0:
                continue
            new[k] += law[k] * (m - k * a) / (b + m)
            new[k + 1] += law[k] * (b + k * a) / (b + m)
        law = new
    return law


def k4_block(a, b, n, j):
    a, b = mp.mpf(a), mp.mpf(b)
    return mp.binomial(n, j) * mp.rf(1 - a, j - 1) * mp.rf(b + a, n - j) / mp.rf(b + 1, n - 1)


def first_table(a, b, n):
    s, t, m = 1 - mp.mpf(a), mp.mpf(b) + mp.mpf(a), n - 1
    mean = 1 + m * s / (s + t)
    var = m * s * t * (s + t + m) / ((s + t) ** 2 * (s + t + 1))
    return mean, var


# (case, alpha, beta, n, exact-law?)
CASES = [
    ("a05_b1_n1000", "0.5", "1", 1000, True),
    ("a08_b10_n1000", "0.8", "10", 1000, True),
    ("a0_b2_n1000", "0", "2", 1000, True),
    ("a03_bm02_n500", "0.3", "-0.2", 500, True),
    ("a095_b05_n2000", "0.95", "0.5", 2000, True),
    ("a08_b1_n1000", "0.8", "1", 1000, True),
    ("a05_b1_n50", "0.5", "1", 50, True),
    ("a05_b1_n1e9", "0.5", "1", 10**9, False),
    ("a03_b1_n1e12", "0.3", "1", 10**12, False),
]

BINOMIALS = [  # (case, n, p): inversion, BTRD, reflection, huge n
    ("binom_n15_p02", 15, 0.2),
    ("binom_n100_p03", 100, 0.3),
    ("binom_n1000_p045", 1000, 0.45),
    ("binom_n50_p08", 50, 0.8),
    ("binom_n1e6_p2e6", 10**6, 2e-6),
    ("binom_n30_p05", 30, 0.5),
    ("binom_n23_p047", 23, 0.47),  # (n+1)p = 11.28: first BTRD case
    ("binom_n22_p047", 22, 0.47),  # (n+1)p = 10.81: last inversion case
]


def fmt(x):
    return mp.nstr(x, DIGITS, min_fixed=-5, max_fixed=5) if not isinstance(x, float) else repr(x)


def main():
    rows = []
    for case, a, b, n, exact in CASES:
        mean = k1_mean(a, b, n)
        if exact:
            law = k3_law(a, b, n)
            law_mean = mp.fsum(k * p for k, p in enumerate(law))
            law_var = mp.fsum(k * k * p for k, p in enumerate(law)) - law_mean ** 2
            assert abs(law_mean - mean) < mp.mpf(10) ** (-25) * mean, case
            var = law_var
            if mp.mpf(a) > 0:
                assert abs(k2_var(a, b, n) - var) < mp.mpf(10) ** (-20) * var, case
            blocks = [k4_block(a, b, n, j) for j in range(1, n + 1)]
            assert abs(mp.fsum(blocks) - mean) < mp.mpf(10) ** (-25) * mean, case
            assert abs(mp.fsum(j * m for j, m in enumerate(blocks, 1)) - n) < mp.mpf(10) ** (-25) * n, case
            for j in range(1, 6):
                rows.append((case, a, b, n, "block_count", j, fmt(blocks[j - 1]), DIGITS))
            if n <= 50:
                for k in range(1, n + 1):
                    rows.append((case, a, b, n, "law_tables", k, fmt(law[k]), DIGITS))
        else:
            var = k2_var(a, b, n)
        rows.append((case, a, b, n, "mean_tables", 0, fmt(mean), DIGITS))
        rows.append((case, a, b, n, "var_tables", 0, fmt(var), 25 if exact else 20))
        fmean, fvar = first_table(a, b, n)
        rows.append((case, a, b, n, "first_table_mean", 0, fmt(fmean), DIGITS))
        rows.append((case, a, b, n, "first_table_var", 0, fmt(fvar), DIGITS))
    for case, n, p in BINOMIALS:
        lo, hi = int(binom.ppf(1e-9, n, p)), int(binom.isf(1e-9, n, p))
        for k in range(max(lo, 0), min(hi, n) + 1):
            rows.append((case, 0, repr(p), n, "binomial_pmf", k, repr(float(binom.pmf(k, n, p))), 12))
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "validation_samplers.tsv")
    tmp = out + ".tmp"
    with open(tmp, "w") as f:
        f.write("# written by validation_samplers.py (mpmath %s, dps %d); columns:\n" % (mp.__version__, mp.mp.dps))
        f.write("# case\talpha\tbeta\tn\tquantity\tj\tvalue\tdigits\n")
        for r in rows:
            f.write("\t".join(str(x) for x in r) + "\n")
    os.replace(tmp, out)


if __name__ == "__main__":
    main()
