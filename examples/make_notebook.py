#!/usr/bin/python3
"""Writes chinchilla_k1_m2.ipynb from chinchilla_k1_m2.py (cells split at
'# %%' lines, '# %% [markdown]' cells as Markdown), so the notebook and the
script hold the same code; python/tests/test_examples.py checks they agree.

    /usr/bin/python3 examples/make_notebook.py
"""
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent


def cells(script_text):
    """[(kind, source)] of the '# %%' cells of a percent-format script."""
    out, kind, lines = [], None, []
    for line in script_text.splitlines():
        if line.startswith("# %%"):
            if kind is not None:
                out.append((kind, "\n".join(lines).strip("\n")))
            kind, lines = ("markdown" if "[markdown]" in line else "code"), []
        else:
            lines.append(line[2:] if kind == "markdown" and line.startswith("# ") else
                         ("" if kind == "markdown" and line == "#" else line))
    if kind is not None:
        out.append((kind, "\n".join(lines).strip("\n")))
    return out


def notebook(script_text):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for kind, source in cells(script_text):
        nb.cells.append(nbformat.v4.new_markdown_cell(source) if kind == "markdown" else
                        nbformat.v4.new_code_cell(source))
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i}"
    return nb


if __name__ == "__main__":
    script = (HERE / "chinchilla_k1_m2.py").read_text()
    nbformat.write(notebook(script), HERE / "chinchilla_k1_m2.ipynb")
