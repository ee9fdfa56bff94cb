#!/usr/bin/python3
"""Randomized oracle sweep for every `sklaws theory` quantity.

Draws points per quantity at random — log-uniformly over the whole domain and
at its edges: alpha near 0 and near 1, beta near -alpha and up to 1e6, n and j
up to 1e18 with j near n, tiny and huge weights, priors down to 1e-12, moments
p large enough to leave MPFR's exponent range — and evaluates each straight
from the formulas of docs/theory.md with mpmath, independently of the C++ code, at
two working precisions (DPS and DPS_CHECK decimal digits). The digits on which
the two agree (capped at 60) are written as `trusted_digits`.

Each row is one `sklaws theory` query, written as the options the command
takes, so that a new quantity is covered by adding rows here, not code in the
test. Columns:
  quantity   the `sklaws theory` quantity name
  options    its options, space-separated (no --digits: the test adds it)
  output     which output of the query the row checks (`value`, `per-token`, ...)
  expect     `value`: the query must print `reference` with honest digits;
             `domain:<option>`: it must fail naming <option> (exit 2);
             `overflow` / `underflow`: the value leaves MPFR's exponent range
             (|log10| > 3.23e8) and the query must fail naming the range
  reference  the value (50 significant digits), or `-`
  trusted_digits
Half of the rows give real inputs as the exact decimal expansion of a double
(so `--digits 15` takes the double path), half as short decimals (which
double cannot hold: the multiprecision path).

`tail-mass` has two kinds of rows: M1's asymptote (`--asymptotic`, drawn with
the other quantities; where it exceeds 1 the query must be refused naming the
capacity) and M2's exact value, the default (m2_rows: mpmath at 40 and 55
digits, its own random stream).

Run:  /usr/bin/python3 tests/oracle/theory_sweep_oracle.py [--seed S] [--points P] [--m2-rows R] [--out FILE]
The test suite reads tests/oracle/theory_sweep.tsv (seed 1, the size the
suite runs in well under 2 minutes); scripts/theory_sweep.sh runs a larger
sweep with another seed against a build.
"""
import argparse
import math
import os
import random
from decimal import Decimal

import mpmath
from mpmath import mp, mpf

HERE = os.path.dirname(os.path.abspath(__file__))
DPS = 100
DPS_CHECK = 130
MAX_TRUSTED = 60
PRINT_DIGITS = 50
# MPFR's default exponent range: |x| in [2^(emin-1), 2^emax), emax = 2^30 - 1.
MPFR_LOG10_LIMIT = (2 ** 30 - 1) * math.log10(2)


class Domain(Exception):
    """The query is outside the quantity's domain; names the option."""

    def __init__(self, option):
        super().__init__(option)
        self.option = option


# ---------------------------------------------------------------- formulas

def lg(x):
    return mpmath.loggamma(x)


def k1(a, b, n):
    if n == 0:
        return mpf(0)
    if a == 0:
        return b * (mpmath.digamma(b + n) - mpmath.digamma(b))
    lr = lg(b + 1) + lg(b + a + n) - lg(b + a) - lg(b + n)
    return mpmath.exp(lr) / a - b / a


def k2(a, b, n):
    if n <= 1:
        return mpf(0)
    if a == 0:
        return b * (mpmath.digamma(b + n) - mpmath.digamma(b)) + b * b * (mpmath.psi(1, b + n) - mpmath.psi(1, b))
    ey = k1(a, b, n) + b / a
    lr = lg(b + n + 2 * a) + lg(b + 1) - lg(b + 1 + 2 * a) - lg(b + n)
    return (1 + b / a) * (2 + b / a) * mpmath.exp(lr) - ey - ey * ey


def log_k4(a, b, n, j):
    return (lg(n + 1) - lg(j + 1) - lg(n - j + 1) + lg(j - a) - lg(1 - a)
            + lg(b + a + n - j) - lg(b + a) - lg(b + n) + lg(b + 1))


