#!/usr/bin/python3
"""Baseline for bench/validation_crp.cpp: the same O(1) CRP urn sampler
(copy a uniformly chosen non-first customer's table, else a uniform table,
else a new table) in plain Python, the way one would write it without
sklaws. Prints one line:  ns_per_customer <cpu> wall_ns_per_customer <wall> tables <K>
(CPU time of this process: the bench machine is shared, and CPU time is
what contention distorts least; the C++ driver measures the same way).

usage: validation_crp_python.py --n N --alpha A --beta B [--seed S]
"""
import argparse
import random
import time


def crp_table_sizes(n, alpha, beta, seed):
    rand = random.Random(seed).random
    sizes = []
    nonfirst = []  # table of every non-first customer
    append = nonfirst.append
    for m in range(n):
        k = len(sizes)
        u = rand() * (beta + m)
        if m > 0 and u < m - k:
            t = nonfirst[int(u)]
        elif m > 0 and u < m - alpha * k:
            t = min(int((u - (m - k)) / (1.0 - alpha)), k - 1)
        else:
            sizes.append(1)
            continue
        sizes[t] += 1
        append(t)
    return sizes


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10**6)
    parser.add_argument("--alpha", type=float, default=0.5)
    parser.add_argument("--beta", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    start_cpu, start_wall = time.process_time(), time.perf_counter()
    sizes = crp_table_sizes(args.n, args.alpha, args.beta, args.seed)
    cpu, wall = time.process_time() - start_cpu, time.perf_counter() - start_wall
    assert sum(sizes) == args.n
    print("ns_per_customer %.3f wall_ns_per_customer %.3f tables %d"
          % (cpu / args.n * 1e9, wall / args.n * 1e9, len(sizes)))


if __name__ == "__main__":
    main()
