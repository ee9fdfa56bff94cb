#!/usr/bin/env bash
# Installs every Debian package sklaws needs to build, test, benchmark and
# regenerate its oracle tables, then configures and builds. Idempotent: a
# package already present is not reinstalled, a configured build tree is reused.
#
#   scripts/setup.sh [build-dir] [extra cmake args...]
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config git
  libboost-dev libmpfr-dev libgmp-dev libgsl-dev libtbb-dev libceres-dev
  catch2 libbenchmark-dev libtomlplusplus-dev nlohmann-json3-dev
  python3 python3-mpmath python3-scipy python3-numpy
  chromium
  # argument parsing, text formatting, figures as PDF (typed experiments, report)
  libcli11-dev libfmt-dev libcairo2-dev librsvg2-dev
  # the Python module, its tests and the executed example notebook
  python3-dev pybind11-dev python3-pybind11 python3-pytest python3-pandas
  python3-matplotlib jupyter-nbconvert python3-nbformat python3-ipykernel
  # MPI scale-out, the Arb baseline of the K1 bench, the man page
  libopenmpi-dev openmpi-bin libflint-arb-dev help2man
  # libFuzzer harnesses (clang 14 with its sanitizer runtimes), Ninja
  clang-14 libclang-rt-14-dev ninja-build
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
shift || true
# A new build tree uses Ninja (installed above); an existing one keeps its generator.
generator=()
if [ ! -f "$build/CMakeCache.txt" ] && command -v ninja >/dev/null; then generator=(-G Ninja); fi
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release "${generator[@]}" "$@" >/dev/null
cmake --build "$build" -j "$(nproc)"