def k7(a, b, n):
    if a == 0:
        return b / (b + n)
    return mpmath.exp(lg(b + 1) + lg(b + a + n) - lg(b + a) - lg(b + n + 1))


def k6(a, b):
    return mpmath.digamma(b + 1) - mpmath.digamma(1 - a)


def log_k5(a, b, p):
    return lg(b + 1) + lg(b / a + 1 + p) - lg(b / a + 1) - lg(b + 1 + p * a)


def log_m1(a, b, c):
    return (mpmath.log(a / (1 - a)) - lg(1 - a) / a + log_k5(a, b, 1 / a) - (1 - a) / a * mpmath.log(c))


def beta_binomial_pmfs(N, a, b):
    lb = lg(a) + lg(b) - lg(a + b)
    return [mpmath.exp(lg(N + 1) - lg(k + 1) - lg(N - k + 1) + lg(k + a) + lg(N - k + b) - lg(N + a + b) - lb)
            for k in range(N + 1)]


def s1(S, a, N):
    """R_N = E[-log m(X^N)] - N E[H(theta)], n_1 ~ BetaBinomial(N, a, (S-1)a)."""
    if N == 0:
        return mpf(0)
    b = (S - 1) * a
    pm = beta_binomial_pmfs(N, a, b)
    e_lg = mpmath.fsum(p * (lg(a + k) - lg(a)) for k, p in enumerate(pm))
    neg_log_m = lg(S * a + N) - lg(S * a) - S * e_lg
    return neg_log_m - N * (mpmath.digamma(S * a + 1) - mpmath.digamma(a + 1))


def knowledge_redundancy_curve(a, b, n_max, M, V):
    """r_0..r_{n_max} from docs/theory.md R1 with the exact law of K_n (K3)."""
    h = lambda p: mpf(0) if p == 0 else -p * mpmath.log(p)
    ehw = k6(a, b)
    cost = mpmath.log(M) + mpmath.log(V)
    out = []
    law = [mpf(1)]  # P_0(k): k = 0
    for n in range(n_max + 1):
        if n == 0:
            out.append(cost - ehw)
        else:
            s = mpf(0)
            for j in range(1, n + 1):
                s += mpmath.exp(log_k4(a, b, mpf(n), mpf(j))) * h((j - a) / (b + n))
            for k, pk in enumerate(law):
                if pk != 0:
                    s += pk * h((b + k * a) / (b + n))
            out.append(s - ehw + k7(a, b, mpf(n)) * cost)
        # advance the law P_n -> P_{n+1}
        nxt = [mpf(0)] * (len(law) + 1)
        for k, pk in enumerate(law):
            if n == 0:
                nxt[1] += pk
                continue
            nxt[k] += pk * (n - k * a) / (b + n)
            nxt[k + 1] += pk * (b + k * a) / (b + n)
        law = nxt
    return out


_WRONG = {}
NOISY_M_MAX = 80


def wrong_tie_weights(V, m_max=NOISY_M_MAX):
    """P_wrong[c0][r]: for r mentions spread uniformly over the K = V-1 wrong
    values, E[1/(t+1) ; no wrong value above c0], t = wrong values at c0 —
    by direct dynamic programming over the wrong values, box by box
    (independent of the C++ generating-function recursion)."""
    key = (V, m_max, mp.dps)
    if key in _WRONG:
        return _WRONG[key]
    K = V - 1
    fact = [mpmath.factorial(i) for i in range(m_max + 1)]
    table = []
    for c0 in range(m_max + 1):
        r_max = m_max - c0
        # dp[(s, t)] = sum over the boxes so far holding s balls, t of them at c0,
        # none above, of prod 1/count!
        dp = {(0, 0): mpf(1)}
        for _ in range(K):
            nd = {}
            for (s, t), w in dp.items():
                for c in range(0, min(c0, r_max - s) + 1):
                    k2 = (s + c, t + (1 if c == c0 else 0))
                    nd[k2] = nd.get(k2, mpf(0)) + w / fact[c]
            dp = nd
        row = [mpf(0)] * (r_max + 1)
        for (s, t), w in dp.items():
            row[s] += w / (t + 1)
        table.append([fact[r] / mpf(K) ** r * row[r] for r in range(r_max + 1)])
    _WRONG[key] = table
    return table


