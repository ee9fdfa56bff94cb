"""The repository stands on its own (ctest "repository: ..."): a licence, a
citation file, docs/theory.md with every label, and no reference to the
specification file outside the repository, ../shared's (tests may still read
../shared/data)."""
import os
import re
import subprocess
from pathlib import Path

SOURCE = Path(os.environ["SKLAWS_SOURCE_DIR"])
SKLAWS = os.environ["SKLAWS_BINARY"]
OUTSIDE_SPEC = "THEORY" + ".md"  # spelt in two parts so that this file does not match itself
LABELS = ["K1", "K2", "K3", "K4", "K5", "K6", "K7", "S1", "S2", "R1", "D1", "M1", "M2", "X1", "A1", "A2", "F1",
          "H1", "H2", "KS1"]


def repository_files():
    """Tracked files (or, without git, every file outside build trees)."""
    try:
        out = subprocess.run(["git", "-C", str(SOURCE), "ls-files", "-z"], capture_output=True, check=True).stdout
        return [SOURCE / name for name in out.decode().split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        return [Path(root) / f for root, dirs, files in os.walk(SOURCE)
                if not any(part.startswith(("build", ".git")) for part in Path(root).relative_to(SOURCE).parts)
                for f in files]


def test_licence_and_citation():
    assert (SOURCE / "LICENSE").read_text().startswith("MIT License")
    citation = (SOURCE / "CITATION.cff").read_text()
    assert "cff-version: 1.2.0" in citation and "arXiv:2504.09597" in citation and "type: software" in citation
    assert "## How to cite" in (SOURCE / "README.md").read_text()


def test_no_file_refers_to_the_outside_theory_file():
    offenders = []
    for path in repository_files():
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE_SPEC in line:
                offenders.append(f"{path.relative_to(SOURCE)}:{number}: {line.strip()}")
    assert not offenders, "cite docs/theory.md instead:\n" + "\n".join(offenders)


def test_docs_theory_has_every_label_and_every_label_in_use():
    text = (SOURCE / "docs" / "theory.md").read_text()
    headings = set(re.findall(r"^### ([A-Z]+[0-9]+) — ", text, flags=re.M))
    assert set(LABELS) <= headings, set(LABELS) - headings
    for label in LABELS:
        body = text.split(f"### {label} — ", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
        assert "*Domain.*" in body and ("*Accuracy" in body), label
    # Every label the executable cites (theory quantities, experiments) is documented.
    used = set()
    for words in (["theory", "--help"], ["simulate", "--help"]):
        out = subprocess.run([SKLAWS, *words], capture_output=True, text=True, check=True).stdout
        used |= set(re.findall(r"\b([A-Z]{1,2}[0-9])\b", " ".join(re.findall(r"\[([A-Z0-9 ]+)\]", out))))
    assert used and used <= headings, used - headings
