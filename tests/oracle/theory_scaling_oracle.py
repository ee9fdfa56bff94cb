#!/usr/bin/python3
"""Independent mpmath oracle for the part-B theory quantities (S1, S2, R1, M1, A1).

Writes, next to this file:
  theory_scaling_syntax.tsv     S, a, N, entropy rate, R_N (S1), R_N (S2), r_N = R_{N+1} − R_N
  theory_scaling_knowledge.tsv  alpha, beta, M, V, n, r_n (R1), method (formula | brute)
  theory_scaling_tail.tsv       alpha, beta, C, E[T_C] (M1), a_D, a_M
  theory_scaling_accuracy.tsv   w, n, V, eps, Acc (A1)
Each table says in its header line the digits its values are trusted to.

Methods are deliberately not the C++ ones:
  * S1 is the textbook sum E[−log m] − N·H over the BetaBinomial law with
    mpmath log-gamma at 80 digits (the C++ code uses a count-conditioned
    cancellation-free rearrangement); r_N is the difference of two such sums.
  * R1 "formula" follows docs/theory.md literally: E[M_{j,n}] from K4 (Pochhammer
    products), P_n(k) from the K3 recursion, h(p) = −p ln p, at 60 digits.
    R1 "brute" enumerates every CRP seating history of n ≤ 7 customers (Bell(n)
    partitions, EPPF probabilities) and averages the Bayes predictive's entropy.
  * M1 is the closed form with K5's moment at p = 1/α.
  * A1 noisy: the posterior-mode accuracy by explicit enumeration of all
    count vectors of the V values (multinomial), majority vote with uniform
    tie-breaking; noise-free: the closed form.
"""
import itertools
import math
import sys

import mpmath as mp

from oracle_tables import fixed, write


def s(x, d=40):
    return fixed(x, d)


# ---------------------------------------------------------------- S1 / S2
def syntax_rows():
    mp.mp.dps = 80
    rows = []
    for S in (2, 5, 50):
        for a in ("0.05", "0.5", "1", "10", "100"):
            A = mp.mpf(a)
            H = mp.digamma(S * A + 1) - mp.digamma(A + 1)

            def R(N):
                if N == 0:
                    return mp.mpf(0)
                b = (S - 1) * A
                tot = mp.mpf(0)
                lb = mp.loggamma(A + b + N) - mp.loggamma(A) - mp.loggamma(b) + mp.loggamma(A + b) - mp.loggamma(A + b + N)
                for k in range(N + 1):
                    lp = (mp.loggamma(N + 1) - mp.loggamma(k + 1) - mp.loggamma(N - k + 1) + mp.loggamma(A + k) + mp.loggamma(b + N - k)
                          - mp.loggamma(A + b + N) - mp.loggamma(A) - mp.loggamma(b) + mp.loggamma(A + b))
                    tot += mp.exp(lp) * (mp.loggamma(A + k) - mp.loggamma(A))
                elm = mp.loggamma(S * A + N) - mp.loggamma(S * A) - S * tot
                return elm - N * H

            for N in (1, 2, 10, 100, 1000, 3000):
                if S == 50 and N > 1000:
                    continue
                RN = R(N)
                r = R(N + 1) - RN
                d = S - 1
                asym = mp.mpf(d) / 2 * mp.log(N / (2 * mp.pi * mp.e)) + S * mp.loggamma(A) - mp.loggamma(S * A) + S * (A - mp.mpf(1) / 2) * (mp.digamma(S * A) - mp.digamma(A))
                rows.append((S, a, N, s(H), s(RN), s(asym), s(r)))
            # r_0 = R_1
            rows.append((S, a, 0, s(H), s(mp.mpf(0)), "nan", s(R(1))))
    return rows


# ---------------------------------------------------------------- R1
def knowledge_formula(alpha, beta, M, V, ns):
    mp.mp.dps = 60
    al, be = mp.mpf(alpha), mp.mpf(beta)
    L = mp.log(M) + mp.log(V)
    EH = mp.digamma(be + 1) - mp.digamma(1 - al)
    h = lambda p: -p * mp.log(p) if p > 0 else mp.mpf(0)
    out = {}
    nmax = max(ns)
    P = {1: mp.mpf(1)}  # K3 law at n = 1
    for n in range(0, nmax + 1):
        if n in ns:
            if n == 0:
                out[n] = L - EH
            else:
                tot = mp.mpf(0)
                for j in range(1, n + 1):
                    EM = mp.binomial(n, j) * mp.rf(1 - al, j - 1) * mp.rf(be + al, n - j) / mp.rf(be + 1, n - 1)
                    tot += EM * h((j - al) / (be + n))
                pnew = mp.mpf(0)
                for k, pk in P.items():
                    tot += pk * h((be + k * al) / (be + n))
                    pnew += pk * (be + k * al) / (be + n)
                out[n] = tot - EH + pnew * L
        if n >= 1:
            Q = {}
            for k, pk in P.items():
                Q[k] = Q.get(k, 0) + pk * (n - k * al) / (be + n)
                Q[k + 1] = Q.get(k + 1, 0) + pk * (be + k * al) / (be + n)
            P = Q
    return out


