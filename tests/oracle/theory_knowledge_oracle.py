#!/usr/bin/python3
"""Oracle for the Pitman-Yor knowledge closed forms K1, K2, K4, K5, K6, K7
(docs/theory.md §3) and the EPPF / law of K_n (K3) — written independently of the
C++ code, straight from the formulas of docs/theory.md with mpmath.

Each value is computed twice, at 160 and at 240 decimal digits of working
precision; the number of digits on which the two agree (capped at 60) is
written as `digits` — the digits the value is trusted to. Values are
computed at the decimal inputs as written (for multiprecision tests) and at
the inputs rounded to IEEE double (`value_double_inputs`, for double tests,
so that the input rounding is not charged to the implementation).

Writes theory_knowledge.tsv (closed forms), theory_knowledge_law.tsv (the law
of K_n by brute-force enumeration of all set partitions, weighted by the
EPPF, for n ≤ 9) and theory_knowledge_eppf.tsv (EPPF log-likelihood and
gradient by mpmath numerical differentiation).

Run:  /usr/bin/python3 tests/oracle/theory_knowledge_oracle.py
"""
import os
import sys

import mpmath
from mpmath import mp, mpf

HERE = os.path.dirname(os.path.abspath(__file__))
PRINT_DIGITS = 60


def k1(a, b, n):
    if n == 0:
        return mpf(0)
    if a == 0:
        return b * (mpmath.psi(0, b + n) - mpmath.psi(0, b))
    lr = mpmath.loggamma(b + 1) + mpmath.loggamma(b + a + n) - mpmath.loggamma(b + a) - mpmath.loggamma(b + n)
    return mpmath.exp(lr) / a - b / a


def k2(a, b, n):
    if n <= 1:
        return mpf(0)  # K_0 = 0 and K_1 = 1 surely; the formula cancels to exactly 0
    if a == 0:
        return b * (mpmath.psi(0, b + n) - mpmath.psi(0, b)) + b * b * (mpmath.psi(1, b + n) - mpmath.psi(1, b))
    ey = k1(a, b, n) + b / a
    lr = mpmath.loggamma(b + n + 2 * a) + mpmath.loggamma(b + 1) - mpmath.loggamma(b + 1 + 2 * a) - mpmath.loggamma(b + n)
    eyy = (1 + b / a) * (2 + b / a) * mpmath.exp(lr)
    return eyy - ey - ey * ey


def k4(a, b, n, j):
    lr = (mpmath.loggamma(n + 1) - mpmath.loggamma(j + 1) - mpmath.loggamma(n - j + 1)
          + mpmath.loggamma(1 - a + j - 1) - mpmath.loggamma(1 - a)
          + mpmath.loggamma(b + a + n - j) - mpmath.loggamma(b + a)
          - mpmath.loggamma(b + 1 + n - 1) + mpmath.loggamma(b + 1))
    return mpmath.exp(lr)


def k5(a, b, p):
    lr = (mpmath.loggamma(b + 1) + mpmath.loggamma(b / a + 1 + p)
          - mpmath.loggamma(b / a + 1) - mpmath.loggamma(b + 1 + p * a))
    return mpmath.exp(lr)


def k6(a, b):
    return mpmath.psi(0, b + 1) - mpmath.psi(0, 1 - a)


def k7(a, b, n):
    if a == 0:
        return b / (b + n)
    lr = mpmath.loggamma(b + 1) + mpmath.loggamma(b + a + n) - mpmath.loggamma(b + a) - mpmath.loggamma(b + n + 1)
    return mpmath.exp(lr)


def ranked_weight(a, s, i):
    return (s / (mpmath.gamma(1 - a) * i)) ** (1 / a)


def agree_digits(x, y):
    if x == y:
        return PRINT_DIGITS
    if x == 0:
        return 0
    rel = abs((x - y) / x)
    return max(0, min(PRINT_DIGITS, int(mpmath.floor(-mpmath.log10(rel)))))


def evaluate(fn, inputs, to_double):
    """fn at 160 and 240 digits; returns (value string, trusted digits)."""
    results = []
    for dps in (160, 240):
        mp.dps = dps
        args = [mpf(float(x)) if to_double else mpf(x) for x in inputs]
        results.append(fn(*args))
    mp.dps = 240
    digits = agree_digits(results[1], results[0])
    return mpmath.nstr(results[1], PRINT_DIGITS, strip_zeros=False, min_fixed=1, max_fixed=0), digits


ALPHAS = ["0", "0.001", "0.1", "0.5", "0.9", "0.99", "0.999"]
NS = ["1", "2", "10", "1000", "1e6", "1e9", "1e12", "1e15", "1e18"]


def betas_for(alpha):
    a = mpf(alpha)
    near = "0.001" if a == 0 else mpmath.nstr(-a + mpf("0.001"), 20)
    out = [near]
    if a > 0:
        out.append("0")
    out += ["1", "1e3", "1e6"]
    return out


def integer_text(n):
    return str(int(mpf(n)))


