#!/usr/bin/python3
"""Baseline for bench_fitting_chinchilla: the Besiroglu et al. (2024) joint-law
fit done with scipy, on the same data and the same 4500-start grid.

Objective: sum_i scipy.special.huber(1e-3, log L_i - LSE(e - a log N_i,
f - b log D_i, eps)), minimised by scipy.optimize.minimize(method="L-BFGS-B")
from every grid point; best objective among successful starts kept. The
baseline gets the analytic gradient (jac=True), which makes it faster than
Besiroglu's finite-difference original — a harder baseline — and tolerances
tight enough that the best objective is exact to ~1e-10 relative.

Usage: fitting_chinchilla_scipy.py CSV [EXCLUDE_TOP=5]
Prints one line: "seconds=<wall> objective=<best> E=.. A=.. B=.. a=.. b=.. starts=.. converged=..".
"""
import csv
import itertools
import sys
import time

import numpy as np
from scipy.optimize import minimize
from scipy.special import huber, logsumexp

DELTA = 1e-3


def load(path, exclude_top):
    with open(path, newline="") as f:
        rows = [r for r in csv.DictReader(f)]
    n = np.array([float(r["Model Size"]) for r in rows])
    c = np.array([float(r["Training FLOP"]) for r in rows])
    loss = np.array([float(r["loss"]) for r in rows])
    d = c / (6.0 * n)
    if exclude_top > 0:
        keep = loss < np.sort(loss)[::-1][exclude_top - 1]
        n, d, loss = n[keep], d[keep], loss[keep]
    return np.log(n), np.log(d), np.log(loss)


def objective(theta, log_n, log_d, log_l):
    e, f, eps, a, b = theta
    terms = np.stack([e - a * log_n, f - b * log_d, np.full_like(log_n, eps)])
    m = logsumexp(terms, axis=0)
    r = log_l - m
    w = np.exp(terms - m)  # softmax weights
    h = -np.clip(r, -DELTA, DELTA)
    grad = np.array([np.sum(h * w[0]), np.sum(h * w[1]), np.sum(h * w[2]),
                     -np.sum(h * w[0] * log_n), -np.sum(h * w[1] * log_d)])
    return np.sum(huber(DELTA, r)), grad


def main():
    path = sys.argv[1]
    exclude_top = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    log_n, log_d, log_l = load(path, exclude_top)
    grid = itertools.product([0, 5, 10, 15, 20, 25], [0, 5, 10, 15, 20, 25],
                             [-1, -0.5, 0, 0.5, 1], [0, 0.5, 1, 1.5, 2], [0, 0.5, 1, 1.5, 2])
    t0 = time.perf_counter()
    best, starts, converged = None, 0, 0
    for start in grid:
        starts += 1
        res = minimize(objective, np.array(start, dtype=float), args=(log_n, log_d, log_l), jac=True,
                       method="L-BFGS-B", options={"ftol": 1e-15, "gtol": 1e-15, "maxiter": 2000})
        if res.success:
            converged += 1
            if best is None or res.fun < best.fun:
                best = res
    seconds = time.perf_counter() - t0
    e, f, eps, a, b = best.x
    print(f"seconds={seconds:.4f} objective={best.fun:.15g} E={np.exp(eps):.10g} A={np.exp(e):.10g} "
          f"B={np.exp(f):.10g} a={a:.10g} b={b:.10g} starts={starts} converged={converged}")


if __name__ == "__main__":
    main()
