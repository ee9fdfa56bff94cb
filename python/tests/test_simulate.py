"""sklaws.simulate: every experiment identical to `sklaws simulate --json`,
parameters as keyword arguments (lists, numpy arrays), series as numpy
arrays, errors, thread-count determinism, concurrent calls and Ctrl-C."""
import json
import math
import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import sklaws
from conftest import run_cli

simulate = sklaws.simulate
FEW = 8  # replicates: identity with the CLI does not need statistics


def as_json(result):
    """The dict with numpy series back as JSON lists (NaN as null)."""
    def plain(value):
        if isinstance(value, np.ndarray):
            return [None if math.isnan(v) else float(v) for v in value.tolist()]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value
    return json.loads(json.dumps(plain(result)))


def cli_simulate(name, *words):
    status, out, err = run_cli("simulate", name, *words, "--json", "--quiet", check=False)
    assert status in (0, 3), err
    return json.loads(out)


@pytest.mark.parametrize("name", simulate.__all__)
def test_every_experiment_matches_the_cli(name):
    got = simulate.__dict__[name](seed=11, replicates=FEW)
    cli = cli_simulate(name.replace("_", "-"), "--seed", 11, "--replicates", FEW)
    assert as_json(got) == cli
    for figure in got["figures"]:
        for series in figure["series"]:
            for key in ("x", "y", "se"):
                assert isinstance(series[key], np.ndarray) and series[key].dtype == np.float64


def test_parameters_as_keywords_lists_and_arrays():
    got = simulate.tables(alpha=0.3, beta=2.0, n=np.array([10, 100]), seed=4, replicates=50)
    cli = cli_simulate("tables", "--alpha", 0.3, "--beta", 2.0, "--n", "10,100", "--seed", 4, "--replicates", 50)
    assert as_json(got) == cli
    assert got["parameters"]["alpha"] == 0.3 and got["parameters"]["n"] == [10, 100]
    assert as_json(simulate.tables(alpha=0.3, beta=2.0, n=[10, 100], seed=4, replicates=50)) == cli


def test_same_numbers_for_any_thread_count():
    one = simulate.p_new(seed=9, replicates=400, threads=1)
    two = simulate.p_new(seed=9, replicates=400, threads=2)
    assert as_json(one) == as_json(two)


def test_errors():
    with pytest.raises(TypeError):
        simulate.tables(gamma=1.0)
    with pytest.raises(ValueError) as info:
        simulate.tables(alpha=1.5, replicates=FEW)
    status, _, err = run_cli("simulate", "tables", "--alpha", 1.5, "--replicates", FEW, "--quiet", check=False)
    assert status == 2 and err.strip() == f"sklaws simulate: {info.value}"
    with pytest.raises(ValueError):
        simulate.tables(n="ten")
    with pytest.raises(ValueError):
        simulate.tables(replicates=1)


def test_concurrent_calls_from_python_threads():
    jobs = [dict(alpha=a, seed=s, replicates=100) for a in (0.2, 0.6) for s in (1, 2, 3)]
    sequential = [as_json(simulate.tables(**job)) for job in jobs]
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert [as_json(r) for r in pool.map(lambda job: simulate.tables(**job), jobs)] == sequential


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(), reason="signals need the main thread")
def test_ctrl_c_interrupts_a_long_run(sigint_raises):
    timer = threading.Timer(0.5, lambda: os.kill(os.getpid(), signal.SIGINT))
    start = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        # ~10 s of work; progress (where the cancellation is seen) comes every 1 %.
        simulate.tables(n=[10, 100, 1000, 10000], replicates=400_000, seed=1)
    elapsed = time.monotonic() - start
    timer.join()
    assert elapsed < 5.0, elapsed
    assert simulate.tables(replicates=FEW)["experiment"] == "tables"  # usable afterwards