def rows():
    for alpha in ALPHAS:
        for beta in betas_for(alpha):
            for n in NS:
                yield ("expected-tables", "K1", alpha, beta, n, "-", k1)
                yield ("tables-variance", "K2", alpha, beta, n, "-", k2)
                yield ("p-new", "K7", alpha, beta, n, "-", k7)
                nn = int(mpf(n))
                for j in sorted({1, 2, 10, nn // 2, nn}):
                    if 1 <= j <= nn and (j <= 10 or nn <= 1000):
                        yield ("block-count", "K4", alpha, beta, n, str(j), k4)
            yield ("knowledge-entropy", "K6", alpha, beta, "-", "-", k6)
            if mpf(alpha) > 0:
                for p in ["1", "2", "0.5", str(mpmath.nstr(1 / mpf(alpha), 20)), "-0.5"]:
                    if mpf(p) > -(mpf(beta) / mpf(alpha) + 1):
                        yield ("diversity-moment", "K5", alpha, beta, "-", p, k5)
    # Ranked weights (K5, double API): the beta column holds S, n holds i.
    for alpha in ["0.1", "0.5", "0.9", "0.999"]:
        for s in ["0.5", "3", "100"]:
            for i in ["1", "7", "1000000"]:
                yield ("ranked-weight", "K5", alpha, s, i, "-", ranked_weight)


def closed_forms(path):
    lines = ["quantity\tlabel\talpha\tbeta\tn\textra\tvalue\tdigits\tvalue_double_inputs\tdigits_double_inputs"]
    for name, label, alpha, beta, n, extra, fn in rows():
        args = [alpha, beta]
        if n != "-":
            args.append(n)
        if extra != "-":
            args.append(extra)
        value, digits = evaluate(fn, args, False)
        value_d, digits_d = evaluate(fn, args, True)
        lines.append("\t".join([name, label, alpha, beta, n, extra, value, str(digits), value_d, str(digits_d)]))
    write(path, lines)


def set_partitions(n):
    """All set partitions of {0..n-1} as lists of block sizes (in order of appearance)."""
    def extend(i, sizes):
        if i == n:
            yield list(sizes)
            return
        for b in range(len(sizes)):
            sizes[b] += 1
            yield from extend(i + 1, sizes)
            sizes[b] -= 1
        sizes.append(1)
        yield from extend(i + 1, sizes)
        sizes.pop()
    yield from extend(0, [])


def eppf(a, b, sizes):
    n = sum(sizes)
    p = mpf(1)
    for i in range(1, len(sizes)):
        p *= b + i * a
    p /= mpmath.rf(b + 1, n - 1)
    for s in sizes:
        p *= mpmath.rf(1 - a, s - 1)
    return p


def law(path):
    mp.dps = 50
    lines = ["alpha\tbeta\tn\tk\tprobability"]
    for alpha, beta in [("0", "1"), ("0.5", "1"), ("0.9", "-0.5"), ("0.3", "10"), ("0.999", "0")]:
        a, b = mpf(float(alpha)), mpf(float(beta))
        for n in [1, 2, 5, 9]:
            by_k = [mpf(0)] * (n + 1)
            for sizes in set_partitions(n):
                by_k[len(sizes)] += eppf(a, b, sizes)
            for k in range(n + 1):
                lines.append("\t".join([alpha, beta, str(n), str(k), mpmath.nstr(by_k[k], 30, min_fixed=1, max_fixed=0)]))
    write(path, lines)


def eppf_table(path):
    mp.dps = 50
    lines = ["alpha\tbeta\tcounts\tlog_likelihood\td_alpha\td_beta"]
    cases = [("0.5", "1", [1]), ("0.5", "1", [3, 1, 1]), ("0", "2", [5, 2, 1, 1]), ("0.3", "-0.2", [10, 4, 4, 1, 1, 1]),
             ("0.9", "100", [1000, 30, 7, 1, 1]), ("0.001", "0.5", [2, 2, 2]), ("0.7", "3", [1] * 50 + [200])]
    for alpha, beta, counts in cases:
        def ll(a, b):
            return mpmath.log(eppf(a, b, counts))
        a, b = mpf(float(alpha)), mpf(float(beta))
        value = ll(a, b)
        # one-sided in α at α = 0 (the header documents the α → 0⁺ derivative)
        da = mpmath.diff(lambda x: ll(x, b), a, direction=1 if a == 0 else 0)
        db = mpmath.diff(lambda y: ll(a, y), b)
        lines.append("\t".join([alpha, beta, ",".join(map(str, counts))] +
                               [mpmath.nstr(v, 25, min_fixed=1, max_fixed=0) for v in (value, da, db)]))
    write(path, lines)


def write(path, lines):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, path)
    print("wrote", path, len(lines) - 1, "rows", file=sys.stderr)


if __name__ == "__main__":
    law(os.path.join(HERE, "theory_knowledge_law.tsv"))
    eppf_table(os.path.join(HERE, "theory_knowledge_eppf.tsv"))
    closed_forms(os.path.join(HERE, "theory_knowledge.tsv"))
