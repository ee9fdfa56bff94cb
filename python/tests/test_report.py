"""sklaws.report: the `sklaws report` command in-process — same verdicts and
report.json as the executable, bad input as ValueError with its message,
Ctrl-C leaving the destination untouched."""
import json
import os
import signal
import threading
import time

import pytest

import sklaws
from conftest import run_cli


def claims_and_verdicts(report):
    return [(c.get("id", c.get("title")), [(k.get("quantity"), k.get("estimate"), k.get("pass"))
                                            for k in c.get("comparisons", [])]) for c in report["claims"]]


def test_quick_report_is_the_commands_report(tmp_path):
    # Every experiment and fit at the fewest replicates the configuration
    # allows (CI time: two reports); checks may pass or fail at this size,
    # identically for both.
    tiny = tmp_path / "tiny.toml"
    tiny.write_text("[run]\nquick_replicate_fraction = 0.01\nquick_min_replicates = 24\n\n"
                    "[fit]\nbootstrap = 40\n\n[experiments.syntax-redundancy]\nn = [10, 100]\n")
    ours = sklaws.report(out=tmp_path / "python", config=tiny, quick=True, seed=7, threads=2)
    status, _, _ = run_cli("report", "--out", tmp_path / "cli", "--config", tiny, "--quick", "--seed", 7,
                           "--threads", 2, "--no-progress", check=False)
    assert ours["exit_status"] == status
    assert ours["all_pass"] == (status == 0)
    assert ours["out"] == str(tmp_path / "python")
    for name in ("report.html", "report.md", "report.json"):
        assert (tmp_path / "python" / name).is_file(), name
    with open(tmp_path / "cli" / "report.json") as f:
        cli_report = json.load(f)
    # Same seed, same Monte Carlo: the same numbers and verdicts (any thread count).
    assert claims_and_verdicts(ours["report"]) == claims_and_verdicts(cli_report)
    assert "wrote" in ours["message"]


def test_bad_input_raises_value_error_with_the_commands_message(tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text("[run]\nz_threshold = \"four\"\n")
    with pytest.raises(ValueError) as info:
        sklaws.report(out=tmp_path / "r", config=config, quick=True)
    status, _, err = run_cli("report", "--out", tmp_path / "r", "--config", config, "--quick", check=False)
    assert status == 2
    assert str(info.value) in err and str(info.value)
    assert not (tmp_path / "r").exists()
    (tmp_path / "precious").mkdir()
    (tmp_path / "precious" / "thesis.tex").write_text("do not delete")
    with pytest.raises(ValueError):
        sklaws.report(out=tmp_path / "precious", quick=True)
    assert (tmp_path / "precious" / "thesis.tex").read_text() == "do not delete"
    with pytest.raises(ValueError):
        sklaws.report(out=tmp_path / "r", quick=True, no_such_option=3)


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(), reason="signals need the main thread")
def test_ctrl_c_stops_the_report_and_leaves_the_destination(tmp_path, sigint_raises):
    destination = tmp_path / "report"
    timer = threading.Timer(1.0, lambda: os.kill(os.getpid(), signal.SIGINT))
    start = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        sklaws.report(out=destination, quick=True, seed=1)
    elapsed = time.monotonic() - start
    timer.join()
    assert elapsed < 60, elapsed
    assert not destination.exists()
    assert not [p for p in tmp_path.iterdir() if ".partial" in p.name]
