#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite with ctest:
# the full module, a short bounded fuzz run of every parser, then the C core
# again under ASan + UBSan.
source "$(dirname "$0")/common.sh"
install_deps
build
(cd "$BUILD" && ctest --output-on-failure -j "$JOBS")
bash "$ROOT/scripts/fuzz.sh" 20
build_sanitized_core
(cd "$BUILD-asan" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j "$JOBS")
