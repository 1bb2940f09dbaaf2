#!/usr/bin/env bash
# Every C app exits non-zero, saying so, when its output cannot be written
# (stdout on /dev/full). Usage: test_stdout_full.sh CODE WEIGHTS EVAL WEIGHT_FILE
set -uo pipefail
code=$1 weights=$2 eval_app=$3 file=$4
fail=0
check() {
    "$@" >/dev/full 2>/tmp/nfec_stdout_full.$$
    local rc=$?
    if [ $rc -eq 0 ] || ! grep -q "cannot write" /tmp/nfec_stdout_full.$$; then
        echo "exit $rc without a message: $*"
        fail=1
    fi
}
check "$code" info bch:63,36
check "$code" alist bch:63,36
check "$weights" info "$file"
check "$eval_app" --code bch:15,7 --decoders bm --ebn0 3 --frames 10 --threads 1
rm -f /tmp/nfec_stdout_full.$$
exit $fail
