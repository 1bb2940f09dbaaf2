#!/usr/bin/env bash
# neuralfec-eval and neuralfec-train as MPI jobs on this machine (two ranks,
# oversubscribed): the counts of a distributed sweep are a single process's,
# bit for bit; two training runs of the same world size give identical
# weights (and the same as one process whose threads split the batch the same
# way), resume needs the checkpoint's world size; a rank killed mid-run ends
# the job with an error, never a hang.
set -euo pipefail
MPIEXEC="$1"; EVAL="$2"; TRAIN="$3"; WEIGHTS="$4"; DIR="$5"
mkdir -p "$DIR" && cd "$DIR"
rm -f ./*.csv ./*.nfw ./*.ckpt ./*.txt

# root (CI containers) must say so; shared memory without ptrace's
# cross-memory attach (not allowed in every container)
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_btl_vader_single_copy_mechanism=none
mpi() { timeout 120 "$MPIEXEC" --oversubscribe -np "$@"; }
counts() { cut -d, -f1-7 "$1"; }  # code (with its comma), decoder, Eb/N0, frames, bit and frame errors

# --- eval: the same counts however the frames are split; stops mid-round at the target
SWEEP=(--code bch:31,16 --decoders minsum:5,nms:5:0.5+osd:1,bm --ebn0 2,3.5 --frames 30000 --target-errors 700)
"$EVAL" "${SWEEP[@]}" --threads 1 --csv one.csv > one.txt
mpi 2 "$EVAL" "${SWEEP[@]}" --threads 1 --csv two.csv > two.txt
mpi 2 "$EVAL" "${SWEEP[@]}" --threads 2 --csv four.csv > four.txt
diff <(counts one.csv) <(counts two.csv)
diff <(counts one.csv) <(counts four.csv)
# a point that stopped at its target before the frame cap, and one that ran to the cap
# (frames: field 5, the code "bch:31,16" holding one comma)
awk -F, 'NR > 1 && $5 < 30000 { a = 1 } NR > 1 && $5 == 30000 { b = 1 } END { exit !(a && b) }' one.csv
# the table once (rank 0), not once per rank
[ "$(grep -c '^minsum:5 ' two.txt)" -eq 2 ]

# --- train: identical weights from two runs of two ranks, and from one process with two threads
RUN=(--code bch:15,7 --iterations 3 --teacher nms:8:0.8 --batch 24 --val-frames 200 --validate-every 10 --log-every 10
     --ebn0 1:5 --val-ebn0 3,4 --keep last --lr 0.003)
mpi 2 "$TRAIN" "${RUN[@]}" --steps 30 --threads 1 -o a.nfw 2> a.txt
mpi 2 "$TRAIN" "${RUN[@]}" --steps 30 --threads 1 -o b.nfw 2> b.txt
"$TRAIN" "${RUN[@]}" --steps 30 --threads 2 -o c.nfw 2> c.txt
for f in a b c; do "$WEIGHTS" export $f.nfw --csv > $f.csv; done
cmp a.csv b.csv
cmp a.csv c.csv
# progress from rank 0 only
[ "$(grep -c '^step 30/30' a.txt)" -eq 1 ]
"$WEIGHTS" info a.nfw | grep -q "x 2 MPI ranks"

# resume: 15 steps, then on to 30 with the same world size = 30 at once
mpi 2 "$TRAIN" "${RUN[@]}" --steps 15 --threads 1 -o r.nfw --checkpoint r.ckpt 2> r1.txt
mpi 2 "$TRAIN" "${RUN[@]}" --steps 30 --threads 1 -o r.nfw --checkpoint r.ckpt --resume r.ckpt 2> r2.txt
"$WEIGHTS" export r.nfw --csv > r.csv
cmp a.csv r.csv
# another world size is refused, naming it
if "$TRAIN" "${RUN[@]}" --steps 30 --threads 1 -o x.nfw --resume r.ckpt 2> x.txt; then
    echo "resume with another world size was accepted"; exit 1
fi
grep -q "shards = 2, this run has 1 (the number of MPI ranks, mpirun -np)" x.txt
[ ! -e x.nfw ]

# --- a rank killed mid-run: the job ends with an error within the timeout, no output file
killed() {  # $1: a name the ranks' command lines hold; the rest: the job
    local mark="$1"; shift
    "$@" & local job=$!
    local pids=""
    for _ in $(seq 300); do
        pids="$(pgrep -f -- "$mark" | grep -v "^$job\$" || true)"
        [ "$(echo "$pids" | grep -c .)" -ge 2 ] && break
        sleep 0.1
    done
    sleep 1
    kill -9 "$(echo "$pids" | tail -n 1)"
    local rc=0
    wait "$job" || rc=$?
    # non-zero, and not the timeout's 124 (a hang)
    [ "$rc" -ne 0 ] && [ "$rc" -ne 124 ]
}
killed killed_eval.csv mpi 2 "$EVAL" --code bch:63,36 --decoders minsum:30 --ebn0 6 --frames 2000000000 --threads 1 --csv killed_eval.csv > /dev/null 2>&1
[ ! -e killed_eval.csv ]
killed killed_train.nfw mpi 2 "$TRAIN" "${RUN[@]}" --steps 100000000 --threads 1 -o killed_train.nfw > /dev/null 2>&1
[ ! -e killed_train.nfw ]
echo "MPI: counts, weights, resume and a killed rank as expected"
