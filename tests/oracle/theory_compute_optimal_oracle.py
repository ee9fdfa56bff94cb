#!/usr/bin/python3
"""Independent mpmath oracle for X1's compute-optimal split.

Writes theory_compute_optimal.tsv next to this file: one row per setting of
L(C, N) = E + A_M C^-a_M + A_D N^-a_D under the budget C N = F, either with
the exponents given (mode "exponents") or from the Pitman-Yor discount
(mode "alpha": a_D = 1 - alpha, a_M = (1 - alpha)/alpha), with
    C*, N* = F/C*, and L* - E = A_M C*^-a_M + A_D N*^-a_D.

Method, deliberately not the C++ one (which works in logarithms and uses
L* - E = A_M C*^-a_M (1 + a_M/a_D)): C* is the root of the derivative of
A_M C^-a_M + A_D (F/C)^-a_D in ln C, found by bisection on its sign (230
halvings of a 40-nat bracket) at 60 digits; the loss is the two terms summed. Two
self-checks per row: the root agrees with the closed form
(a_M A_M/(a_D A_D))^(1/(a_M+a_D)) F^(a_D/(a_M+a_D)) to 1e-50, and the loss
at C*(1 +- 1e-6) is larger. Inputs are decimal strings, read exactly.

Values are written to 40 significant digits and trusted to 35.

Usage: theory_compute_optimal_oracle.py [seed]   (default 1)
"""
import os
import random
import sys

import mpmath as mp

mp.mp.dps = 60
HERE = os.path.dirname(os.path.abspath(__file__))


def optimum(a_m, amp_m, a_d, amp_d, F):
    loss = lambda c: amp_m * c ** (-a_m) + amp_d * (F / c) ** (-a_d)
    closed = (a_m * amp_m / (a_d * amp_d)) ** (1 / (a_m + a_d)) * F ** (a_d / (a_m + a_d))
    # d/d ln C of the loss: -a_M A_M C^-a_M + a_D A_D (F/C)^-a_D, root in x = ln C.
    g = lambda x: -a_m * amp_m * mp.exp(-a_m * x) + a_d * amp_d * mp.exp(-a_d * (mp.log(F) - x))
    # g rises through its one root (each term is monotone in x): bisection
    # on its sign from a bracket 20 nats either side of the closed form.
    lo, hi = mp.log(closed) - 20, mp.log(closed) + 20
    assert g(lo) < 0 < g(hi)
    for _ in range(230):
        mid = (lo + hi) / 2
        if g(mid) < 0:
            lo = mid
        else:
            hi = mid
    x = (lo + hi) / 2
    C = mp.exp(x)
    assert abs(C / closed - 1) < mp.mpf(10) ** -50, (C, closed)
    L = loss(C)
    for d in (mp.mpf("1e-6"), mp.mpf("-1e-6")):
        assert loss(C * (1 + d)) > L
    return C, F / C, L


def row(mode, a_m, amp_m, a_d, amp_d, alpha, F):
    if mode == "alpha":
        a = mp.mpf(alpha)
        am, ad = (1 - a) / a, 1 - a
    else:
        am, ad = mp.mpf(a_m), mp.mpf(a_d)
    C, N, L = optimum(am, mp.mpf(amp_m), ad, mp.mpf(amp_d), mp.mpf(F))
    return [mode, a_m, amp_m, a_d, amp_d, alpha, F] + [mp.nstr(v, 40, min_fixed=1, max_fixed=0) for v in (C, N, L)] + ["35"]


def main():
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    rng = random.Random(seed)
    rows = [
        # Hoffmann et al.'s fitted Chinchilla law (params vs tokens), F = C N.
        row("exponents", "0.34", "406.4", "0.28", "410.7", "-", "1e20"),
        row("exponents", "0.34", "406.4", "0.28", "410.7", "-", "1e24"),
        row("exponents", "0.5", "1", "0.5", "1", "-", "1e6"),
        row("exponents", "2", "0.001", "0.05", "1000", "-", "1e40"),
        row("exponents", "0.01", "3", "1.5", "0.2", "-", "123.456"),
        row("alpha", "-", "1", "-", "1", "0.5", "1e12"),
        row("alpha", "-", "2.5", "-", "0.75", "0.3", "1e21"),
        row("alpha", "-", "10", "-", "10", "0.9", "1e9"),
        row("alpha", "-", "1", "-", "1", "0.05", "1e15"),
    ]
    for _ in range(8):
        F = f"{rng.uniform(1, 9.99):.3f}e{rng.randint(2, 30)}"
        if rng.random() < 0.5:
            rows.append(row("exponents", f"{rng.uniform(0.05, 2):.4f}", f"{10 ** rng.uniform(-2, 3):.5g}",
                            f"{rng.uniform(0.05, 2):.4f}", f"{10 ** rng.uniform(-2, 3):.5g}", "-", F))
        else:
            rows.append(row("alpha", "-", f"{10 ** rng.uniform(-2, 3):.5g}", "-", f"{10 ** rng.uniform(-2, 3):.5g}",
                            f"{rng.uniform(0.05, 0.95):.4f}", F))
    out = os.path.join(HERE, "theory_compute_optimal.tsv")
    with open(out, "w") as f:
        f.write(f"# X1 compute-optimal split (theory_compute_optimal_oracle.py, seed {seed}, bisection at 60 digits)\n")
        f.write("# mode\ta_M\tA_M\ta_D\tA_D\talpha\tF\tC*\tN*\tL*-E\ttrusted_digits\n")
        for r in rows:
            f.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()
