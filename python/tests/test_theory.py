"""sklaws.theory: values against the mpmath oracle and identical to the CLI,
numpy inputs, exceptions, docstrings, concurrent calls and Ctrl-C."""
import decimal
import inspect
import os
import re
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import numpy as np
import pytest

import sklaws
from conftest import (INTERRUPT_BOUND, UNINTERRUPTED_AT_LEAST, cli_json, package_oracle, size_taking,
                      round_significant, run_cli, seconds_to_interrupt)

theory = sklaws.theory

# A valid value for every option name a quantity may declare (the CLI option
# names: one name per quantity everywhere). A quantity with an option missing
# here fails test_every_quantity_matches_the_cli, which names the option.
SAMPLE_OPTIONS = {
    "alpha": "0.5", "beta": "1.0", "n": "1000", "j": "3", "p": "2", "templates": "10", "prior": "0.5",
    "names": "1000000000", "values": "1000000", "capacity": "20", "weight": "0.001", "noise": "0.1",
    "data-exponent": "0.5", "model-exponent": "1.5",
    "threshold": "0.5", "capacity-weight": "0.002", "k": "10", "epsilon": "0.01", "prior-counts": "2,1.5,1",
    "new-target": "0.25,0.25,0.5", "old-weight": "0.01", "new-weight": "0.03", "kappa-syntax": "50",
    "kappa-element": "20", "elements": "4", "replicates": "20", "seed": "1", "z": "3",
    "compute": "1e20", "model-amplitude": "406.4", "data-amplitude": "410.7",
}

# An option that stands for others of the same quantity (compute-optimal:
# --alpha instead of --model-exponent and --data-exponent) is left out when
# the quantity also declares those.
INSTEAD_OF = {"alpha": ("model-exponent", "data-exponent")}


def usage_options(quantity):
    """The option names of `sklaws theory <quantity> --help`, required ones first-class."""
    _, out, _ = run_cli("theory", quantity, "--help")
    usage = next(line for line in out.splitlines() if line.startswith("Usage: "))
    alternatives = "|" in usage
    names = re.findall(r"(\[?)--([a-z0-9-]+)(?: ([A-Z]+))?", usage.split(quantity, 1)[1])
    options = []
    for optional, name, metavar in names:
        if name in ("digits", "json"):
            continue
        options.append((name, bool(metavar), not optional and not alternatives))
    return options, alternatives


def quantity_names():
    return sorted({name[:-2] if name.endswith("_e") else name for name in theory.__all__})


def test_k1_double_path_is_the_double_nearest_the_oracle():
    value = theory.expected_tables(0.5, 1.0, 1e6)
    assert isinstance(value, float)
    expected, trusted = package_oracle("0.5", "1.0", "1e6", "double")
    assert trusted >= 17
    # ~1 ulp in double (docs/theory.md K1); and 2254.75918047528 to 15 digits.
    assert abs(Decimal(value) - expected) <= 2 * Decimal(np.spacing(value))
    assert f"{value:.15g}" == "2254.75918047528"


def test_k1_forty_digits_agree_with_mpmath():
    value = theory.expected_tables("0.37", "2.5", "1e15", digits=40)
    assert isinstance(value, str)
    expected, trusted = package_oracle("0.37", "2.5", "1e15", "decimal")
    assert trusted >= 45
    with decimal.localcontext() as ctx:
        ctx.prec = 100
        assert Decimal(value) == round_significant(expected, 40), (value, expected)
        assert len(value.replace(".", "").lstrip("0")) == 40
    e = theory.expected_tables_e("0.37", "2.5", "1e15", digits=40)
    assert e.value == value and e.digits == 40 and e.label == "K1" and e.error is None


def test_more_oracle_points_in_both_modes():
    with decimal.localcontext() as ctx:
        ctx.prec = 100
        for alpha, beta, n in [("0.25", "0.5", "1e12"), ("0.9", "10", "123456"), ("0.5", "1.0", "1000")]:
            expected, _ = package_oracle(alpha, beta, n, "decimal")
            assert Decimal(theory.expected_tables(alpha, beta, n, digits=50)) == round_significant(expected, 50)
            expected_double, _ = package_oracle(alpha, beta, n, "double")
            e = theory.expected_tables_e(float(alpha), float(beta), float(n))
            assert e.value == theory.expected_tables(float(alpha), float(beta), float(n))
            # The returned bound holds, and shows at least 14 digits.
            assert abs(Decimal(e.value) - expected_double) <= Decimal(e.error), (alpha, beta, n, e)
            assert e.digits >= 14, (alpha, beta, n, e)


