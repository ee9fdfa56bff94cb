#!/usr/bin/python3
"""Independent mpmath oracle for H2 (abstention of a calibrated learner).

Writes theory_abstention.tsv next to this file: one row per (query law,
setting, tau) with the answered fraction, the hallucination rate (wrong
answers per query) and the accuracy of the answers.

The learner (docs/theory.md H2, theory/abstention.hpp): after n tokens an
element of weight w has m ~ Binomial(n, w) mentions; its confidence is A1's
posterior accuracy A(m) = P(majority vote of m noisy mentions is the fact),
A(0) = 1/V; under A2's capacity rule an element is stored iff m > k =
floor(n w*), and an unstored one is a uniform guess (confidence 1/V). It
answers iff its confidence is >= tau.

Methods, deliberately not the C++ ones:
  * A(m) by explicit enumeration of the true value's count c0 and every
    composition of the other m - c0 mentions over the V - 1 wrong values
    (multinomial probabilities, uniform tie-breaking), at 60 digits. The C++
    code uses a generating-function recursion (acquisition.cpp).
  * The mention laws summed term by term at 60 digits: Binomial pmf from
    binomial coefficients; the frequency-weighted law as the integral of the
    Binomial against the size-biased weight density Beta(1 - alpha, alpha +
    beta), i.e. the Beta-Binomial pmf from Beta functions; a frequency band
    through mpmath's regularised incomplete Beta betainc.
  * Rows with n > 150 (mentions beyond A1's table) use noise small enough
    that the oracle can bound 1 - A(m) <= (V-1)(1 - (sqrt q - sqrt r)^2)^m
    below 1e-45 for every m > 150 and take A(m) = 1 there; the row says so.
Values are written to 45 significant digits; closed-form (noise-free) rows
are trusted to 40 digits, noisy rows to 30 (the C++ noisy path is double).
"""
import itertools
import os
import sys

import mpmath as mp

mp.mp.dps = 60
HERE = os.path.dirname(os.path.abspath(__file__))
TABLE_MENTIONS = 150
FACTORIAL = [mp.factorial(i) for i in range(TABLE_MENTIONS + 1)]


def accuracy_given_mentions(m, V, eps):
    """P(correct | m mentions) by enumeration (uniform tie-breaking)."""
    if m == 0:
        return mp.mpf(1) / V
    V = int(V)
    q = 1 - eps + eps / V
    r = eps / V  # probability of each particular wrong value
    total = mp.mpf(0)
    wrong = V - 1
    for c0 in range(m + 1):
        rest = m - c0
        p_c0 = mp.binomial(m, c0) * q**c0 * (1 - q) ** rest
        if p_c0 == 0:
            continue
        # The other `rest` mentions are uniform over the V-1 wrong values.
        acc = mp.mpf(0)
        for comp in compositions(rest, wrong):
            if max(comp, default=0) > c0:
                continue
            ties = sum(1 for c in comp if c == c0)
            coef = FACTORIAL[rest]
            for c in comp:
                coef /= FACTORIAL[c]
            acc += coef / (ties + 1)
        acc /= mp.mpf(wrong) ** rest
        total += p_c0 * acc
    return total


def compositions(total, parts):
    if parts == 0:
        if total == 0:
            yield ()
        return
    if parts == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for tail in compositions(total - first, parts - 1):
            yield (first,) + tail


_accuracy_cache = {}


def accuracy(m, V, eps):
    key = (m, V, eps)
    if key not in _accuracy_cache:
        _accuracy_cache[key] = accuracy_given_mentions(m, V, mp.mpf(eps)) if eps != "0" else (
            mp.mpf(1) / V if m == 0 else mp.mpf(1))
    return _accuracy_cache[key]


def vote_bound(m, V, eps):
    eps = mp.mpf(eps)
    q = 1 - eps + eps / V
    r = eps / V
    return (V - 1) * (1 - (mp.sqrt(q) - mp.sqrt(r)) ** 2) ** m


