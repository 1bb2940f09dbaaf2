#!/usr/bin/env bash
# Installs what is missing, builds, and runs the main job: our decoders
# against gr-fec's on identical noisy frames, as a table.
source "$(dirname "$0")/common.sh"
install_deps
build
for code in /usr/share/gnuradio/fec/ldpc/n_0100_k_0042_gap_02.alist bch:63,36; do
    run_built_python "$ROOT/apps/neuralfec-bench" --code "$code" --ebn0 2:6:1 --max-frames 4000 \
        --decoders minsum:30,minsum:5,grfec-bp:0.5:50,grfec-bp:0.3:50
done