def cli_words(quantity, options, alternatives):
    words = []
    declared = {name for name, _, _ in options}
    for name, has_value, _ in options:
        if not has_value:
            continue  # flags are exercised separately
        if name in INSTEAD_OF and declared.issuperset(INSTEAD_OF[name]):
            continue
        if name not in SAMPLE_OPTIONS:
            pytest.fail(f"test_theory.SAMPLE_OPTIONS has no value for --{name} (used by {quantity})")
        words += [f"--{name}", SAMPLE_OPTIONS[name]]
        if alternatives:
            break  # one side of "--x X | --y Y"
    return words


@pytest.mark.parametrize("quantity", [q.replace("_", "-") for q in quantity_names()])
def test_every_quantity_matches_the_cli(quantity):
    options, alternatives = usage_options(quantity)
    words = cli_words(quantity, options, alternatives)
    kwargs = {words[i][2:].replace("-", "_"): words[i + 1] for i in range(0, len(words), 2)}
    function = getattr(theory, quantity.replace("-", "_"))
    function_e = getattr(theory, quantity.replace("-", "_") + "_e")
    for digits in (15, 30):
        cli = cli_json("theory", quantity, *words, "--digits", digits)
        got = function_e(**kwargs, digits=digits)
        outputs = got if isinstance(got, dict) else {"value": got}
        assert set(outputs) <= set(theory.outputs[quantity.replace("-", "_")])
        for name, evaluation in outputs.items():
            key = name.replace("_", "-")
            if evaluation is None:  # declared, absent at these values
                assert key not in cli, (quantity, name)
                continue
            digits_key = "digits" if key == "value" else f"{key}_digits"
            assert evaluation.value == cli[key], (quantity, name, digits)
            assert evaluation.digits == cli[digits_key], (quantity, name, digits)
            assert evaluation.label == cli["label"]
        plain = function(**kwargs, digits=digits)
        assert plain == ({k: v and v.value for k, v in got.items()} if isinstance(got, dict) else got.value)
    # Numbers in: the double path, whose 15-digit rendering is the CLI's.
    # (text options such as a list of template weights stay text)
    numeric = {k: (v if "," in v else float(v) if "." in v or "e" in v else int(v)) for k, v in kwargs.items()}
    if any(isinstance(v, str) for v in numeric.values()):
        return  # a text input (a list) takes the multiprecision path, like any string
    cli = cli_json("theory", quantity, *words, "--digits", 15)
    got = function(**numeric)
    outputs = got if isinstance(got, dict) else {"value": got}
    for name, value in outputs.items():
        if value is None:
            continue
        assert isinstance(value, float)
        assert Decimal(f"{value:.14e}") == Decimal(cli[name.replace("_", "-")]), (quantity, name)


@pytest.mark.parametrize("quantity", [q.replace("_", "-") for q in quantity_names()])
def test_every_quantity_takes_a_grid(quantity):
    """`--opt v,v` on a numeric option: a JSON array of two objects, each the single-point one; --csv a table."""
    options, alternatives = usage_options(quantity)
    words = cli_words(quantity, options, alternatives)
    single = cli_json("theory", quantity, *words, "--digits", 15)
    numeric = next(i for i in range(1, len(words), 2) if "," not in words[i])
    grid_words = list(words)
    grid_words[numeric] = f"{words[numeric]},{words[numeric]}"
    grid = cli_json("theory", quantity, *grid_words, "--digits", 15)
    assert isinstance(grid, list) and len(grid) == 2, (quantity, grid_words)
    assert grid[0] == single and grid[1] == single, quantity
    _, csv_text, _ = run_cli("theory", quantity, *grid_words, "--digits", 15, "--csv")
    assert len(csv_text.splitlines()) == 3, (quantity, csv_text)