def noisy_table(V, eps, m_max=NOISY_M_MAX):
    """A(m) = P(majority vote correct | m mentions), m = 0..m_max."""
    q = 1 - eps + eps / V
    wrong = wrong_tie_weights(V, m_max)
    acc = []
    for m in range(m_max + 1):
        acc.append(mpmath.fsum(mpmath.binomial(m, c0) * q ** c0 * (1 - q) ** (m - c0) * wrong[c0][m - c0]
                               for c0 in range(m + 1)))
    return acc


def a1_noisy(w, n, V, eps, m_max=NOISY_M_MAX):
    acc = noisy_table(V, eps, m_max)
    top = min(n, m_max)
    s = mpf(0)
    for m in range(0, top + 1):
        s += mpmath.binomial(n, m) * w ** m * (1 - w) ** (n - m) * acc[m]
    # beyond m_max: P(m > 80) at n*w <= 10 is below 1e-40 (A <= 1), P(m > 120) at n*w = 20 below 1e-50
    return s


# ---------------------------------------------------------------- sampling

class Sampler:
    def __init__(self, rng, exact_doubles):
        self.rng = rng
        self.exact = exact_doubles

    def text(self, x):
        """Real input as typed: an exact double expansion or a short decimal."""
        if self.exact:
            return str(Decimal(float(x)))
        return '%.7g' % x

    def log_uniform(self, lo, hi):
        return 10 ** self.rng.uniform(math.log10(lo), math.log10(hi))

    def alpha(self, allow_zero=True):
        r = self.rng.random()
        if r < 0.08 and allow_zero:
            return 0.0
        if r < 0.35:
            return self.log_uniform(1e-12, 0.1)
        if r < 0.6:
            return 1 - self.log_uniform(1e-12, 0.1)
        return self.rng.uniform(0.01, 0.99)

    def beta(self, a):
        r = self.rng.random()
        if r < 0.3:
            return -a + self.log_uniform(1e-12, 1.0) * max(a, 1e-3)
        if r < 0.7:
            return self.log_uniform(1e-3, 1e6)
        return self.rng.uniform(max(-a, 0) + 1e-3, 3)

    def count(self, lo=1, hi=10 ** 18):
        r = self.rng.random()
        if r < 0.15:
            return self.rng.randint(lo, min(hi, lo + 20))
        if r < 0.3:
            return hi - self.rng.randint(0, min(hi - lo, 1000))
        return max(lo, min(hi, int(self.log_uniform(max(lo, 1), hi))))


def clean_beta(s, a, b):
    """beta as it will be typed, strictly above -alpha after rounding the text."""
    for _ in range(50):
        bt = s.text(b)
        at = s.text(a)
        if mpf(at) < 1 and mpf(bt) > -mpf(at) and (mpf(at) > 0 or mpf(bt) > 0):
            return at, bt
        b = b + abs(b) * 1e-3 + 1e-9
    return None