def rates(pmf, n, V, eps, tau, k, tail_mass=None):
    """answered, hallucinated from the pmf (callable on m = 0..n)."""
    tau = mp.mpf(tau)
    guess = mp.mpf(1) / V
    answered = mp.mpf(0)
    halluc = mp.mpf(0)
    last = n if eps == "0" else min(n, TABLE_MENTIONS)
    for m in range(last + 1):
        p = pmf(m)
        if p == 0:
            continue
        if m <= k:
            conf = acc = guess
        else:
            conf = acc = accuracy(m, V, eps)
            if eps != "0" and tau == 1:
                continue  # A(m) < 1 for every m when eps > 0 (60 digits may round it to 1)
        if conf >= tau:
            answered += p
            halluc += p * (1 - acc)
    if last < n:
        # m > 150: confidence 1 - B with B < 1e-45 (checked), or a guess if m <= k.
        assert vote_bound(TABLE_MENTIONS + 1, V, eps) < mp.mpf("1e-45"), "row needs smaller noise"
        beyond = tail_mass(last)
        unstored_beyond = tail_mass(last) - tail_mass(k) if k > last else mp.mpf(0)
        stored_beyond = beyond - unstored_beyond
        if guess >= tau:
            answered += unstored_beyond
            halluc += unstored_beyond * (1 - guess)
        if tau < 1:
            answered += stored_beyond
    accuracy_of_answers = (answered - halluc) / answered if answered > 0 else None
    return answered, halluc, accuracy_of_answers


def binomial_pmf(n, w):
    w = mp.mpf(w)
    return lambda m: mp.binomial(n, m) * w**m * (1 - w) ** (n - m)


def binomial_tail(n, w):
    """P(M > m) by summing the smaller side term by term."""
    pmf = binomial_pmf(n, w)

    def tail(m):
        if m >= n:
            return mp.mpf(0)
        return mp.fsum(pmf(j) for j in range(m + 1, n + 1)) if n - m < 4000 else 1 - mp.fsum(pmf(j) for j in range(m + 1))
    return tail


def beta_binomial_pmf(n, alpha, beta):
    a = 1 - mp.mpf(alpha)
    b = mp.mpf(alpha) + mp.mpf(beta)
    return lambda m: mp.binomial(n, m) * mp.beta(a + m, b + n - m) / mp.beta(a, b)


def band_pmf(n, alpha, beta, lo, hi):
    a = 1 - mp.mpf(alpha)
    b = mp.mpf(alpha) + mp.mpf(beta)
    lo, hi = mp.mpf(lo), mp.mpf(hi)
    z = mp.betainc(a, b, lo, hi, regularized=True)
    return lambda m: (mp.binomial(n, m) * mp.beta(a + m, b + n - m) / mp.beta(a, b)
                      * mp.betainc(a + m, b + n - m, lo, hi, regularized=True) / z)


def storage_k(n, threshold_weight):
    if threshold_weight == "-1":
        return 0
    return int(mp.floor(n * mp.mpf(threshold_weight)))


def noise_free_weight(n, w, V, tau, k):
    """Closed forms: P(M <= k) for the Binomial."""
    w = mp.mpf(w)
    tau = mp.mpf(tau)
    pmf = binomial_pmf(n, w)
    if k == 0:
        unstored = (1 - w) ** n
        stored = 1 - unstored
    elif k >= n * w:
        # The upper tail directly (it may be far below 1e-60).
        stored, m = mp.mpf(0), k + 1
        while m <= n:
            t = pmf(m)
            stored += t
            if t < stored * mp.mpf("1e-70"):
                break
            m += 1
        unstored = 1 - stored
    else:
        unstored = mp.fsum(pmf(m) for m in range(k + 1))
        stored = 1 - unstored
    if mp.mpf(1) / V >= tau:
        answered, halluc = mp.mpf(1), unstored * (1 - mp.mpf(1) / V)
    else:
        answered, halluc = stored, mp.mpf(0)
    return answered, halluc, ((answered - halluc) / answered if answered > 0 else None)


def noise_free_frequency(n, alpha, beta, V, tau, k):
    """Closed forms: P(M = 0) = Γ(α+β+n)Γ(1+β)/(Γ(α+β)Γ(1+β+n)), P(M <= k) as a Beta-Binomial sum."""
    alpha, beta, tau = mp.mpf(alpha), mp.mpf(beta), mp.mpf(tau)
    if k == 0:
        unstored = mp.exp(mp.loggamma(alpha + beta + n) + mp.loggamma(1 + beta) - mp.loggamma(alpha + beta)
                          - mp.loggamma(1 + beta + n))
    else:
        pmf = beta_binomial_pmf(n, alpha, beta)
        unstored = mp.fsum(pmf(m) for m in range(k + 1))
    if mp.mpf(1) / V >= tau:
        answered, halluc = mp.mpf(1), unstored * (1 - mp.mpf(1) / V)
    else:
        answered, halluc = 1 - unstored, mp.mpf(0)
    return answered, halluc, ((answered - halluc) / answered if answered > 0 else None)


