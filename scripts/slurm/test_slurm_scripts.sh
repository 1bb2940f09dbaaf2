#!/usr/bin/env bash
# The Slurm scripts run as written, with mpirun standing in for srun (no
# Slurm here): a sweep, an array task and its bounds, a training run and its
# resubmission resuming from the checkpoint.
set -euo pipefail
MPIEXEC="$1"; BIN="$2"; DIR="$3"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
mkdir -p "$DIR" && cd "$DIR"
rm -f ./*.csv ./*.nfw ./*.ckpt ./*.txt
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl_vader_single_copy_mechanism=none
export NFEC_LAUNCH="timeout 300 $MPIEXEC --oversubscribe -np 2" NFEC_BIN="$BIN" NFEC_SLURM_DIR="$HERE"

CODE=bch:31,16 DECODERS=minsum:5,bm EBN0=2,3 FRAMES=4000 TARGET=100 OUT=sweep.csv bash "$HERE/ber_sweep.sbatch" > sweep.txt
[ "$(grep -c '"bch:31,16"' sweep.csv)" -eq 4 ]

CODES="bch:15,7 bch:31,16" SLURM_ARRAY_TASK_ID=0 EBN0=3 FRAMES=2000 TARGET=0 DECODERS=minsum:5 bash "$HERE/sweep_array.sbatch" > array.txt
grep -q '"bch:15,7","minsum:5",3,2000' sweep-bch_15_7.csv
if CODES="bch:15,7" SLURM_ARRAY_TASK_ID=1 bash "$HERE/sweep_array.sbatch" 2> bad.txt; then
    echo "an array task past the codes ran"; exit 1
fi
grep -q "CODES has 1 codes (0..0)" bad.txt

T=(CODE=bch:15,7 OUT=s.nfw STEPS=20 BATCH=16 "EXTRA=--iterations 3 --teacher nms:6:0.8 --val-frames 100 --val-ebn0 3 --ebn0 1:5 --log-every 10")
env "${T[@]}" bash "$HERE/train.sbatch" 2> train1.txt
grep -q "wrote s.nfw" train1.txt
# resubmitted with more steps: resumes from the checkpoint
env "${T[@]/STEPS=20/STEPS=30}" bash "$HERE/train.sbatch" 2> train2.txt
grep -q "30 steps (resumed)" train2.txt
grep -q "^step 30/30" train2.txt
echo "Slurm scripts: sweep, array, training and its resumption as expected"