def draw_knowledge(s, quantity):
    a = s.alpha(allow_zero=quantity not in ('diversity-moment', 'tail-mass'))
    b = s.beta(a)
    ab = clean_beta(s, a, b)
    if ab is None:
        return None
    at, bt = ab
    opts = ['--alpha', at, '--beta', bt]
    A, B = mpf(at), mpf(bt)
    if quantity in ('expected-tables', 'tables-variance', 'p-new'):
        n = s.count(lo=0 if s.rng.random() < 0.05 else 1)
        opts += ['--n', str(n)]
        f = {'expected-tables': k1, 'tables-variance': k2, 'p-new': k7}[quantity]
        return opts, [('value', lambda: f(A, B, mpf(n)))]
    if quantity == 'block-count':
        n = s.count()
        r = s.rng.random()
        if r < 0.4:
            j = n - s.rng.randint(0, min(n - 1, 10 ** s.rng.randint(0, 6)))
        elif r < 0.6:
            j = s.rng.randint(1, min(n, 50))
        else:
            j = max(1, min(n, int(s.log_uniform(1, n + 1))))
        opts += ['--n', str(n), '--j', str(j)]
        return opts, [('value', lambda: ('log', log_k4(A, B, mpf(n), mpf(j))))]
    if quantity == 'knowledge-entropy':
        return opts, [('value', lambda: k6(A, B))]
    if quantity == 'diversity-moment':
        r = s.rng.random()
        if r < 0.25:
            p = s.log_uniform(1e6, 1e10)
        elif r < 0.4:
            low = -(float(B / A) + 1)
            p = low + s.log_uniform(1e-9, 1.0) * max(abs(low), 1e-3)
        else:
            p = s.rng.choice([1.0, 2.0, 1 / max(a, 1e-3), 0.5]) if s.rng.random() < 0.3 else s.log_uniform(1e-3, 1e3)
        pt = s.text(p)
        if not mpf(pt) > -(B / A + 1):
            return None
        opts += ['--p', pt]
        return opts, [('value', lambda: ('log', log_k5(A, B, mpf(pt))))]
    if quantity == 'tail-mass':
        # M1, the asymptote (`--asymptotic`): refused naming the capacity where
        # it is no mass (above 1). M2, the default, has its own rows (m2_rows).
        c = s.log_uniform(1, 1e18) if s.rng.random() < 0.8 else 1 + s.rng.random()
        ct = s.text(c)
        opts += ['--capacity', ct, '--asymptotic']

        def m1():
            v = log_m1(A, B, mpf(ct))
            if v > 0:
                raise Domain('capacity')
            return ('log', v)
        return opts, [('value', m1)]
    raise ValueError(quantity)


