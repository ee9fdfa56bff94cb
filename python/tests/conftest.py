"""Shared helpers of the Python module's tests (run by ctest through
python/tests/CMakeLists.txt, which sets PYTHONPATH to the build's package and
SKLAWS_BINARY / SKLAWS_ORACLE_DIR)."""
import csv
import json
import os
import signal
import subprocess
import threading
import time
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


# Ctrl-C must stop a long call within this many seconds of the signal's
# delivery. Generous (the machine may be loaded), and still far below the
# >= 60 s the interrupted calls would take to finish on their own, so a call
# that ignores Ctrl-C fails.
INTERRUPT_BOUND = 10.0
UNINTERRUPTED_AT_LEAST = 60.0


def seconds_to_interrupt(call, delay=0.5):
    """Runs call() with SIGINT sent to this process `delay` s after it starts;
    expects KeyboardInterrupt and returns the seconds from the signal's
    delivery to the exception reaching Python."""
    sent = []

    def send():
        sent.append(time.monotonic())
        os.kill(os.getpid(), signal.SIGINT)

    timer = threading.Timer(delay, send)
    timer.start()
    try:
        with pytest.raises(KeyboardInterrupt):
            call()
        stopped = time.monotonic()
    finally:
        timer.cancel()
        timer.join()
    assert sent, "the call ended in KeyboardInterrupt before the signal was sent"
    return stopped - sent[0]


def size_taking(call, seconds, small, large):
    """The size at which call(size) would take `seconds` (wall clock, at this
    machine's load), from the times of call(small) and call(large) on a line
    t = t0 + slope * size; 1.5 times that, for margin."""
    def timed(size):
        start = time.monotonic()
        call(size)
        return time.monotonic() - start

    # A call whose fixed cost dominates at these sizes (the Chinchilla grid's
    # 3125 starts at 16 and 64 rows: 1.70 s and 1.67 s on a loaded machine)
    # gives a slope within the noise, even negative: the larger size grows
    # fourfold until its time clearly exceeds the smaller one's.
    t_small = timed(small)
    t_large = timed(large)
    while t_large < 1.5 * t_small and large < 4096 * small:
        large *= 4
        t_large = timed(large)
    slope = (t_large - t_small) / (large - small)
    assert slope > 0, (small, t_small, large, t_large)  # the work grows with the size
    t0 = max(0.0, t_small - slope * small)
    return int(1.5 * (seconds - t0) / slope) + 1
