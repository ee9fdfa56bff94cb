"""Shared helpers of the Python module's tests (run by ctest through
python/tests/CMakeLists.txt, which sets PYTHONPATH to the build's package and
SKLAWS_BINARY / SKLAWS_ORACLE_DIR)."""
import csv
import json
import os
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

SKLAWS = os.environ.get("SKLAWS_BINARY", "sklaws")
ORACLE_DIR = Path(os.environ.get("SKLAWS_ORACLE_DIR", Path(__file__).resolve().parents[2] / "tests" / "oracle"))


def run_cli(*words, check=True):
    """`sklaws <words>`: (exit status, stdout, stderr)."""
    result = subprocess.run([SKLAWS, *map(str, words)], capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"sklaws {' '.join(map(str, words))} exited {result.returncode}: {result.stderr}")
    return result.returncode, result.stdout, result.stderr


def cli_json(*words):
    return json.loads(run_cli(*words, "--json")[1])


def package_oracle(alpha, beta, n, inputs):
    """(value, trusted digits) of K1 from tests/oracle/package.tsv (mpmath)."""
    with open(ORACLE_DIR / "package.tsv", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if (row["alpha"], row["beta"], row["n"], row["inputs"]) == (alpha, beta, n, inputs):
                return Decimal(row["value"]), int(row["digits"])
    raise KeyError((alpha, beta, n, inputs))


def round_significant(value: Decimal, digits: int) -> Decimal:
    """value rounded half-even to `digits` significant digits."""
    exponent = value.adjusted() - digits + 1
    return value.quantize(Decimal(1).scaleb(exponent))


@pytest.fixture(scope="session")
def sklaws_module():
    import sklaws

    return sklaws


@pytest.fixture
def sigint_raises():
    """SIGINT raising KeyboardInterrupt, as in an interactive session, even
    when the test runner was started with SIGINT ignored (a background job)."""
    import signal

    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)
