"""What the mpmath oracle generators beside this file share: writing a table
next to them, whole or not at all, and rendering an mpf in plain decimal.
Imported by the generators (run as /usr/bin/python3 tests/oracle/<name>.py,
so this folder is on sys.path); nothing here computes a reference value."""
import os

import mpmath as mp

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, header, rows):
    """tests/oracle/<name>: the header line, then rows tab-separated, through a
    temporary file so that an interrupted run leaves the old table."""
    path = os.path.join(HERE, name)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(header + "\n")
        for r in rows:
            f.write("\t".join(str(x) for x in r) + "\n")
    os.replace(tmp, path)


def fixed(x, d):
    """x to d significant digits, never in exponent form (strings pass through)."""
    return mp.nstr(x, d, strip_zeros=False, min_fixed=-mp.inf, max_fixed=mp.inf) if isinstance(x, mp.mpf) else str(x)
