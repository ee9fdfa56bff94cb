"""examples/: the Chinchilla + K1 + M2 notebook executed headless with
nbconvert, the same code as a plain script, and the two kept identical."""
import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

SOURCE = Path(os.environ.get("SKLAWS_SOURCE_DIR", Path(__file__).resolve().parents[2]))
EXAMPLES = SOURCE / "examples"
sys.path.insert(0, str(EXAMPLES))
import make_notebook  # noqa: E402


def example_env(out_dir):
    env = dict(os.environ)
    env["SKLAWS_EXAMPLE_OUT"] = str(out_dir)
    env.setdefault("SKLAWS_SHARED_DIR", str(SOURCE.parent / "shared"))
    return env


def check_outputs(out_dir, text):
    for figure in ("k1_heaps.png", "m2_missing_mass.png"):
        assert (out_dir / figure).stat().st_size > 1000, figure
    assert "E[K_1e12] =" in text and "model exponent a_M =" in text
    # M2's exact missing mass: a probability, decreasing in C (its digits are
    # checked against the mpmath oracle in tests/theory/missing_mass_test.cpp).
    line = next(l for l in text.splitlines() if l.startswith("E[T_C] at C = 1, 10, 100, 1000 (M2 exact):"))
    values = ast.literal_eval(line.split(":", 1)[1].strip())
    assert len(values) == 4 and all(0 < v < 1 for v in values), values
    assert all(a > b for a, b in zip(values, values[1:])), values
    shared = Path(example_env(out_dir)["SKLAWS_SHARED_DIR"])
    if (shared / "data" / "external" / "chinchilla-epoch" / "svg_extracted_data.csv").is_file():
        assert "implied alpha:" in text
    else:
        assert "no Chinchilla data" in text


def test_notebook_is_the_script():
    import nbformat

    on_disk = nbformat.read(EXAMPLES / "chinchilla_k1_m2.ipynb", as_version=4)
    regenerated = make_notebook.notebook((EXAMPLES / "chinchilla_k1_m2.py").read_text())
    assert [(c.cell_type, c.source) for c in on_disk.cells] == [(c.cell_type, c.source) for c in regenerated.cells], \
        "run examples/make_notebook.py after editing the script"


def test_script_runs(tmp_path):
    result = subprocess.run([sys.executable, str(EXAMPLES / "chinchilla_k1_m2.py")], capture_output=True, text=True,
                            env=example_env(tmp_path), cwd=tmp_path, timeout=600)
    assert result.returncode == 0, result.stderr
    check_outputs(tmp_path, result.stdout)


def test_notebook_executes_headless(tmp_path):
    executed = tmp_path / "executed.ipynb"
    result = subprocess.run(
        [sys.executable, "-m", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=600",
         "--output", str(executed), str(EXAMPLES / "chinchilla_k1_m2.ipynb")],
        capture_output=True, text=True, env=example_env(tmp_path), cwd=tmp_path, timeout=900)
    assert result.returncode == 0, result.stderr
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors, errors
    images = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if "image/png" in o.get("data", {})]
    assert len(images) >= 2, "the notebook shows its two figures"
    check_outputs(tmp_path, text)
