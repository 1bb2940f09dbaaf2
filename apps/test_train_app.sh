#!/usr/bin/env bash
# neuralfec-train end to end: a short run writes a loadable weight file with
# provenance; Ctrl-C (SIGINT) writes a checkpoint and the weights so far and
# exits 130; --resume continues to the requested step; bad options are refused.
set -euo pipefail
TRAIN="$1"; WEIGHTS="$2"; DIR="$3"
mkdir -p "$DIR" && cd "$DIR"
rm -f s.nfw s.nfw.ckpt i.nfw i.ckpt

"$TRAIN" --code bch:15,7 -o s.nfw --iterations 3 --teacher minsum:6 --steps 40 --batch 16 --log-every 20 \
    --val-frames 200 --threads 2 2> log.txt
grep -q "step 40/40  loss" log.txt
grep -q "^neuralfec-train: start: val .* (score " log.txt
# the end says what happened, and the file's provenance says the same
if grep -q "improved validation from" log.txt; then
    grep -q "wrote s.nfw (the best weights, from step [0-9]* of 40)" log.txt
else
    grep -q "kept the starting weights: no step improved validation" log.txt
fi
"$WEIGHTS" check s.nfw --code bch:15,7
"$WEIGHTS" info s.nfw | grep -q "command: .*neuralfec-train --code bch:15,7 -o s.nfw"
[ -s s.nfw.ckpt ]

# set-up done: the run has printed its header (slow builds, e.g. under ASan, take longer to get there)
started() { for _ in $(seq 600); do grep -q "^neuralfec-train: bch:15,7" "$1" && return 0; sleep 0.1; done; return 1; }
"$TRAIN" --code bch:15,7 -o i.nfw --checkpoint i.ckpt --iterations 3 --teacher minsum:6 --steps 100000000 \
    --batch 16 --log-every 1000 --checkpoint-every 50 --val-frames 100 --threads 2 2> int.txt &
pid=$!
started int.txt
sleep 1
kill -INT $pid
rc=0; wait $pid || rc=$?
[ "$rc" -eq 130 ] || { echo "interrupted run exited $rc"; cat int.txt; exit 1; }
# the hint is the whole command, runnable as printed
grep -q "interrupted; continue with:" int.txt
hint=$(grep -A1 "interrupted; continue with:" int.txt | tail -n 1)
case "$hint" in
*"--code bch:15,7 -o i.nfw --checkpoint i.ckpt"*"--resume i.ckpt") ;;
*) echo "resume hint not the command: $hint"; exit 1 ;;
esac
"$WEIGHTS" check i.nfw
done_steps=$("$WEIGHTS" info i.nfw | sed -n 's/^.*steps: \([0-9]*\) (interrupted).*$/\1/p')
[ -n "$done_steps" ] || { echo "no interrupted step count in provenance"; exit 1; }
target=$((done_steps + 20))
"$TRAIN" --code bch:15,7 -o i.nfw --checkpoint i.ckpt --iterations 3 --teacher minsum:6 --steps $target \
    --batch 16 --log-every 1000 --checkpoint-every 50 --val-frames 100 --threads 2 --resume i.ckpt 2> res.txt
grep -q "(resumed)" res.txt
"$WEIGHTS" info i.nfw | grep -q "steps: $target;"

# Given Eb/N0 points: no scan at start-up, which under ASan would outlast the short delays below.
fixed_points="--ebn0 1:5 --val-ebn0 3,4"
# SIGKILL at arbitrary moments: whatever is on disk afterwards is whole (the
# checkpoint and weights are written by rename), and training resumes from it.
rm -f k.nfw k.ckpt k0.nfw k0.ckpt
for delay in 0.3 0.7 1.1 0.5; do
    "$TRAIN" --code bch:15,7 -o k.nfw --checkpoint k.ckpt --iterations 3 --steps 100000000 --batch 16 \
        --log-every 1000 --checkpoint-every 7 --validate-every 5 --val-frames 50 --threads 2 $fixed_points \
        $([ -s k.ckpt ] && echo --resume k.ckpt) 2> /dev/null &
    pid=$!
    sleep "$delay"
    kill -KILL $pid
    wait $pid || true
    rm -f k.ckpt.tmp.* k.nfw.tmp.*   # a killed writer leaves at most its temp file, never a torn target
    if [ -e k.nfw ]; then "$WEIGHTS" check k.nfw > /dev/null; fi
    if [ -e k.ckpt ]; then   # loads: resuming with no steps left just writes it out again
        "$TRAIN" --code bch:15,7 -o k0.nfw --checkpoint k0.ckpt --iterations 3 --steps 0 --batch 16 --validate-every 5 \
            --val-frames 50 --threads 2 $fixed_points --resume k.ckpt 2> /dev/null
    fi
