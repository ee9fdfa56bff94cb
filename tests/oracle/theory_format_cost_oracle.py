#!/usr/bin/python3
"""Independent mpmath oracle for F1's format cost (theory/format_cost.hpp).

A Dirichlet(b) syntax posterior (b_s = a + old counts) is fine-tuned on a new
template distribution theta. Writes theory_format_cost.tsv next to this file:
  per-token   r_k = sum_s theta_s E[ln(theta_s (B+k)/(b_s + c_s))], c_s ~ Bin(k, theta_s)
  cumulative  R_K = E[ln P_theta(X^K) - ln m_b(X^K)]
  asymptote   (d/2) ln(K/(2 pi e)) + sum_s [lnGamma(b_s) - (b_s - 1/2) ln theta_s] - lnGamma(B)
  needed      K_eps = min{K : r_k <= eps for all k >= K} (brute-force scan)

Methods, deliberately not the C++ ones: r_k straight from its definition
(ln of the predictive, no cancellation-free rewriting), summed over every c
from 0 to k (or over mean +- 60 sd for k >= 1e4) at 60 digits; R_K from
lnGamma of every b_s + c (mpmath.loggamma), not a recurrence, and checked
against sum_{k<K} r_k where K <= 400; K_eps by evaluating r_k at every k up to
the scan limit. Values are written to 45 digits, trusted to 40 (35 for k, K
>= 1e4, where the sums run over +-60 sd windows).
"""
import os
import sys

import mpmath as mp

mp.mp.dps = 60
HERE = os.path.dirname(os.path.abspath(__file__))


def binom_terms(n, w):
    """(c, P(c)) over all c, or mean +- 60 sd for large n."""
    w = mp.mpf(w)
    if w == 0:
        return [(0, mp.mpf(1))]
    if w == 1:
        return [(n, mp.mpf(1))]
    if n <= 20000:
        cs = range(n + 1)
    else:
        mean, sd = n * w, mp.sqrt(n * w * (1 - w))
        cs = range(max(0, int(mean - 60 * sd)), min(n, int(mean + 60 * sd)) + 1)
    return [(c, mp.exp(mp.loggamma(n + 1) - mp.loggamma(c + 1) - mp.loggamma(n - c + 1) + c * mp.log(w)
                       + (n - c) * mp.log1p(-w))) for c in cs]


def per_token(b, theta, k):
    B = mp.fsum(b)
    total = mp.mpf(0)
    for bs, ts in zip(b, theta):
        if ts == 0:
            continue
        e = mp.fsum(p * mp.log(ts * (B + k) / (bs + c)) for c, p in binom_terms(k, ts))
        total += ts * e
    return total


def cumulative(b, theta, K):
    B = mp.fsum(b)
    total = mp.loggamma(B + K) - mp.loggamma(B)
    for bs, ts in zip(b, theta):
        if ts == 0:
            continue
        lt = mp.log(ts)
        total += mp.fsum(p * (mp.loggamma(bs) - mp.loggamma(bs + c) + c * lt) for c, p in binom_terms(K, ts))
    return total


def asymptote(b, theta, K):
    B = mp.fsum(b)
    d = len(b) - 1
    c = mp.fsum(mp.loggamma(bs) - (bs - mp.mpf(1) / 2) * mp.log(ts) for bs, ts in zip(b, theta)) - mp.loggamma(B)
    return mp.mpf(d) / 2 * mp.log(mp.mpf(K) / (2 * mp.pi * mp.e)) + c


def needed(b, theta, eps, limit):
    rs = [per_token(b, theta, k) for k in range(limit + 1)]
    last_above = max((k for k, r in enumerate(rs) if r > eps), default=-1)
    assert last_above < limit - 50, "scan limit too small"
    return last_above + 1


def setting_rows(name, b, theta):
    rows = []
    text_b = "/".join(b)
    text_t = "/".join(theta)
    b = [mp.mpf(x) for x in b]
    theta = [mp.mpf(x) for x in theta]
    for k in [0, 1, 2, 5, 10, 100, 1000, 10000, 1000000]:
        rows.append([name, "per-token", text_b, text_t, str(k), mp.nstr(per_token(b, theta, k), 45),
                     "40" if k < 10000 else "35"])
    for K in [1, 2, 10, 100, 400, 1000, 10000, 100000]:
        value = cumulative(b, theta, K)
        if K <= 400:
            check = mp.fsum(per_token(b, theta, k) for k in range(K))
            assert abs(check - value) < mp.mpf("1e-45") * max(1, abs(value)), (name, K, check, value)
        rows.append([name, "cumulative", text_b, text_t, str(K), mp.nstr(value, 45), "40" if K < 10000 else "35"])
        if all(t > 0 for t in theta):
            rows.append([name, "asymptote", text_b, text_t, str(K), mp.nstr(asymptote(b, theta, K), 45), "40"])
    return rows


def main():
    rows = []
    rows += setting_rows("uniform-prior", ["1", "1", "1"], ["0.5", "0.3", "0.2"])
    # a = 0.5 plus 1000 old sentences with theta_old = (0.7, 0.1, 0.1, 0.1).
    rows += setting_rows("shifted", ["700.5", "100.5", "100.5", "100.5"], ["0.1", "0.2", "0.3", "0.4"])
    rows += setting_rows("matched", ["15", "12.5", "10", "7.5", "5"], ["0.3", "0.25", "0.2", "0.15", "0.1"])
    rows += setting_rows("absent-template", ["2", "0.5"], ["1", "0"])
    # Examples needed, by scanning every k.
    for name, b, theta, eps, limit in [("uniform-prior", ["1", "1", "1"], ["0.5", "0.3", "0.2"], "0.01", 300),
                                       ("matched", ["15", "12.5", "10", "7.5", "5"],
                                        ["0.3", "0.25", "0.2", "0.15", "0.1"], "0.02", 300),
                                       ("rising", ["3", "2"], ["0.6", "0.4"], "0.05", 200)]:
        K = needed([mp.mpf(x) for x in b], [mp.mpf(x) for x in theta], mp.mpf(eps), limit)
        rows.append([name, "needed@" + eps, "/".join(b), "/".join(theta), "0", str(K), "exact"])
    out = os.path.join(HERE, "theory_format_cost.tsv")
    with open(out, "w") as f:
        f.write("# setting\tquantity\tprior b (/-separated)\ttarget theta\tk or K\tvalue\ttrusted_digits   "
                "(mpmath 60 digits; generator theory_format_cost_oracle.py)\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
    print(f"wrote {len(rows)} rows to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