def draw(s, quantity):
    if quantity in ('expected-tables', 'tables-variance', 'p-new', 'block-count', 'knowledge-entropy',
                    'diversity-moment', 'tail-mass'):
        return draw_knowledge(s, quantity)
    if quantity == 'exponents':
        a = s.alpha(allow_zero=False)
        at = s.text(a)
        A = mpf(at)
        if not 0 < A < 1:
            return None
        return ['--alpha', at], [('data-exponent', lambda: 1 - A), ('model-exponent', lambda: (1 - A) / A)]
    if quantity == 'alpha-from':
        if s.rng.random() < 0.5:
            x = s.rng.choice([s.log_uniform(1e-12, 1), 1 - s.log_uniform(1e-12, 0.5)])
            xt = s.text(x)
            return ['--data-exponent', xt], [('value', lambda: 1 - mpf(xt))]
        y = s.log_uniform(1e-12, 1e12)
        yt = s.text(y)
        return ['--model-exponent', yt], [('value', lambda: 1 / (1 + mpf(yt)))]
    if quantity == 'syntax-redundancy':
        S = s.rng.choice([2, 2, 3, 5, 10, 50])
        a = s.log_uniform(1e-12, 1e3) if s.rng.random() < 0.7 else s.rng.uniform(0.05, 3)
        N = s.rng.choice([0, 1, 2, 3]) if s.rng.random() < 0.1 else int(s.log_uniform(1, 600))
        at = s.text(a)
        A = mpf(at)
        opts = ['--templates', str(S), '--prior', at, '--n', str(N)]
        outs = [('value', lambda: s1(S, A, N)), ('per-token', lambda: s1(S, A, N + 1) - s1(S, A, N)),
                ('entropy-rate', lambda: mpmath.digamma(S * A + 1) - mpmath.digamma(A + 1))]
        if N >= 1 and s.rng.random() < 0.25:
            opts.append('--asymptotic')
        return opts, outs
    if quantity == 'knowledge-redundancy':
        a = s.alpha()
        b = s.beta(a) if s.rng.random() < 0.7 else s.rng.uniform(0.1, 50)
        ab = clean_beta(s, a, b)
        if ab is None:
            return None
        at, bt = ab
        n = s.rng.choice([0, 1, 2]) if s.rng.random() < 0.1 else int(s.log_uniform(1, 120))
        # Names and values mostly outside R1's label-collision regime
        # (E[K_n]^2/(2MV) > 1e-2 is refused, "is no estimate"; the
        # first-order collision term E[K_n]/(MV) is in the bound): M V >= 1e9.
        M = s.rng.choice([1e6, 1e9, 1e12, 1e15])
        V = s.rng.choice([1e3, 1e4, 1e6, 1e9])
        A, B = mpf(at), mpf(bt)
        opts = ['--alpha', at, '--beta', bt, '--n', str(n), '--names', '%g' % M, '--values', '%g' % V]
        curve = lambda: knowledge_redundancy_curve(A, B, n, mpf(M), mpf(V))
        outs = [('value', lambda: curve()[n])]
        if n >= 1:
            outs.append(('cumulative', lambda: mpmath.fsum(curve()[:n])))
        return opts, outs
    if quantity == 'acquisition':
        V = s.rng.choice([2, 3, 4, 10, 1000, 10 ** 9])
        r = s.rng.random()
        n = s.count(lo=0)
        if r < 0.5:
            w = s.log_uniform(1e-300, 1) if s.rng.random() < 0.3 else s.log_uniform(1e-20, 1)
            wt = s.text(min(w, 1.0))
            W = mpf(wt)
            return (['--weight', wt, '--n', str(n), '--values', str(V)],
                    [('value', lambda: 1 - (1 - mpf(1) / V) * (1 - W) ** n)])
        V = s.rng.choice([2, 3, 4])
        eps = s.rng.choice([0.05, 0.2, 0.3, 0.6])
        n = s.count(lo=1)
        nw = s.log_uniform(1e-3, 10)
        wt = s.text(min(1.0, nw / n))
        W = mpf(wt)
        if float(W * n) > 10.5:
            return None
        return (['--weight', wt, '--n', str(n), '--values', str(V), '--noise', str(eps)],
                [('value', lambda: a1_noisy(W, n, V, mpf(str(eps))))])
    raise ValueError(quantity)