done
[ -s k.ckpt ] || { echo "no checkpoint after four killed runs"; exit 1; }
"$TRAIN" --code bch:15,7 -o k.nfw --checkpoint k.ckpt --iterations 3 --steps 100000000 --batch 16 --log-every 1000 \
    --checkpoint-every 7 --validate-every 5 --val-frames 50 --threads 2 $fixed_points --resume k.ckpt 2> kres.txt &
pid=$!
started kres.txt
sleep 0.5
kill -INT $pid
wait $pid || true
grep -q "(resumed)" kres.txt
"$WEIGHTS" check k.nfw

if "$TRAIN" --code bch:15,7 -o x.nfw --loss ce+magic 2> bad.txt; then exit 1; fi
grep -q "loss is terms joined by '+'" bad.txt
if "$TRAIN" --code bch:15,7 -o x.nfw --loss ce+ce 2> bad.txt; then exit 1; fi
grep -q "each once" bad.txt
# L_ber shows in the progress line; a zero temperature is refused
"$TRAIN" --code bch:15,7 -o ber.nfw --iterations 3 --loss ber --ber-temperature 0.5 --steps 10 --batch 16 --log-every 5 --val-frames 100 \
    --threads 2 > ber.txt 2>&1
grep -q "ce 0, kd 0, sparse 0, ber [0-9.e+-]*)" ber.txt || { cat ber.txt; exit 1; }
"$WEIGHTS" check ber.nfw
if "$TRAIN" --code bch:15,7 -o x.nfw --loss ber --ber-temperature 0 2> bad.txt; then exit 1; fi
grep -q "ber-temperature" bad.txt || { cat bad.txt; exit 1; }
# L_osd trains for the hybrid student+osd:W, and is refused without its order
"$TRAIN" --code bch:15,7 -o osd.nfw --iterations 3 --loss ce+osd --osd-order 1 --steps 10 --batch 16 --log-every 5 --val-frames 100 \
    --threads 2 > osd.txt 2>&1
grep -q ", osd [0-9.e+-]*)" osd.txt || { cat osd.txt; exit 1; }
"$WEIGHTS" check osd.nfw
if "$TRAIN" --code bch:15,7 -o x.nfw --loss ce+osd 2> bad.txt; then exit 1; fi
grep -q "(--osd-order, not 0)" bad.txt || { cat bad.txt; exit 1; }
if "$TRAIN" --code bch:15,7 -o x.nfw --osd-order 7 2> bad.txt; then exit 1; fi
grep -q "osd-order" bad.txt || { cat bad.txt; exit 1; }
if "$TRAIN" --code bch:15,7 -o x.nfw --resume s.nfw 2> bad.txt; then exit 1; fi
grep -q "not a gr-neuralfec training checkpoint" bad.txt
# refused before any training: an unwritable output, an offset past the
# teacher, validation without frames
if "$TRAIN" --code bch:15,7 -o /nonexistent/dir/x.nfw 2> bad.txt; then exit 1; fi
grep -q "is not a writable directory" bad.txt
if "$TRAIN" --code bch:15,7 -o x.nfw --t0 40 --kd-map offset 2> bad.txt; then exit 1; fi
grep -q "t0 at most 25" bad.txt
if "$TRAIN" --code bch:15,7 -o x.nfw --val-frames 0 2> bad.txt; then exit 1; fi
grep -q "0 frames" bad.txt
# the teacher is a decoder spec like every tool's; the old spellings are refused with the new one named
if "$TRAIN" --code bch:15,7 -o x.nfw --teacher minsum:30:0.7 2> bad.txt; then exit 1; fi
grep -q "nms:T:ALPHA" bad.txt
if "$TRAIN" --code bch:15,7 -o x.nfw --teacher weights:s.nfw 2> bad.txt; then exit 1; fi
grep -q "student:FILE" bad.txt
if "$TRAIN" --code bch:15,7 -o x.nfw --teacher osd:2 2> bad.txt; then exit 1; fi
grep -q "a teacher is a message-passing decoder" bad.txt
if "$TRAIN" --code bch:15,7 -o x.nfw --rule maxsum 2> bad.txt; then exit 1; fi
grep -q "rule is minsum or bp" bad.txt
# neural BP on the layered schedule from a BP teacher: its file says so, and
# a resume with another schedule names the option
"$TRAIN" --code bch:15,7 -o bp.nfw --iterations 3 --rule bp --schedule layered --teacher bp:10:layered --steps 20 --batch 16 \
    --log-every 10 --val-frames 100 --threads 2 2> bp.txt
