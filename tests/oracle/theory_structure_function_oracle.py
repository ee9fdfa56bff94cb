#!/usr/bin/python3
"""Independent mpmath oracle for KS1's structure-function envelope
(theory/structure_function.hpp), for given ranked-tail inputs.

KS1's h(c) is exact arithmetic on E H(theta) = psi(Sa+1) - psi(a+1), E H(W) =
psi(beta+1) - psi(1-alpha) and the tail expectations E[T_j], E[T_j H_j] it is
given; this program supplies synthetic tails (a smooth decreasing family and
one whose first gains rise, to exercise the convex hull) and computes, in its
own way, the knowledge costs l(j) = E H(W) + ln(MV) E[T_j] - E[T_j H_j], the
lower convex hull of (j kappa_el, N l(j)) by brute force (a point is a
vertex iff no chord between two other points passes below it), cut where the
gains stop being positive, and the order of items by gain per nat with theta
among them. Writes theory_structure_function.tsv: one row per vertex (cost,
h, stored elements, syntax stored, slope of the next segment, integer gap
bound), the tail inputs (one row per j), plus a summary row per case (syntax first?, elements before syntax,
G_syn/kappa_syn, g_1/kappa_el). 40 digits at 60-digit working precision.
"""
import os
import sys

import mpmath as mp

mp.mp.dps = 60
HERE = os.path.dirname(os.path.abspath(__file__))


def tails(kind, J, ehw):
    mass, ent = [], []
    for j in range(J + 1):
        if kind == "smooth":
            t = (1 + mp.mpf(j)) ** mp.mpf("-0.8")
            h = t * ehw * (1 + mp.mpf(j)) ** mp.mpf("-0.1")
        else:  # "rising": the first gains grow before they fall
            t = 1 - mp.mpf(j) ** 2 / (mp.mpf(J) ** 2 + 4) * mp.mpf("0.9") if j <= J // 2 else None
            if t is None:
                t = (1 - mp.mpf(J // 2) ** 2 / (mp.mpf(J) ** 2 + 4) * mp.mpf("0.9")) * mp.mpf("0.8") ** (j - J // 2)
            h = t * ehw
        if j == 0:
            t, h = mp.mpf(1), ehw
        mass.append(t)
        ent.append(h)
    return mass, ent


def envelope(S, a, N, alpha, beta, M, V, kappa_syn, kappa_el, kind, J):
    S, N = mp.mpf(S), mp.mpf(N)
    a, alpha, beta, M, V = (mp.mpf(x) for x in (a, alpha, beta, M, V))
    ehtheta = mp.digamma(S * a + 1) - mp.digamma(a + 1)
    ehw = mp.digamma(beta + 1) - mp.digamma(1 - alpha)
    lmv = mp.log(M) + mp.log(V)
    ks = (S - 1) / 2 * mp.log(N) if kappa_syn == "-" else mp.mpf(kappa_syn)
    ke = lmv + mp.log(N) / 2 if kappa_el == "-" else mp.mpf(kappa_el)
    mass, ent = tails(kind, J, ehw)
    ell = [ehw + lmv * mass[j] - ent[j] for j in range(J + 1)]
    pts = [(j * ke, N * ell[j]) for j in range(J + 1)]
    # Brute-force lower hull: j is a vertex iff it is below every chord
    # between points on its two sides.
    hull = []
    for j in range(J + 1):
        ok = True
        for i in range(j):
            for k in range(j + 1, J + 1):
                (xi, yi), (xk, yk) = pts[i], pts[k]
                y_line = yi + (yk - yi) * (pts[j][0] - xi) / (xk - xi)
                if pts[j][1] >= y_line:
                    ok = False
                    break
            if not ok:
                break
        if ok:
            hull.append(j)
    useful = [hull[0]]
    for j in hull[1:]:
        if pts[j][1] < pts[useful[-1]][1]:
            useful.append(j)
        else:
            break
    g_syn = N * (mp.log(S) - ehtheta)
    syntax_rate = g_syn / ks
    rates = [(pts[useful[v]][1] - pts[useful[v + 1]][1]) / ((useful[v + 1] - useful[v]) * ke)
             for v in range(len(useful) - 1)]
    syntax_at = len(useful) - 1
    for v, r in enumerate(rates):
        if r < syntax_rate:
            syntax_at = v
            break
    rows = []

    def vertex(v, syntax, next_syntax):
        j = useful[v]
        cost = j * ke + (ks if syntax else 0)
        length = N * ((ehtheta if syntax else mp.log(S)) + ell[j])
        if next_syntax:
            slope, gap = -syntax_rate, g_syn
        elif v + 1 < len(useful):
            slope, gap = -rates[v], pts[useful[v]][1] - pts[useful[v + 1]][1]
        else:
            slope, gap = mp.mpf(0), mp.mpf(0)
        rows.append([cost, length, j, 1 if syntax else 0, slope, gap])

    for v in range(len(useful)):
        if v <= syntax_at:
            vertex(v, False, v == syntax_at)
        if v >= syntax_at:
            vertex(v, True, False)
    g1 = N * (ell[0] - ell[1]) / ke
    summary = [1 if syntax_rate > g1 else 0, useful[syntax_at], syntax_rate, g1]
    return rows, summary, (mass, ent)


def main():
    cases = [
        # name, S, a, N, alpha, beta, M, V, kappa_syn, kappa_el, tails, J
        ("strong-syntax", "20", "0.01", "1000000", "0.5", "1000", "100", "100", "-", "-", "smooth", 40),
        ("weak-syntax", "20", "5", "1000000", "0.5", "0.5", "100", "100", "-", "-", "smooth", 40),
        ("custom-costs", "4", "1", "10000", "0.3", "2", "50", "20", "12.5", "9", "smooth", 25),
        ("rising-gains", "8", "0.5", "100000", "0.6", "3", "1000", "1000", "-", "-", "rising", 30),
    ]
    out = os.path.join(HERE, "theory_structure_function.tsv")
    with open(out, "w") as f:
        f.write("# case\tS\ta\tN\talpha\tbeta\tM\tV\tkappa_syn\tkappa_el\ttails\tJ\trow\tvalues...   "
                "(mpmath 60 digits, 40 written; generator theory_structure_function_oracle.py)\n")
        for name, S, a, N, alpha, beta, M, V, ks, ke, kind, J in cases:
            rows, summary, (mass, ent) = envelope(S, a, N, alpha, beta, M, V, ks, ke, kind, J)
            head = [name, S, a, N, alpha, beta, M, V, ks, ke, kind, str(J)]
            for j in range(J + 1):
                f.write("\t".join(head + ["tail", str(j), mp.nstr(mass[j], 40), mp.nstr(ent[j], 40)]) + "\n")
            f.write("\t".join(head + ["summary", str(summary[0]), str(summary[1]), mp.nstr(summary[2], 40),
                                      mp.nstr(summary[3], 40)]) + "\n")
            for r in rows:
                f.write("\t".join(head + ["vertex", mp.nstr(r[0], 40), mp.nstr(r[1], 40), str(r[2]), str(r[3]),
                                          mp.nstr(r[4], 40), mp.nstr(r[5], 40)]) + "\n")
    print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