# Queries outside the domain and the option each must name.
DOMAIN_ROWS = [
    ('expected-tables', '--alpha 1 --beta 1 --n 10', 'alpha'),
    ('expected-tables', '--alpha -0.25 --beta 1 --n 10', 'alpha'),
    ('expected-tables', '--alpha 0.5 --beta -0.5 --n 10', 'beta'),
    ('expected-tables', '--alpha 0 --beta 0 --n 10', 'beta'),
    ('tables-variance', '--alpha 0.5 --beta -0.75 --n 10', 'beta'),
    ('p-new', '--alpha 0.5 --beta 1 --n 1e19', 'n'),
    ('p-new', '--alpha 0.5 --beta 1 --n 2.5', 'n'),
    ('block-count', '--alpha 0.5 --beta 1 --n 10 --j 11', 'j'),
    ('block-count', '--alpha 0.5 --beta 1 --n 10 --j 0', 'j'),
    ('block-count', '--alpha 0.5 --beta 1 --n 0 --j 0', 'n'),
    ('knowledge-entropy', '--alpha 0.3 --beta -0.3', 'beta'),
    ('diversity-moment', '--alpha 0 --beta 1 --p 1', 'alpha'),
    ('diversity-moment', '--alpha 0.5 --beta 1 --p -3', 'p'),
    ('tail-mass', '--alpha 0 --beta 1 --capacity 10', 'alpha'),
    ('tail-mass', '--alpha 0.5 --beta 1 --capacity 0.5', 'capacity'),
    ('tail-mass', '--alpha 0.5 --beta 1 --capacity 2.5', 'capacity'),
    ('tail-mass', '--alpha 0.5 --beta 1 --capacity 1e13', 'capacity'),
    ('tail-mass', '--alpha 1e-8 --beta 1 --capacity 1e18', 'capacity'),
    ('tail-mass', '--alpha 0.3 --beta 20 --capacity 15 --asymptotic', 'capacity'),
    ('tail-mass', '--alpha 0 --beta 1 --capacity 10 --asymptotic', 'alpha'),
    ('exponents', '--alpha 0', 'alpha'),
    ('exponents', '--alpha 1', 'alpha'),
    ('alpha-from', '--data-exponent 0', 'data-exponent'),
    ('alpha-from', '--data-exponent 1.5', 'data-exponent'),
    ('alpha-from', '--model-exponent -1', 'model-exponent'),
    ('syntax-redundancy', '--templates 1 --prior 1 --n 10', 'templates'),
    ('syntax-redundancy', '--templates 2 --prior 0 --n 10', 'prior'),
    ('syntax-redundancy', '--templates 2 --prior -1 --n 10', 'prior'),
    ('knowledge-redundancy', '--alpha 1 --beta 1 --n 10 --names 2 --values 2', 'alpha'),
    ('knowledge-redundancy', '--alpha 0.5 --beta 1 --n 10 --names 0.5 --values 2', 'names'),
    ('acquisition', '--weight 1.5 --n 10 --values 2', 'weight'),
    ('acquisition', '--weight 0.5 --n 10 --values 1', 'values'),
    ('acquisition', '--weight 0.5 --n 10 --values 2 --noise 2', 'noise'),
    ('acquisition', '--weight 0.1 --n 1000 --values 3 --noise 0.2', 'n'),
]

# The commands of issue #13, each with the oracle evaluating it as typed.
def fixed_rows():
    A, B = mpf, mpf
    return [
        ('acquisition', '--weight 1e-15 --n 1e16 --values 3 --noise 0.2',
         [('value', lambda: a1_noisy(mpf('1e-15'), 10 ** 16, 3, mpf('0.2')))]),
        ('acquisition', '--weight 1e-17 --n 1e18 --values 3 --noise 0.2',
         [('value', lambda: a1_noisy(mpf('1e-17'), 10 ** 18, 3, mpf('0.2')))]),
        ('acquisition', '--weight 2e-5 --n 1e6 --values 7 --noise 0.3',
         [('value', lambda: a1_noisy(mpf('2e-5'), 10 ** 6, 7, mpf('0.3'), 120))]),
        ('block-count', '--alpha 0.99999 --beta 0.3 --n 1e18 --j 999999999999999999',
         [('value', lambda: ('log', log_k4(A('0.99999'), B('0.3'), mpf(10) ** 18, mpf(10) ** 18 - 1)))]),
        ('block-count', '--alpha 0.5 --beta 1e5 --n 1e6 --j 500000',
         [('value', lambda: ('log', log_k4(A('0.5'), B('1e5'), mpf(10) ** 6, mpf(500000))))]),
        ('syntax-redundancy', '--templates 2 --prior 1e-9 --n 300',
         [('value', lambda: s1(2, mpf('1e-9'), 300)),
          ('per-token', lambda: s1(2, mpf('1e-9'), 301) - s1(2, mpf('1e-9'), 300)),
          ('entropy-rate', lambda: mpmath.digamma(2 * mpf('1e-9') + 1) - mpmath.digamma(mpf('1e-9') + 1))]),
        ('diversity-moment', '--alpha 0.5 --beta 1 --p 1e8',
         [('value', lambda: ('log', log_k5(A('0.5'), B('1'), mpf('1e8'))))]),
        ('tail-mass', '--alpha 1e-8 --beta 1 --capacity 1e18 --asymptotic',
         [('value', lambda: ('log', log_m1(A('1e-8'), B('1'), mpf('1e18'))))]),
        ('exponents', '--alpha 0.999999999',
         [('data-exponent', lambda: 1 - mpf('0.999999999')),
          ('model-exponent', lambda: (1 - mpf('0.999999999')) / mpf('0.999999999'))]),
    ]