def test_flags_and_optional_options():
    exact = theory.syntax_redundancy(10, 0.5, 1000)
    asymptotic = theory.syntax_redundancy(10, 0.5, 1000, asymptotic=True)
    cli = cli_json("theory", "syntax-redundancy", "--templates", 10, "--prior", 0.5, "--n", 1000, "--asymptotic",
                   "--digits", 15)
    assert Decimal(f"{asymptotic['value']:.14e}") == Decimal(cli["value"])
    assert exact["value"] != asymptotic["value"]
    assert theory.syntax_redundancy_e(10, 0.5, 1000, asymptotic=True)["value"].label == "S2"
    noisy = theory.acquisition(0.01, 100, 10, noise=0.2)
    clean = theory.acquisition(0.01, 100, 10)
    assert noisy < clean


def test_numpy_arrays_in_one_call():
    n = np.array([1e2, 1e4, 1e6, 1e9, 1e12])
    values = theory.expected_tables(0.5, 1.0, n)
    assert isinstance(values, np.ndarray) and values.dtype == np.float64 and values.shape == n.shape
    assert list(values) == [theory.expected_tables(0.5, 1.0, float(x)) for x in n]
    grid = theory.expected_tables(np.array([[0.25], [0.5]]), 1.0, [10, 100, 1000])
    assert grid.shape == (2, 3)
    assert grid[1, 2] == theory.expected_tables(0.5, 1.0, 1000)
    strings = theory.expected_tables("0.5", "1.0", np.array(["1e6", "1e15"]), digits=30)
    assert strings.dtype == object and strings[1] == theory.expected_tables("0.5", "1.0", "1e15", digits=30)
    e = theory.expected_tables_e(0.5, 1.0, n)
    assert e.value.shape == n.shape and np.all(e.value == values) and np.all(e.digits >= 14) and np.all(e.error >= 0)
    multi = theory.knowledge_redundancy(0.5, 1.0, np.array([10, 100]), 1e9, 1e6)
    assert set(multi) == {"value", "cumulative", "averaged"} and multi["value"].shape == (2,)
    assert theory.p_new(0.5, 1.0, np.int64(1000)) == theory.p_new(0.5, 1.0, 1000)


def test_pandas_series_input():
    pd = pytest.importorskip("pandas")
    n = pd.Series([10, 100, 1000], name="n")
    assert list(theory.expected_tables(0.5, 1.0, n)) == [theory.expected_tables(0.5, 1.0, x) for x in (10, 100, 1000)]


def cli_error(*words):
    status, _, err = run_cli(*words, check=False)
    assert status == 2
    prefix = f"sklaws {words[0]}: "
    assert err.startswith(prefix)
    return err[len(prefix):].strip()


def test_errors_are_value_errors_with_the_cli_message():
    with pytest.raises(ValueError) as info:
        theory.expected_tables(1.5, 1.0, 10)
    assert isinstance(info.value, sklaws.DomainError)
    assert str(info.value) == cli_error("theory", "expected-tables", "--alpha", 1.5, "--beta", 1.0, "--n", 10)
    with pytest.raises(sklaws.UsageError) as info:
        theory.expected_tables(0.5, 1.0, "ten")
    assert str(info.value) == cli_error("theory", "expected-tables", "--alpha", 0.5, "--beta", 1.0, "--n", "ten")
    with pytest.raises(ValueError) as info:
        theory.expected_tables(0.5, 1.0, 10, digits=0)
    assert str(info.value) == cli_error("theory", "expected-tables", "--alpha", 0.5, "--beta", 1.0, "--n", 10,
                                        "--digits", 0)
    with pytest.raises(ValueError):
        theory.expected_tables(0.5, 1.0, [10, -1])  # one bad element refuses the whole call
    with pytest.raises(TypeError):
        theory.expected_tables(0.5, 1.0, 10, gamma=2)
    with pytest.raises(TypeError):
        theory.expected_tables(0.5, 1.0, 10, 4)
    with pytest.raises(TypeError):
        theory.expected_tables(0.5, 1.0, 10, alpha=0.5)


def test_docstrings_and_signatures():
    for name in theory.__all__:
        function = getattr(theory, name)
        doc = function.__doc__
        label = theory.labels[name[:-2] if name.endswith("_e") else name]
        assert f"{label}:" in doc and f"docs/theory.md, {label}" in doc, name
        assert "Domain:" in doc and "Accuracy:" in doc, name
        assert "digits" in str(inspect.signature(function)), name
    assert list(inspect.signature(theory.expected_tables).parameters)[:3] == ["alpha", "beta", "n"]


