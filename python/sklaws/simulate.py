"""Every Monte Carlo experiment of ``sklaws simulate`` as a function.

Made by the C++ extension from the experiment registry the command and the
report use, so this module lists no names: ``__all__`` holds what the build
has. Each returns the dict ``sklaws simulate <name> --json`` prints, with each
figure's series' ``x``, ``y`` and ``se`` as numpy float arrays (NaN where the
JSON has null).

    >>> r = sklaws.simulate.tables(alpha=0.5, beta=1.0, n=[10, 100], seed=3)
    >>> r["all_pass"], [c["z"] for c in r["checks"]]
"""
import functools

from ._sklaws import simulate as _simulate

try:
    import numpy as _np
except ImportError:  # the module works without numpy; series stay lists
    _np = None


def _with_arrays(result):
    if _np is not None:
        for figure in result.get("figures", []):
            for series in figure.get("series", []):
                for key in ("x", "y", "se"):
                    if key in series:
                        series[key] = _np.array([_np.nan if v is None else v for v in series[key]], dtype=float)
    return result


def _wrap(function):
    @functools.wraps(function)
    def run(**parameters):
        return _with_arrays(function(**parameters))

    return run


__all__ = list(_simulate.__all__)
globals().update({name: _wrap(getattr(_simulate, name)) for name in __all__})