QUANTITIES = ['expected-tables', 'tables-variance', 'p-new', 'block-count', 'knowledge-entropy', 'diversity-moment',
              'tail-mass', 'exponents', 'alpha-from', 'syntax-redundancy', 'knowledge-redundancy', 'acquisition']
# Relative cost: the O(N) and O(n^2) oracles get fewer points.
WEIGHT = {'syntax-redundancy': 0.15, 'knowledge-redundancy': 0.06, 'acquisition': 0.6}


# M2 (the default `tail-mass`): exact E[T_C] by theory_missing_mass_oracle's
# mpmath quadrature of docs/theory.md's integral, at M2_DPS and M2_DPS_CHECK
# (each evaluation costs 5-40 s of mpmath; at 100/130 digits it would be
# minutes). Drawn from their own random stream so that adding them changes no
# other row: alpha in [0.05, 0.95] (its ends included), beta from just above
# -alpha to 100, integer C from 1 to 1e9 (small, log-uniform and round).
M2_DPS = 40
M2_DPS_CHECK = 55
M2_ROWS = 10


def m2_rows(seed, count):
    from theory_missing_mass_oracle import tail_mass
    rng = random.Random(seed * 1000003 + 12)
    rows = []
    for i in range(count):
        s = Sampler(rng, exact_doubles=(i % 2 == 0))
        r = rng.random()
        a = rng.choice([0.05, 0.95]) if r < 0.2 else rng.uniform(0.05, 0.95)
        r = rng.random()
        b = (-a + s.log_uniform(1e-3, 0.5) * a) if r < 0.35 else (s.log_uniform(1e-2, 100) if r < 0.85 else 1.0)
        ab = clean_beta(s, a, b)
        if ab is None:
            continue
        at, bt = ab
        r = rng.random()
        C = rng.randint(1, 20) if r < 0.25 else (10 ** rng.randint(1, 9) if r < 0.4 else int(s.log_uniform(1, 1e9)))
        values = []
        for dps in (M2_DPS, M2_DPS_CHECK):
            mp.dps = dps
            values.append(tail_mass(mpf(at), mpf(bt), C))
        mp.dps = DPS
        lo, hi = values
        rows.append(('tail-mass', ' '.join(['--alpha', at, '--beta', bt, '--capacity', str(C)]), 'value', 'value',
                     mpmath.nstr(hi, PRINT_DIGITS, min_fixed=1, max_fixed=0), str(min(agree_digits(lo, hi), M2_DPS - 4))))
        print('M2 row %d: alpha %s beta %s C %d' % (i, at, bt, C), flush=True)
    return rows


def agree_digits(x, y):
    if x == y:
        return MAX_TRUSTED
    if x == 0 or y == 0:
        return 0
    return max(0, min(MAX_TRUSTED, int(math.floor(-float(mpmath.log10(abs(x - y) / abs(y)))))))


