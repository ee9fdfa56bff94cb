#!/usr/bin/python3
"""mpmath oracle for S1's per-token syntax redundancy r_n at large n (1e5 <= n <= 1e15).

Writes theory_syntax_large_n.tsv next to this file:
  S  a  n  low  high
rigorous bounds [low, high] on r_n = E[g(a+k)] - g(Sa+n), g(x) = psi(x+1) - ln x,
k ~ BetaBinomial(n, a+1, (S-1)a) (theory/include/sklaws/theory/dirichlet_multinomial.hpp,
S1 per-token; the identity is checked here against the literal R_{n+1} - R_n of S1's
BetaBinomial sums at n = 30). Method (mpmath, 60 digits; independent of the C++
large-n form, which expands g in 16 inverse factorial terms):
  * n <= NDIRECT: the whole sum over k = 0..n with the pmf from log-gamma functions
    (low = high up to 1e-40);
  * else the first KMAX terms directly, and the rest bracketed with the enveloping
    Stirling series of g,
      1/(2x) - x^-2/12 + x^-4/120 - x^-6/252 < g(x) < 1/(2x) - x^-2/12 + x^-4/120,
    and x^-2 between phi_2 - phi_3 + 2 phi_4 and phi_2 - phi_3, x^-4 in (0, phi_4),
    x^-6 in (0, phi_6), phi_r(x) = 1/(x(x-1)...(x-r+1)) (x >= KMAX), whose sums over
    all k are finite products (Chu-Vandermonde, checked here by direct summation at
    n = 40): E[phi_r(a+k)] = phi_r(a) (Sa+1-r)_n / (Sa+1)_n, minus the first KMAX terms.
    At an integer prior a <= 15 phi_r(a) has a pole that the first terms cancel: the
    bracket is computed at a + 1e-25 (a change of r_n far below 1e-20 relative, added
    to the width) at 60 digits.
Run: /usr/bin/python3 tests/oracle/theory_syntax_large_n_oracle.py
"""
import os

import mpmath as mp

HERE = os.path.dirname(os.path.abspath(__file__))
NDIRECT = 200000
KMAX = 20000
mp.mp.dps = 60


def g(x):
    return mp.digamma(x + 1) - mp.log(x)


def log_pmf(n, k, A, B):
    return (mp.loggamma(n + 1) - mp.loggamma(k + 1) - mp.loggamma(n - k + 1) + mp.loggamma(A + k) + mp.loggamma(B + n - k)
            - mp.loggamma(A + B + n) - mp.loggamma(A) - mp.loggamma(B) + mp.loggamma(A + B))


def phi(r, x):
    p = mp.mpf(1)
    for j in range(r):
        p *= x - j
    return 1 / p


def phi_mean(r, a, S, n):
    C = S * a + 1
    ratio = mp.mpf(1)
    for i in range(r):
        ratio *= (C - r + i) / (C - r + i + n)
    return phi(r, a) * ratio


def check_identities():
    # r_n = R_{n+1} - R_n with S1's R_N = E[-log m] - N(psi(Sa+1) - psi(a+1)).
    S, a, n = 5, mp.mpf('0.7'), 30

    def R(N):
        if N == 0:
            return mp.mpf(0)
        A, B = a, (S - 1) * a
        e = sum(mp.exp(log_pmf(N, k, A, B)) * (mp.loggamma(a + k) - mp.loggamma(a)) for k in range(N + 1))
        return mp.loggamma(S * a + N) - mp.loggamma(S * a) - S * e - N * (mp.digamma(S * a + 1) - mp.digamma(a + 1))

    direct = sum(mp.exp(log_pmf(n, k, a + 1, (S - 1) * a)) * g(a + k) for k in range(n + 1)) - g(S * a + n)
    assert abs(direct - (R(n + 1) - R(n))) < mp.mpf(10) ** -40, (direct, R(n + 1) - R(n))
    # Chu-Vandermonde: E[phi_r(a+k)] in closed form.
    n = 40
    for r in range(1, 7):
        lit = sum(mp.exp(log_pmf(n, k, a + 1, (S - 1) * a)) * phi(r, a + k) for k in range(n + 1))
        assert abs(lit / phi_mean(r, a, S, n) - 1) < mp.mpf(10) ** -40, r


