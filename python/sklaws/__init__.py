"""sklaws: the compression theory of LLM behaviour (arXiv:2504.09597), executable.

Submodules mirror the C++ libraries and the command-line tool:

* ``sklaws.theory``   — every ``sklaws theory`` quantity: closed forms with
  guaranteed digits, in double (floats in, float out) or to any number of
  digits (decimal strings or ``digits=D`` in, ``str`` out), over numpy arrays
  in one call. ``help(sklaws.theory.expected_tables)`` gives label, domain and
  accuracy; ``docs/theory.md`` the mathematics.

* ``sklaws.simulate`` — every Monte Carlo experiment of ``sklaws simulate``,
  returning the fields of ``simulate --json`` (series as numpy arrays).

* ``sklaws.fit``      — every ``sklaws fit`` form on a DataFrame, dict of
  columns or CSV file, returning the fields of ``fit --json``.

* ``sklaws.report(out=..., config=..., quick=...)`` — ``sklaws report``
  in-process: the validation report, its exit status and report.json.

Errors: ``sklaws.DomainError`` and ``sklaws.UsageError`` (both ``ValueError``)
carry the command-line tool's messages; Ctrl-C interrupts long calls
(``KeyboardInterrupt``).
"""
from . import _sklaws
from ._sklaws import DomainError, Evaluation, RangeError, UsageError, __version__, report
from . import fit, simulate, theory

__all__ = ["theory", "simulate", "fit", "report", "Evaluation", "DomainError", "UsageError", "RangeError", "__version__"]