def evaluate(fn):
    """(expect, reference text, trusted digits) from two precisions."""
    results = []
    for dps in (DPS, DPS_CHECK):
        mp.dps = dps
        try:
            v = fn()
        except Domain as refused:
            mp.dps = DPS
            return ('domain:' + refused.option, '-', 0)
        results.append(v)
    mp.dps = DPS
    lo, hi = results
    if isinstance(lo, tuple):  # ('log', ln value): classify by magnitude
        l_lo, l_hi = lo[1], hi[1]
        log10v = float(l_hi / mpmath.log(10))
        if log10v > MPFR_LOG10_LIMIT * 0.999:
            return ('overflow', '-', 0) if log10v > MPFR_LOG10_LIMIT * 1.001 else None
        if log10v < -MPFR_LOG10_LIMIT * 0.999:
            return ('underflow', '-', 0) if log10v < -MPFR_LOG10_LIMIT * 1.001 else None
        mp.dps = DPS_CHECK
        v_hi = mpmath.exp(l_hi)
        mp.dps = DPS
        v_lo = mpmath.exp(l_lo)
        # the log's absolute agreement is the value's relative agreement
        trusted = min(agree_digits(v_lo, v_hi), MAX_TRUSTED)
        return 'value', mpmath.nstr(v_hi, PRINT_DIGITS, min_fixed=1, max_fixed=0), trusted
    trusted = agree_digits(lo, hi)
    return 'value', mpmath.nstr(hi, PRINT_DIGITS, min_fixed=1, max_fixed=0) if hi != 0 else '0', trusted


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--points', type=int, default=160, help='points per quantity (scaled by its cost)')
    parser.add_argument('--m2-rows', type=int, default=M2_ROWS, help='rows of the exact tail-mass (M2)')
    parser.add_argument('--m2-from', help='reuse the M2 rows of this table (same seed) instead of recomputing them')
    parser.add_argument('--out', default=os.path.join(HERE, 'theory_sweep.tsv'))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    rows = []
    for quantity in QUANTITIES:
        count = max(8, int(args.points * WEIGHT.get(quantity, 1.0)))
        made = 0
        attempts = 0
        while made < count and attempts < 20 * count:
            attempts += 1
            s = Sampler(rng, exact_doubles=(made % 2 == 0))
            mp.dps = DPS
            drawn = draw(s, quantity)
            if drawn is None:
                continue
            opts, outputs = drawn
            produced = []
            for name, fn in outputs:
                got = evaluate(fn)
                if got is None:
                    produced = None
                    break
                produced.append((name,) + got)
            if not produced:
                continue
            for name, expect, ref, trusted in produced:
                rows.append((quantity, ' '.join(opts), name, expect, ref, str(trusted)))
            made += 1
    if args.m2_from:
        # The M2 rows of an earlier run with the same seed (they come from their
        # own random stream, so they are the rows this run would compute).
        with open(args.m2_from) as f:
            rows += [tuple(l.rstrip('\n').split('\t')) for l in f
                     if l.startswith('tail-mass\t') and '--asymptotic' not in l and '\tvalue\tvalue\t' in l
                     and '--capacity' in l and not any(l.split('\t')[1] == o for _, o, _ in DOMAIN_ROWS)]
    else:
        rows += m2_rows(args.seed, args.m2_rows)
    for quantity, options, outputs in fixed_rows():
        for name, fn in outputs:
            got = evaluate(fn)
            if got is not None:
                rows.append((quantity, options, name) + (got[0], got[1], str(got[2])))
    for quantity, options, option in DOMAIN_ROWS:
        rows.append((quantity, options, 'value', 'domain:' + option, '-', '0'))
    with open(args.out, 'w') as out:
        out.write('# Randomized oracle sweep of `sklaws theory` (mpmath at %d and %d digits), written by\n' % (DPS, DPS_CHECK))
        out.write('#   /usr/bin/python3 tests/oracle/theory_sweep_oracle.py --seed %d --points %d --m2-rows %d\n'
                  % (args.seed, args.points, args.m2_rows))
        out.write('# (tail-mass without --asymptotic, M2: mpmath at %d and %d digits)\n' % (M2_DPS, M2_DPS_CHECK))
        out.write('# seed: %d\n' % args.seed)
        out.write('quantity\toptions\toutput\texpect\treference\ttrusted_digits\n')
        for r in rows:
            out.write('\t'.join(r) + '\n')
    print('%d rows -> %s' % (len(rows), args.out))


if __name__ == '__main__':
    main()