def fmt(x):
    return "none" if x is None else mp.nstr(x, 45)


def main():
    out = os.path.join(HERE, "theory_abstention.tsv")
    rows = []
    taus = ["0", "0.05", "0.1", "0.3", "0.6", "0.9", "0.999", "1"]
    # Noise-free, per element (closed forms; multiprecision in C++).
    for n, w in [(1000, "0.001"), (1000000, "0.000003"), (1000000000000, "1e-13"), (50, "0.5"), (0, "0.2")]:
        for V in [10, 2]:
            for wstar in ["-1", "0.0023", "2.5e-6"]:
                k = storage_k(n, wstar)
                if k > 20000:
                    continue
                for tau in ["0", "0.1", "0.5", "1"]:
                    a, h, acc = noise_free_weight(n, w, V, tau, k)
                    rows.append(["weight", w, "-", "-", "-", str(n), str(V), "0", tau, wstar, fmt(a), fmt(h), fmt(acc),
                                 "40"])
    # Noise-free, frequency-weighted.
    for alpha, beta in [("0.5", "1"), ("0.3", "10"), ("0", "5"), ("0.9", "-0.5")]:
        for n in [10, 10000, 1000000000]:
            for wstar in ["-1", "0.00037"]:
                k = storage_k(n, wstar)
                if k > 20000:
                    continue
                for tau in ["0", "0.2", "0.5", "1"]:
                    V = 5
                    a, h, acc = noise_free_frequency(n, alpha, beta, V, tau, k)
                    rows.append(["frequency", alpha, beta, "-", "-", str(n), str(V), "0", tau, wstar, fmt(a), fmt(h),
                                 fmt(acc), "40"])
    # Noisy, per element: n <= 150 (A1's table covers every m), and n = 1e4
    # with noise small enough for the beyond-table bound.
    for n, w, V, eps in [(100, "0.05", 3, "0.2"), (100, "0.2", 3, "0.5"), (40, "0.3", 5, "0.3"),
                         (150, "0.02", 2, "0.4"), (10000, "0.05", 3, "0.05")]:
        pmf = binomial_pmf(n, w)
        tail = binomial_tail(n, w)
        for wstar in ["-1", "0.031"]:
            k = storage_k(n, wstar)
            for tau in taus:
                a, h, acc = rates(pmf, n, V, eps, tau, k, tail)
                rows.append(["weight", w, "-", "-", "-", str(n), str(V), eps, tau, wstar, fmt(a), fmt(h), fmt(acc),
                             "30"])
    # Noisy, frequency-weighted: n <= 150.
    for alpha, beta, n, V, eps in [("0.5", "1", 100, 3, "0.2"), ("0.3", "10", 60, 4, "0.35"), ("0", "2", 120, 2, "0.3")]:
        pmf = beta_binomial_pmf(n, alpha, beta)
        for wstar in ["-1", "0.021"]:
            k = storage_k(n, wstar)
            for tau in taus:
                a, h, acc = rates(pmf, n, V, eps, tau, k)
                rows.append(["frequency", alpha, beta, "-", "-", str(n), str(V), eps, tau, wstar, fmt(a), fmt(h),
                             fmt(acc), "30"])
    # Frequency bands (noise-free and noisy): n <= 150.
    for alpha, beta, n, V, eps in [("0.5", "1", 120, 3, "0.2"), ("0.5", "1", 120, 3, "0")]:
        for lo, hi in [("0", "0.001"), ("0.001", "0.01"), ("0.01", "0.1"), ("0.1", "1")]:
            pmf = band_pmf(n, alpha, beta, lo, hi)
            for tau in ["0", "0.3", "0.6", "0.9"]:
                a, h, acc = rates(pmf, n, V, eps, tau, 0)
                rows.append(["band", alpha, beta, lo, hi, str(n), str(V), eps, tau, "-1", fmt(a), fmt(h), fmt(acc),
                             "30"])
    with open(out, "w") as f:
        f.write("# kind\tw_or_alpha\tbeta\tw_lo\tw_hi\tn\tV\teps\ttau\tthreshold_weight\tanswered\thallucinated\t"
                "accuracy\ttrusted_digits   (mpmath 60 digits; generator theory_abstention_oracle.py)\n")
        for row in rows:
            f.write("\t".join(row) + "\n")
    print(f"wrote {len(rows)} rows to {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