def bounds(S, a_text, n):
    a = mp.mpf(a_text)
    A, B = a + 1, (S - 1) * a
    last = g(S * a + n)
    if n <= NDIRECT:
        p = mp.exp(log_pmf(n, 0, A, B))
        s = mp.mpf(0)
        for k in range(n + 1):
            s += p * g(a + k)
            if k < n:
                p *= mp.mpf(n - k) * (A + k) / ((k + 1) * (B + n - k - 1))
        v = s - last
        w = abs(v) * mp.mpf(10) ** -40
        return v - w, v + w
    shift = mp.mpf(0)
    if a == int(a) and a <= 15:
        shift = mp.mpf(10) ** -25
    ap = a + shift
    Ap, Bp = ap + 1, (S - 1) * ap
    head = mp.mpf(0)
    head_phi = {r: mp.mpf(0) for r in (1, 2, 3, 4, 6)}
    p0 = mp.exp(log_pmf(n, 0, Ap, Bp))
    p = p0
    for k in range(KMAX):
        if k % 1000 == 0:
            p = mp.exp(log_pmf(n, k, Ap, Bp))  # fresh from log-gamma every 1000 steps
        x = ap + k
        if shift == 0:
            head += p * g(x)
        for r in head_phi:
            head_phi[r] += p * phi(r, x)
        p *= mp.mpf(n - k) * (Ap + k) / ((k + 1) * (Bp + n - k - 1))
    if shift != 0:
        # the exact head at a itself (no pole there: g is smooth)
        p = mp.exp(log_pmf(n, 0, A, B))
        for k in range(KMAX):
            if k % 1000 == 0:
                p = mp.exp(log_pmf(n, k, A, B))
            head += p * g(a + k)
            p *= mp.mpf(n - k) * (A + k) / ((k + 1) * (B + n - k - 1))
    T = {r: phi_mean(r, ap, S, n) - head_phi[r] for r in head_phi}
    low = head + T[1] / 2 - (T[2] - T[3] + 2 * T[4]) / 12 - T[6] / 252 - last
    high = head + T[1] / 2 - (T[2] - T[3]) / 12 + T[4] / 120 - last
    slack = abs(high) * mp.mpf(10) ** -20 if shift != 0 else mp.mpf(0)
    return low - slack, high + slack


POINTS = [
    # S, a, n: both sides of the switch at 1e5, decades to 1e15, priors tiny to large, integers (pole case)
    (2, '0.05', 100000), (8, '1', 100000), (8, '1', 100001), (50, '2', 100001), (3, '0.001', 100001),
    (8, '0.5', 100000000), (8, '1', 100000000), (2, '0.05', 10000000000), (50, '2', 10000000000),
    (8, '1', 1000000000000), (20, '3.7', 1000000000000), (3, '0.001', 1000000000000),
    (8, '1', 1000000000000000), (2, '0.05', 1000000000000000), (50, '0.5', 1000000000000000),
    (4, '10', 1000000000000000),
]


def main():
    check_identities()
    path = os.path.join(HERE, 'theory_syntax_large_n.tsv')
    with open(path, 'w') as out:
        out.write('# S\ta\tn\tlow\thigh  (rigorous bounds on S1 per-token r_n, mpmath 60 digits; '
                  'tests/oracle/theory_syntax_large_n_oracle.py)\n')
        for S, a, n in POINTS:
            low, high = bounds(S, a, n)
            assert low <= high, (S, a, n, low, high)
            out.write('%d\t%s\t%s\t%s\t%s\n' % (S, a, mp.nstr(mp.mpf(n), 16), mp.nstr(low, 30), mp.nstr(high, 30)))
            out.flush()
            print(S, a, n, mp.nstr(low, 20), mp.nstr(high, 20), mp.nstr((high - low) / high, 3), flush=True)


if __name__ == '__main__':
    main()
