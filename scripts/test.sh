#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite with ctest:
# the full module, a short bounded fuzz run of every parser, the whole suite
# again under ASan + UBSan, and the kernels' portable fallbacks against their
# models.
source "$(dirname "$0")/common.sh"
install_deps
build
(cd "$BUILD" && ctest --output-on-failure -j "$JOBS")
bash "$ROOT/scripts/fuzz.sh" 60
build_sanitized
(cd "$BUILD-asan" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j "$JOBS")
build_portable_core
(cd "$BUILD-portable" && ctest --output-on-failure -R "core_qa_(decoder|fixed)|app_(eval|train)_cli")