"$WEIGHTS" info bp.nfw | grep -q "rule: sum-product, schedule: layered"
# a damped BP teacher; damping where it cannot run is refused by the parser, naming it
"$TRAIN" --code bch:15,7 -o damped.nfw --iterations 3 --teacher bp:10:0.3 --steps 10 --batch 16 --val-frames 100 --threads 2 2> dp.txt
grep -q "teacher bp:10:0.3" dp.txt || { cat dp.txt; exit 1; }
if "$TRAIN" --code bch:15,7 -o x.nfw --teacher bp:10:0.3:layered 2> bad.txt; then exit 1; fi
grep -q "flooding schedule only" bad.txt
# parameter sharing: a scalar per iteration is what the file holds; a bad form names the option
"$TRAIN" --code bch:15,7 -o sh.nfw --iterations 3 --sharing iteration --steps 10 --batch 16 --val-frames 100 --threads 2 2> sh.txt
"$WEIGHTS" info sh.nfw | grep -q "w_cv   per iteration, 3 values" || { "$WEIGHTS" info sh.nfw; exit 1; }
if "$TRAIN" --code bch:15,7 -o x.nfw --sharing per-check 2> bad.txt; then exit 1; fi
grep -q "\-\-sharing: bad value 'per-check'" bad.txt
if "$TRAIN" --code bch:15,7 -o x.nfw --sharing edge --init s.nfw 2> bad.txt; then exit 1; fi
grep -q "sharing edge is for a fresh student" bad.txt || { cat bad.txt; exit 1; }
"$TRAIN" --code bch:15,7 -o s2.nfw --iterations 3 --teacher student:s.nfw --steps 10 --batch 16 --val-frames 100 --threads 2 2> st.txt
if "$TRAIN" --code bch:15,7 -o bp.nfw --iterations 3 --rule bp --teacher bp:10:layered --steps 30 --batch 16 \
    --val-frames 100 --threads 2 --resume bp.nfw.ckpt 2> bad.txt; then exit 1; fi
grep -q "this run has 0 (--schedule)" bad.txt || { cat bad.txt; exit 1; }
# a run that cannot improve says so, and --require-improvement makes that an error
rc=0
"$TRAIN" --code bch:15,7 -o same.nfw --iterations 3 --teacher minsum:6 --lr 1e-12 --steps 20 --batch 16 --val-frames 200 \
    --validate-every 10 --threads 2 --require-improvement 2> same.txt || rc=$?
[ "$rc" -eq 3 ] || { echo "--require-improvement exited $rc"; cat same.txt; exit 1; }
grep -q "kept the starting weights: no step improved validation" same.txt
grep -q "wrote same.nfw (the starting weights, after 20 steps)" same.txt
"$WEIGHTS" info same.nfw | grep -q "kept: the starting weights"
# the learning-rate range test: a line per step, a suggestion, no file
"$TRAIN" --code bch:15,7 -o rt.nfw --iterations 3 --lr-range-test 30 --batch 16 --val-frames 100 --threads 2 $fixed_points > rt.txt 2> rt.err
[ "$(grep -c '^lr ' rt.txt)" -ge 6 ] && grep -q "^suggested --lr " rt.txt && [ ! -e rt.nfw ]
if "$TRAIN" --code bch:15,7 -o rt.nfw --lr-range-test 1 2> bad.txt; then exit 1; fi
echo "train app ok"
