"""The install and consumer test (ctest "install: ..."): `cmake --install` into
a temporary prefix, then use what was installed the way a user would —
a CMake project with find_package(sklaws), a pkg-config build, the
executable, the man page and the Python module — with nothing from the
source or build tree in reach.

Run by ctest with /usr/bin/python3 -m pytest; the build tree, source tree and
tools come in through environment variables (tests/install/CMakeLists.txt).
"""
import csv
import decimal
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

BUILD = Path(os.environ["SKLAWS_BUILD_DIR"])
SOURCE = Path(os.environ["SKLAWS_SOURCE_DIR"])
CMAKE = os.environ.get("SKLAWS_CMAKE", "cmake")
LIBDIR = os.environ.get("SKLAWS_INSTALL_LIBDIR", "lib")
ORACLE = SOURCE / "tests" / "oracle" / "package.tsv"
LIBRARIES = ["numerics", "theory", "validation", "fitting", "reports"]
STATIC_LIBRARIES = ["theory", "validation", "fitting", "reports"]  # numerics is header-only


def oracle(alpha, beta, n, inputs):
    with open(ORACLE, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if (row["alpha"], row["beta"], row["n"], row["inputs"]) == (alpha, beta, n, inputs):
                return Decimal(row["value"]), int(row["digits"])
    raise KeyError(f"no oracle row for {alpha} {beta} {n} {inputs} in {ORACLE}")


def clean_env(**extra):
    """The environment of a user's fresh shell: no variable of this build."""
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": os.environ.get("HOME", "/root"), "LANG": "C.UTF-8"}
    env.update(extra)
    return env


def run(cmd, **kwargs):
    result = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{' '.join(map(str, cmd))} exited {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def prefix(tmp_path_factory):
    p = tmp_path_factory.mktemp("prefix")
    run([CMAKE, "--install", str(BUILD), "--prefix", str(p)])
    return p


def test_installs_headers_libraries_executable_and_docs(prefix):
    for library in LIBRARIES:
        headers = list((prefix / "include" / "sklaws" / library).glob("*.hpp"))
        source_headers = list((SOURCE / library / "include" / "sklaws" / library).glob("*.hpp"))
        assert sorted(h.name for h in headers) == sorted(h.name for h in source_headers), library
    for library in STATIC_LIBRARIES:
        assert (prefix / LIBDIR / f"libsklaws_{library}.a").is_file(), library
    assert os.access(prefix / "bin" / "sklaws", os.X_OK)
    for name in ("LICENSE", "CITATION.cff", "theory.md"):
        assert (prefix / "share" / "doc" / "sklaws" / name).is_file(), name
    package = prefix / LIBDIR / "cmake" / "sklaws"
    for name in ("sklawsConfig.cmake", "sklawsConfigVersion.cmake", "sklawsTargets.cmake"):
        assert (package / name).is_file(), name
    targets = (package / "sklawsTargets.cmake").read_text()
    for library in LIBRARIES:
        assert f"add_library(sklaws::{library} " in targets, library
    # Nothing installed points back into the source or build tree.
    for f in package.glob("*.cmake"):
        text = f.read_text()
        assert str(SOURCE) not in text and str(BUILD) not in text, f


def test_installed_executable_evaluates_k1(prefix):
    out = run([str(prefix / "bin" / "sklaws"), "theory", "expected-tables", "--alpha", "0.5", "--beta", "1.0",
               "--n", "1e6", "--digits", "15"], env=clean_env(), cwd=prefix).stdout
    expected, _ = oracle("0.5", "1.0", "1e6", "decimal")
    assert f"expected-tables = {expected:.15g}  (15 digits guaranteed, double)" in out, out


def test_cmake_consumer_links_sklaws_theory(prefix, tmp_path):
    build = tmp_path / "consumer"
    configure = run([CMAKE, "-S", str(SOURCE / "tests" / "install" / "consumer"), "-B", str(build),
                     "-DCMAKE_BUILD_TYPE=Release", f"-DCMAKE_PREFIX_PATH={prefix}",
                     "-DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF"],
                    env=clean_env())
    assert f"sklaws_DIR={prefix / LIBDIR / 'cmake' / 'sklaws'}" in configure.stdout, configure.stdout
    run([CMAKE, "--build", str(build), "-j", "2"], env=clean_env())
    value_text, digits_text = run([str(build / "heaps")], env=clean_env()).stdout.split()
    expected, trusted = oracle("0.5", "1.0", "1e6", "double")
    assert trusted >= 17
    # ~1 ulp in double (docs/theory.md K1): within 2 ulp of the oracle.
    assert abs(Decimal(value_text) - expected) <= Decimal(2) * Decimal(2.0 ** -52) * expected, value_text
    assert float(digits_text) >= 15
    assert run([str(build / "everything")], env=clean_env()).stdout.strip() == "everything links"


def test_pkg_config_consumer(prefix, tmp_path):
    env = clean_env(PKG_CONFIG_PATH=str(prefix / LIBDIR / "pkgconfig"))
    flags = run(["pkg-config", "--cflags", "--libs", "sklaws"], env=env).stdout.split()
    assert any(f.startswith("-I") and Path(f[2:]).resolve() == (prefix / "include").resolve() for f in flags), flags
    exe = tmp_path / "heaps_pc"
    compiler = shutil.which("c++") or shutil.which("g++")
    run([compiler, "-O2", str(SOURCE / "tests" / "install" / "consumer" / "heaps.cpp"), "-o", str(exe), *flags],
        env=env)
    value_text, _ = run([str(exe)], env=clean_env()).stdout.split()
    expected, _ = oracle("0.5", "1.0", "1e6", "double")
    assert abs(Decimal(value_text) - expected) <= Decimal(2) * Decimal(2.0 ** -52) * expected, value_text


def test_man_page_is_the_cli_help(prefix):
    page = prefix / "share" / "man" / "man1" / "sklaws.1"
    text = page.read_text()
    assert ".SH COMMANDS" in text and ".SH \"EXIT STATUS\"" in text, text[:2000]
    # One subsection per command of `sklaws --help`, holding its own --help.
    listed = run([str(prefix / "bin" / "sklaws"), "--help"], env=clean_env()).stdout
    commands = [line.split()[0] for line in listed.split("commands:", 1)[1].splitlines()
                if line.startswith("  ") and line.strip()]
    assert commands, listed
    for command in commands:
        assert f".SS {command}\n" in text, command
    if shutil.which("man"):
        rendered = run(["man", "-l", str(page)], env=clean_env(MANWIDTH="100")).stdout
        assert "expected-tables" in rendered


@pytest.mark.skipif(os.environ.get("SKLAWS_PYTHON_MODULE") != "ON", reason="built with -DSKLAWS_BUILD_PYTHON=OFF")
def test_installed_python_module_imports_from_a_clean_environment(prefix, tmp_path):
    site = prefix / "lib" / "python3" / "dist-packages"
    assert (site / "sklaws" / "__init__.py").is_file()
    code = ("import sklaws, sys; print(sklaws.__file__); "
            "print(repr(sklaws.theory.expected_tables(0.5, 1.0, 1e6))); "
            "print(sklaws.theory.expected_tables('0.37', '2.5', '1e15', digits=40))")
    # -s: no user site; a fresh directory; nothing but the prefix on PYTHONPATH.
    out = run([os.environ.get("SKLAWS_TEST_PYTHON", "/usr/bin/python3"), "-s", "-c", code],
              env=clean_env(PYTHONPATH=str(site)), cwd=tmp_path).stdout.split()
    assert Path(out[0]).resolve().is_relative_to(site.resolve()), out[0]
    expected, _ = oracle("0.5", "1.0", "1e6", "double")
    assert abs(Decimal(out[1]) - expected) <= Decimal(2) * Decimal(2.0 ** -52) * expected, out[1]
    expected40, _ = oracle("0.37", "2.5", "1e15", "decimal")
    with decimal.localcontext() as ctx:
        ctx.prec = 100
        assert Decimal(out[2]) == expected40.quantize(Decimal(1).scaleb(expected40.adjusted() - 39)), out[2]
