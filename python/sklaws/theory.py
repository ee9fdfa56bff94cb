"""Every ``sklaws theory`` quantity as a function (docs/theory.md §3).

The functions are made by the C++ extension from the command-line tool's own
quantity registry, so this module lists no names: ``__all__`` holds what the
build has, ``labels`` maps each function to its docs/theory.md label and
``outputs`` to the outputs it declares (a call returns those that apply to
the options given, whatever the values: ``None``, or NaN in an array, where
one is absent, e.g. R1's cumulative beyond n = 1e5).

    >>> import sklaws
    >>> sklaws.theory.expected_tables(0.5, 1.0, 1e6)            # double path
    2254.759180475277
    >>> sklaws.theory.expected_tables("0.37", "2.5", "1e15", digits=40)
    '1790470.635035755669547721039957159951032'
    >>> sklaws.theory.expected_tables_e(0.5, 1.0, 1e6).digits   # guaranteed
    15.0
"""
from ._sklaws import theory as _theory

__all__ = list(_theory.__all__)
labels = dict(_theory.labels)
outputs = dict(_theory.outputs)
globals().update({name: getattr(_theory, name) for name in __all__})