def test_concurrent_calls_from_python_threads():
    """Double and 40-digit evaluations from 8 threads at once give the
    sequential results (per-thread working precision, GIL released)."""
    jobs = [(a, b, n, d) for a in ("0.3", "0.6") for b in ("0.5", "4") for n in ("1e3", "1e9", "1e15")
            for d in (None, 40)]

    def evaluate(job):
        a, b, n, d = job
        if d is None:
            return theory.expected_tables(float(a), float(b), float(n))
        return theory.expected_tables(a, b, n, digits=d)

    sequential = [evaluate(job) for job in jobs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for _ in range(20):
            assert list(pool.map(evaluate, jobs)) == sequential


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(), reason="signals need the main thread")
def test_ctrl_c_interrupts_a_long_array_call(sigint_raises):
    """R1 at n = 1e5 sums its exact curve (~ms an element): an array long
    enough to take >= 60 s uninterrupted stops within INTERRUPT_BOUND of the
    signal, and the module is usable afterwards."""
    def call(count):
        return theory.knowledge_redundancy(0.5, 1.0, np.full(count, 100000), 1e9, 1e6)

    count = size_taking(call, UNINTERRUPTED_AT_LEAST, 2, 10)
    assert count <= 10_000_000, count  # the array stays small (~80 MB at most)
    elapsed = seconds_to_interrupt(lambda: call(count))
    assert elapsed < INTERRUPT_BOUND, (elapsed, count)
    assert theory.expected_tables(0.5, 1.0, 1e6) > 0  # still usable afterwards
    assert set(call(2)) == {"value", "cumulative", "averaged"}


def test_outputs_are_declared_whatever_the_values():
    """The keys of a call depend on the options given, never on the values:
    R1 gives per-token, cumulative and averaged values on both sides of its
    switch from the exact recursion to the large-n form (n = 1e5), M2's
    asymptote exists only where it is below 1; absent outputs are None (NaN
    in float arrays, digits 0)."""
    assert theory.outputs["knowledge_redundancy"] == ("value", "cumulative", "averaged")
    small, large = 1000, 1_000_000
    for n in ([small, large], [large, small]):
        got = theory.knowledge_redundancy(0.5, 1.0, np.array(n), 1e9, 1e6)
        assert list(got) == ["value", "cumulative", "averaged"]
        for key in got:
            assert np.all(np.isfinite(got[key])) and np.all(got[key] > 0)
        i_small = n.index(small)
        assert got["cumulative"][i_small] == theory.knowledge_redundancy(0.5, 1.0, small, 1e9, 1e6)["cumulative"]
        e = theory.knowledge_redundancy_e(0.5, 1.0, np.array(n), 1e9, 1e6)
        assert np.all(e["cumulative"].digits > 0)
    scalar = theory.knowledge_redundancy(0.5, 1.0, large, 1e9, 1e6)
    cli = cli_json("theory", "knowledge-redundancy", "--alpha", 0.5, "--beta", 1.0, "--n", large, "--names", "1e9",
                   "--values", "1e6", "--digits", 15)
    for key in ("value", "cumulative", "averaged"):
        assert Decimal(f"{scalar[key]:.14e}") == Decimal(cli[key])
    # The collision regime (names x values too small for the tokens) is refused.
    with pytest.raises(sklaws.DomainError):
        theory.knowledge_redundancy(0.5, 1.0, 1e9, 1000, 10)
    # M2 (the default; exact=True names it): the asymptote beside the exact
    # value only where it is a mass (20.6 at alpha 0.3, beta 20, C 15).
    assert theory.outputs["tail_mass"] == ("value", "asymptotic")
    exact = theory.tail_mass(0.3, 20.0, 15, exact=True)
    assert list(exact) == ["value", "asymptotic"] and exact["asymptotic"] is None and 0 < exact["value"] < 1
    grid = theory.tail_mass(0.3, 20.0, np.array([15, 1_000_000]), exact=True)
    assert np.isnan(grid["asymptotic"][0]) and 0 < grid["asymptotic"][1] < 1
    assert theory.tail_mass(0.3, 20.0, 15) == exact
    # Options that add outputs do so whatever their values.
    assert isinstance(theory.capacity_threshold(0.5, 1.0, 100), float)
    with_weight = theory.capacity_threshold(0.5, 1.0, 100, weight=np.array([1e-3, 0.5]), n=1000)
    assert list(with_weight) == ["value", "acquisition_probability"]
