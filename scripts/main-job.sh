#!/usr/bin/env bash
# Installs what is missing, builds, and runs the main job: the teacher
# (min-sum T=30), plain min-sum T=5, the shipped 5-iteration students alone
# and with OSD post-processing (the blocks' default on BCH(63,36)), OSD alone
# (near-ML: the limit to compare with), Berlekamp-Massey and Chase-II, and
# gr-fec's ldpc_decoder (BP, 50 iterations, GNU Radio's default sigma 0.5 and
# a tuned 0.3) on identical noisy frames of BCH(63,36), of GNU Radio's
# n_0100_k_0042_gap_02 LDPC code and of a standard's code, IEEE 802.11n's
# (648, 324) (with the layered normalized min-sum a radio would run): a
# table on the terminal, CSV and PNG plots in the build directory. A few
# minutes on 2 cores.
source "$(dirname "$0")/common.sh"
install_deps
build
LDPC=/usr/share/gnuradio/fec/ldpc/n_0100_k_0042_gap_02.alist
run_built_python "$ROOT/apps/neuralfec-bench" --code bch:63,36 --ebn0 2:6:1 --max-frames 6000 --chunk 2000 \
    --decoders minsum:30,minsum:5,student:bch_63_36,student:bch_63_36_cyclic,student:bch_63_36_cyclic+osd:2,osd:4,bm,chase:4,grfec-bp:0.5:50,grfec-bp:0.3:50 \
    --csv "$BUILD/main-job-bch_63_36.csv" --plot "$BUILD/main-job-bch_63_36.png"
run_built_python "$ROOT/apps/neuralfec-bench" --code "$LDPC" --ebn0 1:4:1 --max-frames 6000 --chunk 2000 \
    --decoders minsum:30,minsum:5,student:n_0100_k_0042_gap_02,student:n_0100_k_0042_gap_02+osd:2,osd:3,grfec-bp:0.5:50,grfec-bp:0.3:50 \
    --csv "$BUILD/main-job-n_0100.csv" --plot "$BUILD/main-job-n_0100.png"
run_built_python "$ROOT/apps/neuralfec-bench" --code wifi:648:1/2 --ebn0 1:3:0.5 --max-frames 4000 --chunk 2000 \
    --decoders minsum:30,nms:30:0.75,nms:10:0.75:layered,student:wifi_648_1_2,grfec-bp:0.5:50,grfec-bp:0.3:50 \
    --csv "$BUILD/main-job-wifi_648.csv" --plot "$BUILD/main-job-wifi_648.png"
echo "plots: $BUILD/main-job-bch_63_36.png $BUILD/main-job-n_0100.png $BUILD/main-job-wifi_648.png"
