#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for
# SECONDS (default 60; longer runs: bash scripts/fuzz.sh 3600). New inputs go
# to the build's corpus copy, crashes to $BUILD-fuzz/crashes/; a crash fails.
source "$(dirname "$0")/common.sh"
SECONDS_EACH="${1:-60}"
install_deps
FUZZ="$BUILD-fuzz"
CC=clang CXX=clang++ cmake -S "$ROOT" -B "$FUZZ" -DNFEC_CORE_ONLY=ON -DNFEC_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$FUZZ" -j "$JOBS" --target fuzz_alist fuzz_weights fuzz_spec >/dev/null
mkdir -p "$FUZZ/crashes"
for t in alist weights spec; do
    rm -rf "$FUZZ/corpus-$t" && cp -r "$ROOT/fuzz/corpus/$t" "$FUZZ/corpus-$t"
    "$FUZZ/fuzz/fuzz_$t" -print_final_stats=1 -max_total_time="$SECONDS_EACH" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
        -artifact_prefix="$FUZZ/crashes/$t-" "$FUZZ/corpus-$t" 2> "$FUZZ/fuzz_$t.log" \
        || { tail -40 "$FUZZ/fuzz_$t.log"; echo "fuzz_$t: crash (see $FUZZ/crashes)"; exit 1; }
    echo "fuzz_$t: $(grep -o 'stat::number_of_executed_units: [0-9]*' "$FUZZ/fuzz_$t.log" | tail -1 | awk '{print $2}') executions in ${SECONDS_EACH}s, no crash"
done
