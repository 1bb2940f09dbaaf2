#!/usr/bin/env bash
# Installs a built tree into a prefix of its own and uses it from there alone,
# as a user would: the Python package and its blocks, the apps and the shipped
# weights, grcc on an example, and a downstream CMake project and a
# pkg-config build against the library. Usage: test_install.sh BUILD PREFIX
set -euo pipefail
build=$1
prefix=$2
rm -rf "$prefix"
cmake --install "$build" --prefix "$prefix" >/dev/null
init=$(find "$prefix" -path '*/gnuradio/neuralfec/__init__.py' | head -n 1)
export PYTHONPATH="$(dirname "$(dirname "$(dirname "$init")")")" PATH="$prefix/bin:$PATH" GRC_BLOCKS_PATH="$prefix/share/gnuradio/grc/blocks"
unset LD_LIBRARY_PATH
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

# Python: the package from the prefix, with its library and weights found without help
/usr/bin/python3 - <<'PY'
import os
from gnuradio import neuralfec
assert neuralfec.__file__.startswith(os.environ["PYTHONPATH"]), neuralfec.__file__
names = neuralfec.shipped_weights()
assert "bch_63_36" in names, names
dec = neuralfec.neural_minsum_decoder.make(neuralfec.shipped_weights("bch_63_36"), "", 36 * 4)
assert dec.get_output_size() == 144
assert neuralfec.make_decoder("student:bch_63_36_cyclic+osd:2", "bch:63,36").get_output_size() == 36
print("python: ok,", len(names), "shipped students")
PY

# The apps, shipped students by name
neuralfec-eval --code bch:15,7 --decoders minsum:5,osd:2,bm --ebn0 3 --frames 200 --threads 1 >/dev/null
neuralfec-eval --code bch:63,36 --decoders student:bch_63_36 --ebn0 4 --frames 64 --threads 1 >/dev/null
neuralfec-speed --code bch:15,7 --ebn0 3 --seconds 0.05 --no-flowgraph --no-threads --decoders student,bm >/dev/null
neuralfec-code info bch:63,36 >/dev/null

# GRC: the installed block definitions compile an installed example
grcc -o "$work" "$prefix/share/gr-neuralfec/examples/minsum_loopback.grc" >/dev/null 2>&1 || {
    grcc -o "$work" "$prefix/share/gr-neuralfec/examples/minsum_loopback.grc"
    exit 1
}
test -f "$work/minsum_loopback.py"
# the documents the block definitions point to
test -f "$prefix/share/doc/gr-neuralfec/nearml.md" && test -f "$prefix/share/doc/gr-neuralfec/fixed_point.md"

# A downstream CMake project and a pkg-config build against the library
mkdir down && cat > down/CMakeLists.txt <<'CM'
cmake_minimum_required(VERSION 3.16)
project(down CXX)
find_package(gnuradio-neuralfec REQUIRED)
add_executable(down main.cc)
target_link_libraries(down gnuradio::gnuradio-neuralfec)
CM
cat > down/main.cc <<'CC'
#include <gnuradio/neuralfec/bch_decoder.h>
#include <gnuradio/neuralfec/nfec_code.h>
#include <cstdio>
int main()
{
    auto d = gr::neuralfec::bch_decoder::make("bch:63,36");
    nfec_error err{};
    nfec_code* c = nfec_code_create("bch:15,7", &err);
    std::printf("t=%d n=%d\n", d->correctable(), nfec_code_n(c));
    nfec_code_destroy(c);
    return d->correctable() == 5 ? 0 : 1;
}
CC
cmake -S down -B down/build -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build down/build >/dev/null
LD_LIBRARY_PATH="$(dirname "$(find "$prefix" -name 'libgnuradio-neuralfec.so' | head -n 1)")" ./down/build/down
PKG_CONFIG_PATH="$(dirname "$(find "$prefix" -name 'gnuradio-neuralfec.pc' | head -n 1)")" \
    g++ -std=c++17 down/main.cc -o down/pc $(PKG_CONFIG_PATH="$(dirname "$(find "$prefix" -name 'gnuradio-neuralfec.pc' | head -n 1)")" pkg-config --cflags --libs gnuradio-neuralfec)
LD_LIBRARY_PATH="$(dirname "$(find "$prefix" -name 'libgnuradio-neuralfec.so' | head -n 1)")" ./down/pc >/dev/null
echo "install: ok ($prefix)"