def knowledge_brute(alpha, beta, M, V, n):
    """E[H(pred_n)] by enumerating all CRP histories of n customers."""
    mp.mp.dps = 50
    al, be = mp.mpf(alpha), mp.mpf(beta)
    L = mp.log(M) + mp.log(V)
    EH = mp.digamma(be + 1) - mp.digamma(1 - al)

    def rec(sizes, m, prob):
        if m == n:
            K = len(sizes)
            preds = [(c - al) / (be + n) for c in sizes] + [(be + K * al) / (be + n)]
            H = -sum(p * mp.log(p) for p in preds if p > 0)
            return prob * (H + preds[-1] * L)
        tot = mp.mpf(0)
        K = len(sizes)
        for i in range(K):
            new = list(sizes)
            new[i] += 1
            tot += rec(new, m + 1, prob * (sizes[i] - al) / (be + m))
        tot += rec(sizes + [1], m + 1, prob * ((be + K * al) / (be + m) if m > 0 else 1))
        return tot

    return rec([], 0, mp.mpf(1)) - EH


def knowledge_rows():
    rows = []
    params = [(0.0, 0.01), (0.0, 1.0), (0.0, 100.0),
              (0.3, 1.0), (0.5, -0.49), (0.5, 0.0), (0.5, 1.0), (0.5, 1000.0),
              (0.9, -0.89), (0.9, 2.0), (0.99, 1.0), (0.001, 0.5)]
    costs = [(1.0, 1.0), (1000.0, 50.0)]
    ns = [0, 1, 2, 3, 5, 10, 50, 100, 200]
    for al, be in params:
        for M, V in costs:
            vals = knowledge_formula(al, be, M, V, ns)
            for n in ns:
                rows.append((al, be, M, V, n, s(vals[n], 35), "formula"))
        for n in range(1, 8):
            rows.append((al, be, 1000.0, 50.0, n, s(knowledge_brute(al, be, 1000.0, 50.0, n), 35), "brute"))
    return rows


# ---------------------------------------------------------------- M1
def tail_rows():
    mp.mp.dps = 60
    rows = []
    for al in ("0.1", "0.3", "0.5", "0.7", "0.9", "0.99"):
        for be in ("-0.09", "0", "1", "100"):
            A, B = mp.mpf(al), mp.mpf(be)
            if B <= -A:
                continue
            p = 1 / A
            ES = mp.gamma(B + 1) * mp.gamma(B / A + 1 + p) / (mp.gamma(B / A + 1) * mp.gamma(B + 1 + p * A))
            for C in ("1", "1000", "1e9"):
                Cm = mp.mpf(C)
                T = A / (1 - A) * mp.gamma(1 - A) ** (-1 / A) * ES * Cm ** (-(1 - A) / A)
                rows.append((al, be, C, s(T), s(1 - A), s((1 - A) / A)))
    return rows


# ---------------------------------------------------------------- A1
def accuracy_given_m(m, V, eps):
    """P(correct | m mentions): enumerate all count vectors of V values."""
    q = 1 - eps + eps / V  # true value
    r = eps / V            # each wrong value
    tot = mp.mpf(0)
    if m == 0:
        return mp.mpf(1) / V
    for counts in itertools.product(range(m + 1), repeat=V):
        if sum(counts) != m:
            continue
        pr = mp.factorial(m)
        for i, c in enumerate(counts):
            pr /= mp.factorial(c)
            pr *= (q if i == 0 else r) ** c
        mx = max(counts)
        if counts[0] == mx:
            ties = sum(1 for c in counts if c == mx)
            tot += pr / ties
    return tot


def accuracy_rows():
    mp.mp.dps = 50
    rows = []
    for V in (2, 10, 1000000):
        for w in ("1e-9", "0.001", "0.1", "0.5", "1"):
            for n in (0, 1, 10, 1000, 1000000000):
                W = mp.mpf(w)
                acc = 1 - (1 - mp.mpf(1) / V) * (1 - W) ** n
                rows.append((w, n, V, "0", s(acc)))
    for V in (2, 3, 4):
        for eps in ("0.1", "0.5", "0.9"):
            E = mp.mpf(eps)
            cache = {}
            mmax = 14 if V == 4 else 24
            for w in ("0.05", "0.3"):
                for n in (1, 5, 20, 40):
                    W = mp.mpf(w)
                    tot = mp.mpf(0)
                    for m in range(0, n + 1):
                        pm = mp.binomial(n, m) * W ** m * (1 - W) ** (n - m)
                        if pm < mp.mpf(10) ** -40:
                            continue
                        if m > mmax:
                            tot = None
                            break
                        if m not in cache:
                            cache[m] = accuracy_given_m(m, V, E)
                        tot += pm * cache[m]
                    if tot is not None:
                        rows.append((w, n, V, eps, s(tot)))
    return rows


if __name__ == "__main__":
    parts = sys.argv[1:] or ["syntax", "knowledge", "tail", "accuracy"]
    if "syntax" in parts:
        write("theory_scaling_syntax.tsv", "# S\ta\tN\tentropy_rate\tR_exact\tR_asymptotic\tr_N  (mpmath 80 digits; trusted to 35 digits)", syntax_rows())
    if "knowledge" in parts:
        write("theory_scaling_knowledge.tsv", "# alpha\tbeta\tM\tV\tn\tr_n\tmethod  (mpmath 50-60 digits; trusted to 30 digits)", knowledge_rows())
    if "tail" in parts:
        write("theory_scaling_tail.tsv", "# alpha\tbeta\tC\ttail_mass_asymptotic\ta_D\ta_M  (mpmath 60 digits; trusted to 35 digits)", tail_rows())
    if "accuracy" in parts:
        write("theory_scaling_accuracy.tsv", "# w\tn\tV\teps\taccuracy  (mpmath 50 digits; trusted to 35 digits)", accuracy_rows())
