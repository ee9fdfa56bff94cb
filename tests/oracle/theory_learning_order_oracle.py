#!/usr/bin/python3
"""Independent mpmath oracle for D1's learning order (theory/learning_order.hpp):
the per-token syntax and knowledge redundancies at every n = 0..n_max and the
crossover N* = the smallest n with r_m^know > r_m^syn for every m in [n, n_max].

Syntax: r_n^syn = R_{n+1} - R_n from S1's definition R_N = E[-ln m(X^N)] - N E H(theta),
the Dirichlet mixture -ln m = lnG(Sa+N) - lnG(Sa) - sum_s [lnG(a+n_s) - lnG(a)],
n_1 ~ BetaBinomial(N, a, (S-1)a) (pmf by its ratio recursion).
Knowledge: R1's definition r_n = E[H(pred_n)] - E H(W) + p_new(n)(ln M + ln V), with
E[M_{j,n}] (K4) and the law of K_n (K3, by its one-step recursion).
Both from the definitions, at 30 digits; written to 25 (the C++ side is double). Writes
theory_learning_order.tsv: per case one 'crossover' row (N*, 0 when knowledge is
above throughout, n_max+1 when it is not above at n_max) and 'split' rows.
"""
import os

import mpmath as mp

from oracle_tables import fixed

mp.mp.dps = 30
HERE = os.path.dirname(os.path.abspath(__file__))


def s(x, d=25):
    return fixed(x, d)


def syntax_curve(S, a, nmax):
    A = mp.mpf(a)
    b = (S - 1) * A
    H = mp.digamma(S * A + 1) - mp.digamma(A + 1)

    def R(N):
        if N == 0:
            return mp.mpf(0)
        # P(n_1 = 0) = B(a, b + N) / B(a, b) = Gamma(b+N)Gamma(a+b) / (Gamma(b)Gamma(a+b+N))
        p = mp.exp(mp.loggamma(b + N) + mp.loggamma(A + b) - mp.loggamma(b) - mp.loggamma(A + b + N))
        lg = mp.mpf(0)  # lnG(a+k) - lnG(a)
        tot = mp.mpf(0)
        for k in range(N + 1):
            tot += p * lg
            if k < N:
                p *= mp.mpf(N - k) / (k + 1) * (A + k) / (b + N - k - 1)
                lg += mp.log(A + k)
        return mp.loggamma(S * A + N) - mp.loggamma(S * A) - S * tot - N * H

    Rs = [R(N) for N in range(nmax + 2)]
    return [Rs[n + 1] - Rs[n] for n in range(nmax + 1)]


def knowledge_curve(alpha, beta, M, V, nmax):
    al, be = mp.mpf(alpha), mp.mpf(beta)
    L = mp.log(M) + mp.log(V)
    EH = mp.digamma(be + 1) - mp.digamma(1 - al)
    h = lambda p: -p * mp.log(p) if p > 0 else mp.mpf(0)
    out = [L - EH]
    P = {1: mp.mpf(1)}  # law of K_1
    for n in range(1, nmax + 1):
        tot = mp.mpf(0)
        # K4: E[M_{j,n}] = C(n, j) (1-al)_{j-1} (be+al)_{n-j} / (be+1)_{n-1}, by its ratio in j
        EM = n * mp.rf(be + al, n - 1) / mp.rf(be + 1, n - 1)
        for j in range(1, n + 1):
            tot += EM * h((j - al) / (be + n))
            if j < n:
                EM *= mp.mpf(n - j) / (j + 1) * (j - al) / (be + al + n - j - 1)
        pnew = mp.mpf(0)
        for k, pk in P.items():
            tot += pk * h((be + k * al) / (be + n))
            pnew += pk * (be + k * al) / (be + n)
        out.append(tot - EH + pnew * L)
        Q = {}
        for k, pk in P.items():
            Q[k] = Q.get(k, 0) + pk * (n - k * al) / (be + n)
            Q[k + 1] = Q.get(k + 1, 0) + pk * (be + k * al) / (be + n)
        P = Q
    return out


# name, S, a, alpha, beta, M, V, n_max
CASES = [
    ("syntax-overtaken", 3000, "0.02", "0.5", "1", "1000", "1000", 600),
    ("syntax-overtaken-later", 1500, "0.1", "0.5", "1", "1000", "1000", 1000),
    ("knowledge-throughout", 4, "1", "0.5", "1", "1000", "1000", 300),
    ("syntax-still-above", 200, "1", "0.1", "0.5", "1000", "1000", 400),
    ("dirichlet-process", 60, "1", "0", "1", "1000", "1000", 300),
]


def main():
    lines = ["# case\tS\ta\talpha\tbeta\tM\tV\tn_max\trow\tn\tvalues...   "
             "(mpmath 30 digits, 25 written; generator theory_learning_order_oracle.py)"]
    for name, S, a, al, be, M, V, nmax in CASES:
        syn = syntax_curve(S, a, nmax)
        know = knowledge_curve(al, be, mp.mpf(M), mp.mpf(V), nmax)
        last = None
        for n in range(nmax, -1, -1):
            if not know[n] > syn[n]:
                last = n
                break
        star = 0 if last is None else last + 1
        gap = min(abs(know[n] - syn[n]) / (abs(know[n]) + abs(syn[n])) for n in range(nmax + 1))
        head = f"{name}\t{S}\t{a}\t{al}\t{be}\t{M}\t{V}\t{nmax}"
        lines.append(f"{head}\tcrossover\t{star}\t{s(gap, 5)}")
        for n in sorted({0, 1, 2, 3, 10, 50, max(star - 1, 0), min(star, nmax), nmax}):
            lines.append(f"{head}\tsplit\t{n}\t{s(syn[n])}\t{s(know[n])}")
        print(name, "N* =", star, "min relative gap", s(gap, 3))
    with open(os.path.join(HERE, "theory_learning_order.tsv"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
