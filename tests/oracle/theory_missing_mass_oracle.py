#!/usr/bin/python3
"""Independent mpmath oracle for M2 (exact finite-C missing mass of PY(alpha, beta)).

Writes, next to this file:
  theory_missing_mass.tsv  alpha, beta, C, E[T_C], E[W_(C)], a_M(C), digits
Each value is computed at two working precisions (mp.dps = 40 and 55) and the
column `digits` is the number of significant digits on which the two agree
(at least 34 for every row; the tests trust 30).

Method (deliberately not the C++ one): docs/theory.md's integral as printed,
  E[T_C] = (c^2/a) G(th+C+1)/(G(C)G(th+1)) Int_0^inf t^(-1-a) e^-t gamma(1-a,t) g^(C-1) (1+g)^-(th+C+1) dt,
  c = a/G(1-a), g = c*Gamma(-a, t), th = beta/alpha,
with mpmath's gammainc for both incomplete Gamma functions, integrated by
mpmath.quad in x = ln t over panels placed around the peak of the
log-integrand (found by golden-section search); the C++ code instead
integrates P(1-a, t) against the Beta(C, th+1) density by a trapezoid rule.
E[W_(C)] = E[T_(C-1)] - E[T_C] (E[T_0] = 1) as a plain difference at high
precision (the C++ code uses an integration by parts), and a_M(C) =
-C d ln E[T_C]/dC by mpmath.diff of the same integral, C real (the C++ code
differentiates the Beta density analytically).
"""

import mpmath as mp

from oracle_tables import write


def tail_mass(alpha, beta, C):
    """E[T_C] at the current mp.dps; C real >= 1 (C = 0 gives 1)."""
    a, b, C = mp.mpf(alpha), mp.mpf(beta), mp.mpf(C)
    if C == 0:
        return mp.mpf(1)
    th = b / a
    c = a / mp.gamma(1 - a)
    log_pref = 2 * mp.log(c) - mp.log(a) + mp.loggamma(th + C + 1) - mp.loggamma(C) - mp.loggamma(th + 1)

    def log_f(x):
        t = mp.exp(x)
        g = c * mp.gammainc(-a, t)
        return (-a * x - t + mp.log(mp.gammainc(1 - a, 0, t)) + (C - 1) * mp.log(g)
                - (th + C + 1) * mp.log1p(g) + log_pref)

    # Peak of log_f: a coarse scan (step 1/(2a)), then golden section.
    lo = -(mp.log(10 * C) + 10) / a - 30
    n = int((5 - lo) * 2 * a) + 8
    grid = [lo + (5 - lo) * k / n for k in range(n + 1)]
    vals = [log_f(x) for x in grid]
    k = max(range(len(vals)), key=lambda i: vals[i])
    left, right = grid[max(k - 1, 0)], grid[min(k + 1, n)]
    phi = (mp.sqrt(5) - 1) / 2
    for _ in range(30):
        x1, x2 = right - phi * (right - left), left + phi * (right - left)
        if log_f(x1) > log_f(x2):
            right = x2
        else:
            left = x1
    xc = (left + right) / 2
    top = log_f(xc)
    # Width from the curvature at the peak; panels of one width within
    # 8 widths of the peak, then doubling, until the integrand is below
    # e^-140 of its peak value (1e-60) on each side.
    d = mp.mpf("0.01")
    curvature = -(log_f(xc + d) - 2 * top + log_f(xc - d)) / d**2
    w = 1 / mp.sqrt(curvature)
    cut = top - 140
    pts = [xc + k * w for k in range(-8, 9)]
    for sign in (-1, 1):
        step = w
        x = pts[0] if sign < 0 else pts[-1]
        while log_f(x) >= cut:
            x += sign * step
            if sign < 0:
                pts.insert(0, x)
            else:
                pts.append(x)
            step *= 2
    return mp.quad(lambda x: mp.exp(log_f(x)), pts)


def agree(u, v):
    if u == v:
        return 99
    return int(mp.floor(-mp.log10(abs(u - v) / abs(v))))


def row(alpha, beta, C, with_weight, with_exponent):
    out = {}
    for dps in (40, 55):
        mp.mp.dps = dps
        T = tail_mass(alpha, beta, C)
        W = tail_mass(alpha, beta, C - 1) - T if with_weight else None
        aM = -C * mp.diff(lambda y: tail_mass(alpha, beta, y), C) / T if with_exponent else None
        out[dps] = (T, W, aM)
    mp.mp.dps = 55
    digits = min(agree(out[40][i], out[55][i]) for i in range(3) if out[55][i] is not None)
    show = lambda v: mp.nstr(v, 40) if v is not None else "nan"
    T, W, aM = out[55]
    return (alpha, beta, C, show(T), show(W), show(aM), digits)


def main():
    # docs/theory.md's reference values (with E[W_(C)], and a_M(C) at C = 20;
    # the C++ test checks C = 80 from docs/theory.md's printed digits), then points spread over alpha in [0.05, 0.95], beta from near
    # -alpha to 100 and C from 1 to 1e9 (mpmath's cost limits the count).
    cases = [("0.5", "1", 1, True, False), ("0.5", "1", 5, True, False),
             ("0.5", "1", 20, True, True),
             ("0.05", "-0.049", 1, False, False),
             ("0.05", "1", 1000, False, False), ("0.3", "-0.299", 1000000, False, False),
             ("0.8", "1", 1000000, False, False), ("0.8", "20", 10, False, False),
             ("0.95", "-0.949", 1000, False, False), ("0.7", "-0.35", 123456, False, False),
             ("0.2", "3", 999, False, False), ("0.95", "100", 1000000000, False, False),
             ("0.5", "1", 1000000000, False, False)]
    rows = []
    header = ("# alpha\tbeta\tC\tE[T_C]\tE[W_(C)] (nan: not computed)\ta_M(C) (nan: not computed)\t"
              "digits (agreement of mp.dps 40 and 55; the tests trust 30)")
    for alpha, beta, C, w, e in cases:
        r = row(alpha, beta, C, w, e)
        print("\t".join(str(x) for x in r), flush=True)
        rows.append(r)
        write("theory_missing_mass.tsv", header, rows)  # after every row: partial runs keep their rows


if __name__ == "__main__":
    main()
