# %% [markdown]
# # sklaws from Python: fit Chinchilla, then the theory's curves
#
# This example (the same code as `chinchilla_k1_m2.ipynb`) fits the Chinchilla
# joint scaling law `L(N, D) = E + A N^-a + B D^-b` to the published training
# runs (Hoffmann et al. 2022, as extracted by Besiroglu et al. 2024), reads the
# Pitman-Yor discount alpha implied by the fitted exponents (docs/theory.md X1),
# and evaluates two curves of the theory at that alpha: Heaps' law E[K_n] (K1)
# and the missing mass E[T_C] of a capacity-C model (M2 exact where the build
# has it, and the M1 asymptote), plotted with matplotlib.
#
# Run it with the build's package on the path:
# `PYTHONPATH=build/python python3 examples/chinchilla_k1_m2.py [output-dir]`.

# %%
import os
import sys
from pathlib import Path

import matplotlib

if "ipykernel" not in sys.modules:
    matplotlib.use("Agg")  # a script writes files; a notebook shows the figures
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import sklaws


def find_shared():
    """../shared (the real scaling-law data), from SKLAWS_SHARED_DIR or above the working directory."""
    if os.environ.get("SKLAWS_SHARED_DIR"):
        return Path(os.environ["SKLAWS_SHARED_DIR"])
    for directory in [Path.cwd(), *Path.cwd().resolve().parents]:
        candidate = directory / "shared"
        if (candidate / "data" / "external").is_dir():
            return candidate
    return None


out_dir = Path(os.environ.get("SKLAWS_EXAMPLE_OUT", "."))
out_dir.mkdir(parents=True, exist_ok=True)
print("sklaws", sklaws.__version__)

# %% [markdown]
# ## 1. The Chinchilla fit
#
# `sklaws.fit.chinchilla` takes the DataFrame and the column names, with the
# options of `sklaws fit --form chinchilla` (here D = C/(6N) from the FLOP
# column), and returns what `sklaws fit --json` prints.

# %%
shared = find_shared()
csv = shared / "data" / "external" / "chinchilla-epoch" / "svg_extracted_data.csv" if shared else None
if csv is not None and csv.is_file():
    runs = pd.read_csv(csv)
    fit = sklaws.fit.chinchilla(runs, N="Model Size", flops="Training FLOP", loss="loss")
    for name in ("E", "A", "B", "a", "b"):
        print(f"{name:>2} = {fit[name]['estimate']:.6g}")
    print("implied alpha:", fit["implied_alpha"])
    a_M, a_D = fit["a"]["estimate"], fit["b"]["estimate"]
    # X1: alpha = 1 - a_D = 1/(1 + a_M); take the two readings' mean.
    alpha = 0.5 * (sklaws.theory.alpha_from(data_exponent=a_D) + sklaws.theory.alpha_from(model_exponent=a_M))
else:
    print(f"no Chinchilla data ({csv}); using alpha = 0.5")
    alpha = 0.5
beta = 1.0
print(f"alpha = {alpha:.6f}, beta = {beta}")

# %% [markdown]
# ## 2. Heaps' law K1 over twelve decades, in one call
#
# Floats in give floats out (the double path, ~1 ulp); a numpy array of n is
# evaluated in one call. `expected_tables_e` also returns the digits each
# value guarantees; a decimal string with `digits=D` gives D digits.

# %%
n = np.unique(np.round(np.logspace(0, 12, 300)))
K = sklaws.theory.expected_tables(alpha, beta, n)
guaranteed = sklaws.theory.expected_tables_e(alpha, beta, n).digits
print(f"E[K_1e12] = {K[-1]:.6g}, digits guaranteed >= {guaranteed.min():.0f}")
print("to 40 digits:", sklaws.theory.expected_tables(repr(alpha), repr(beta), "1e12", digits=40))

fig, ax = plt.subplots(figsize=(5, 3.5))
ax.loglog(n, K, label=r"K1 $E[K_n]$ (exact)")
ax.loglog(n, sklaws.theory.diversity_moment(alpha, beta, 1.0) * n ** alpha, "--", label=r"$E[S]\,n^\alpha$ asymptote")
ax.set_xlabel("tokens n")
ax.set_ylabel("distinct knowledge elements")
ax.legend()
fig.tight_layout()
fig.savefig(out_dir / "k1_heaps.png", dpi=120)

# %% [markdown]
# ## 3. Missing mass of a capacity-C model: M2 (exact) and M1 (asymptote)
#
# `tail_mass` is M2, the exact finite-C missing mass (a one-dimensional
# integral, docs/theory.md M2), with M1's asymptote beside it where that is a
# mass (M2 approaches it as C grows; `asymptotic=True` gives M1 alone).
# `model_exponent_local` is M2's local exponent a_M(C), whose limit is M1's
# (1 - alpha)/alpha.

# %%
C = np.unique(np.round(np.logspace(0, 4, 60)))
fig, ax = plt.subplots(figsize=(5, 3.5))
both = sklaws.theory.tail_mass(alpha, beta, C)
m1 = both["asymptotic"]  # M1, NaN where the asymptote is not a mass (>= 1)


def m2_exact(capacities):
    """M2's exact E[T_C] at an array of C: the result is a dict of arrays,
    "value" (M2) and "asymptotic" (M1 beside it, NaN where it is not a mass,
    i.e. not below 1); keep M2's values."""
    return sklaws.theory.tail_mass(alpha, beta, np.asarray(capacities, dtype=float))["value"]


m2 = m2_exact(C)
ax.loglog(C, m1, "--", label=r"M1 asymptote $E[T_C]$")
ax.loglog(C, m2, label=r"M2 exact $E[T_C]$")
print("E[T_C] at C = 1, 10, 100, 1000 (M2 exact):",
      [float(v) for v in m2_exact([1, 10, 100, 1000])])
ax.set_xlabel("capacity C (stored elements)")
ax.set_ylabel(r"missing mass $E[T_C]$")
ax.legend()
fig.tight_layout()
fig.savefig(out_dir / "m2_missing_mass.png", dpi=120)
print("model exponent a_M =", sklaws.theory.exponents(alpha)["model_exponent"],
      "; local a_M(1e4) =", sklaws.theory.model_exponent_local(alpha, beta, 1e4)["value"])
