#!/usr/bin/python3
"""Baseline for bench_theory_redundancy: docs/theory.md R1 literally in numpy
float64 (K4 block counts by the one-step recursion, K3 law by its recursion,
two h-sums per n), O(n^2). Prints its own time for n = 0..2000."""
import math
import time

import numpy as np
from scipy.special import digamma

alpha, beta, M, V, n_max = 0.5, 1.0, 1e4, 100.0, 2000
start = time.perf_counter()
cost = math.log(M) + math.log(V)
entropy = digamma(beta + 1) - digamma(1 - alpha)
law = np.zeros(n_max + 2)
law[1] = 1.0
blocks = np.zeros(n_max + 2)  # index j
blocks[1] = 1.0
out = [cost - entropy]


def h(p):
    return np.where(p > 0, -p * np.log(np.where(p > 0, p, 1.0)), 0.0)


for n in range(1, n_max + 1):
    bn = beta + n
    j = np.arange(1, n + 1)
    k = np.arange(0, n + 1)
    q = (beta + k * alpha) / bn
    val = np.sum(blocks[1:n + 1] * h((j - alpha) / bn)) + np.sum(law[:n + 1] * h(q))
    out.append(val - entropy + np.sum(law[:n + 1] * q) * cost)
    # advance n -> n+1
    p_new = np.sum(law[:n + 1] * q)
    stay = 1 - (j - alpha) / bn
    new_blocks = np.zeros_like(blocks)
    new_blocks[1:n + 1] = blocks[1:n + 1] * stay
    new_blocks[2:n + 2] += blocks[1:n + 1] * (j - alpha) / bn
    new_blocks[1] += p_new
    blocks = new_blocks
    new_law = np.zeros_like(law)
    new_law[:n + 1] = law[:n + 1] * (n - k * alpha) / bn
    new_law[1:n + 2] += law[:n + 1] * q
    law = new_law
elapsed = (time.perf_counter() - start) * 1000
print(f"  python literal n = {n_max}: {elapsed:.0f} ms  (r_{n_max} = {out[-1]:.12g}; extrapolated x2500 to n = 1e5: {elapsed * 2500 / 1000:.0f} s)")
