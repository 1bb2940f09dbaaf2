# Shared by the README's commands and CI: install what is missing, then build.
# GNU Radio's Python is Debian's /usr/bin/python3; nothing here uses another.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${NFEC_BUILD:-$ROOT/build}"
JOBS="$(nproc)"

# gir1.2-gtk-3.0 and python3-gi-cairo: gnuradio-companion's GUI (recommends
# of gnuradio, which --no-install-recommends leaves out); OpenMPI and mpi4py:
# the tools' distributed runs (docs/cluster.md)
PACKAGES=(cmake make g++ pkg-config gnuradio gnuradio-dev libvolk2-dev pybind11-dev
          libboost-test-dev python3-numpy python3-matplotlib clang libclang-rt-14-dev
          gir1.2-gtk-3.0 python3-gi-cairo libopenmpi-dev openmpi-bin python3-mpi4py)

install_deps() {
    local missing=()
    for p in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "installing: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -q
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

build() {
    cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DPYTHON_EXECUTABLE=/usr/bin/python3 >/dev/null
    cmake --build "$BUILD" -j "$JOBS"
}

# The whole module (C core, C++ plugins, Python extension) under
# AddressSanitizer + UndefinedBehaviorSanitizer; its Python tests preload the
# runtimes (see CMakeLists.txt).
build_sanitized() {
    cmake -S "$ROOT" -B "$BUILD-asan" -DNFEC_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DPYTHON_EXECUTABLE=/usr/bin/python3 >/dev/null
    cmake --build "$BUILD-asan" -j "$JOBS"
}

# The C core with the kernels' plain-C fallbacks only (what non-x86 builds
# run), for the tests that compare kernels with their reference models; its
# apps without MPI (the build of a machine that has none).
build_portable_core() {
    cmake -S "$ROOT" -B "$BUILD-portable" -DNFEC_CORE_ONLY=ON -DNFEC_PORTABLE_ONLY=ON -DNFEC_MPI=OFF -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$BUILD-portable" -j "$JOBS" --target qa_decoder qa_fixed neuralfec-eval neuralfec-train neuralfec-weights
}

# Python of the build tree, for running the module before it is installed.
run_built_python() {
    PYTHONPATH="$BUILD/test_modules${PYTHONPATH:+:$PYTHONPATH}" /usr/bin/python3 "$@"
}
