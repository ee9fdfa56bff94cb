"""Every ``sklaws fit`` form as a function: power laws, the Chinchilla joint
law, Pitman-Yor (alpha, beta), ... (docs/theory.md §5).

Made from the command's form table, so this module lists no names:
``__all__`` holds the forms of the build. Each takes the data first — a
pandas DataFrame, a dict of columns (numpy arrays or lists), a numpy
structured array, or the path of a CSV file — then the command's options as
keyword arguments ('-' becomes '_'; column options name columns; a flag such
as ``no_offset=True``), and returns the dict ``sklaws fit --json`` prints:
one entry per parameter with ``estimate`` (and ``ci``/``se`` when
bootstrapped), the objective, the implied alpha and, for chinchilla, the
compute-optimal allocation.

    >>> df = pandas.read_csv("svg_extracted_data.csv")
    >>> fit = sklaws.fit.chinchilla(df, N="Model Size", flops="Training FLOP", loss="loss")
    >>> fit["a"]["estimate"], fit["implied_alpha"]

Options (from ``sklaws fit --help``)::

"""
import csv
import functools
import math
import os
import tempfile

from ._sklaws import _fit

__doc__ += "\n".join("    " + line for line in _fit.usage.splitlines())


def _columns(data):
    """{name: list of cells} for a DataFrame, dict or structured array."""
    if hasattr(data, "columns") and hasattr(data, "__getitem__"):  # pandas DataFrame
        return {str(name): list(data[name].tolist()) for name in data.columns}
    if hasattr(data, "dtype") and getattr(data.dtype, "names", None):  # numpy structured array
        return {name: data[name].tolist() for name in data.dtype.names}
    if isinstance(data, dict):
        return {str(k): (v.tolist() if hasattr(v, "tolist") else list(v)) for k, v in data.items()}
    raise TypeError("data must be a pandas DataFrame, a dict of columns, a numpy structured array or a CSV path, "
                    f"got {type(data).__name__}")


def _cell(value):
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else str(value)
    return str(value)


def _write_csv(columns, path):
    lengths = {len(v) for v in columns.values()}
    if len(lengths) > 1:
        raise ValueError(f"columns have different lengths: { {k: len(v) for k, v in columns.items()} }")
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(columns.keys())
        for row in zip(*columns.values()):
            writer.writerow(_cell(v) for v in row)


def _make(name):
    form_function = getattr(_fit, name)

    @functools.wraps(form_function)
    def fit(data, **options):
        if isinstance(data, (str, os.PathLike)):
            return form_function(os.fspath(data), **options)
        with tempfile.TemporaryDirectory(prefix="sklaws-fit-") as directory:
            path = os.path.join(directory, "data.csv")
            _write_csv(_columns(data), path)
            try:
                result = form_function(path, **options)
            except ValueError as error:  # name the data, not the temporary file
                raise type(error)(str(error).replace(path, "<data>")) from None
        result["file"] = "<data>"
        return result

    fit.__doc__ = (f"{name}(data, **options)\n\nThe `sklaws fit --form {_fit.forms[_fit.__all__.index(name)]}` fit "
                   "of data (DataFrame, dict of columns, structured array or CSV path) with the command's options "
                   "as keyword arguments; returns the dict `--json` prints. Bad input raises ValueError with the "
                   "command's message.\n\n" + _fit.usage)
    return fit


__all__ = list(_fit.__all__)
globals().update({name: _make(name) for name in __all__})
