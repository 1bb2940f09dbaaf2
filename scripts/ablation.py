#!/usr/bin/python3
"""Ablation of the student's training recipe, and docs/results.md from it.

Trains every setting of a grid with several seeds (neuralfec-train), evaluates
every student on the same held-out test frames (neuralfec-eval: random
codewords from the test stream, never seen in training or validation), and
writes docs/results.md with the mean and seed spread of -ln(BER) at 4/5/6 dB,
training times, and BER/FER plots.

The default recipe is chosen on validation frames only: each run records its
best validation score (mean ln BER at 3/4/5 dB on the validation stream) in
its weight file, and the setting with the best mean score wins. The test
table never takes part in the choice.

Runs are cached under --work (a finished student or evaluation is not redone),
so an interrupted ablation resumes where it stopped; --only NAME runs one
setting alone.

    /usr/bin/python3 scripts/ablation.py --build build [--only ce-multi] [--seeds 3]
"""
import argparse
import csv
import math
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# name -> (neuralfec-train arguments, description). Every run starts from the
# normalization scan (the best scalar check weight on validation frames).
SETTINGS = {
    "ce": (["--loss", "ce"], "CE on the last iteration only"),
    "ce-multi": (["--loss", "ce", "--multiloss"], "CE averaged over all iterations (multi-loss)"),
    "paper": (["--loss", "ce+kd+sparse"], "the paper's loss as written: CE + 1 x raw KD (min-sum T=30 teacher) + 0.01 x L1 sparse"),
    "ce+kd": (["--loss", "ce+kd"], "CE + raw KD, min-sum T=30 teacher"),
    "ce+sparse": (["--loss", "ce+sparse"], "CE + 0.01 x L1 sparse on raw messages"),
    "kd": (["--loss", "kd"], "raw KD alone, min-sum T=30 teacher"),
    "multi+kd-rel-nms": (["--loss", "ce+kd", "--multiloss", "--teacher", "minsum:30:0.7", "--kd-form", "relative", "--lambda", "0.1"],
                         "multi-loss CE + 0.1 x relative KD from normalized min-sum (x0.7) T=30"),
    "multi+kd-soft-nms": (["--loss", "ce+kd", "--multiloss", "--teacher", "minsum:30:0.7", "--kd-form", "soft", "--lambda", "0.1"],
                          "multi-loss CE + 0.1 x soft KD (tau 4) from normalized min-sum (x0.7) T=30"),
    "multi+kd-out-nms-anneal": (["--loss", "ce+kd", "--multiloss", "--teacher", "minsum:30:0.7", "--kd-form", "soft",
                                 "--kd-target", "soft-output", "--kd-map", "proportional", "--kd-schedule", "anneal:1500"],
                                "multi-loss CE + soft KD on soft outputs, proportional map, annealed over 1500 steps"),
    "multi+sparse-tanh": (["--loss", "ce+sparse", "--multiloss", "--sparse-on", "tanh"], "multi-loss CE + 0.01 x L1 sparse on tanh(m/2)"),
}
SUBSET = ["ce", "ce-multi", "paper", "multi+kd-rel-nms", "multi+kd-soft-nms"]
REFERENCES = ["minsum:5", "minsum:30", "nms:5:0.7", "nms:30:0.7"]
TEST_EBN0 = [4.0, 5.0, 6.0]
PLOT_EBN0 = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
# Published BP (sum-product) on the standard matrix, -ln(BER) at 4/5/6 dB
# (Choukroun & Wolf 2022, Table 1; ../shared/literature.md).
PUBLISHED = {
    "bch:63,36": {"BP, 5 iterations": (3.72, 4.65, 5.66), "BP, 50 iterations": (4.03, 5.42, 7.26)},
    "bch:63,45": {"BP, 5 iterations": (4.08, 4.96, 6.07), "BP, 50 iterations": (4.36, 5.55, 7.26)},
}


def run(cmd, log=None):
    r = subprocess.run(cmd, capture_output=True, text=True)
    if log:
        with open(log, "w") as f:
            f.write(r.stderr)
    if r.returncode != 0:
        raise RuntimeError("%s failed (%d):\n%s" % (" ".join(cmd), r.returncode, r.stderr[-2000:]))
    return r.stdout


def provenance_numbers(weights_tool, path):
    info = run([weights_tool, "info", path])
    score = re.search(r"validation score (-?[0-9.]+)", info)
    secs = re.search(r"steps: \d+.*?; ([0-9.]+) s this run", info)
    return (float(score.group(1)) if score else float("nan"), float(secs.group(1)) if secs else float("nan"))


def evaluate(eval_tool, code, decoders, ebn0, frames, out_csv):
    if not os.path.exists(out_csv):
        run([eval_tool, "--code", code, "--decoders", ",".join(decoders), "--ebn0", ",".join(str(x) for x in ebn0),
             "--frames", str(frames), "--csv", out_csv + ".tmp"])
        os.replace(out_csv + ".tmp", out_csv)
    rows = {}
    with open(out_csv) as f:
        for r in csv.DictReader(f):
            rows[(r["decoder"], float(r["ebn0_db"]))] = r
    return rows


def code_slug(code):
    return re.sub(r"[^A-Za-z0-9]+", "_", code).strip("_")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"), help="build tree with apps/neuralfec-*")
    ap.add_argument("--work", help="cache of trained students and evaluations (default BUILD/ablation)")
    ap.add_argument("--codes", default="bch:63,36,bch:63,45")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--frames", type=int, default=30000, help="test frames per point")
    ap.add_argument("--only", help="run this setting alone (and no report)")
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", "results.md"))
    args = ap.parse_args()
    apps = os.path.join(args.build, "apps")
    train, evl, wtool = (os.path.join(apps, x) for x in ("neuralfec-train", "neuralfec-eval", "neuralfec-weights"))
    work = args.work or os.path.join(args.build, "ablation")
    codes = [c for c in re.split(r",(?=bch:|/)", args.codes) if c]
    results = {}
    for ci, code in enumerate(codes):
        names = list(SETTINGS) if ci == 0 else SUBSET
        if args.only:
            names = [args.only]
        cdir = os.path.join(work, code_slug(code))
        os.makedirs(cdir, exist_ok=True)
        students = {}
        for name in names:
            for seed in range(1, args.seeds + 1):
                out = os.path.join(cdir, "%s.seed%d.nfw" % (name, seed))
                if not os.path.exists(out):
                    t0 = time.time()
                    run([train, "--code", code, "-o", out, "--steps", str(args.steps), "--seed", str(seed), "--log-every", "500",
                         "--checkpoint", out + ".ckpt"] + SETTINGS[name][0], log=out + ".log")
                    print("%s %s seed %d: %.0f s" % (code, name, seed, time.time() - t0), file=sys.stderr, flush=True)
                students.setdefault(name, []).append(out)
        if args.only:
            continue
        decoders = REFERENCES + ["student:" + p for ps in students.values() for p in ps]
        rows = evaluate(evl, code, decoders, TEST_EBN0, args.frames, os.path.join(cdir, "test.csv"))
        results[code] = (students, rows)
    if args.only:
        return 0
    write_report(args, codes, results, wtool, evl, work)
    return 0


def neg_ln(rows, dec, e):
    r = rows[(dec, e)]
    return float(r["neg_ln_ber"])


def write_report(args, codes, results, wtool, evl, work):
    lines = ["# Results: training the 5-iteration student", "",
             "Made by `scripts/ablation.py` (%d seeds per setting, %d Adam steps, batch 120, Eb/N0 1..6 dB, lr 0.01). "
             "Every student starts from the normalization scan (the best scalar check weight on validation frames). "
             "Test: %d frames per point of random codewords, BPSK/AWGN, the same frames for every decoder, BER over the "
             "information bits, from a stream no training or validation run draws from. Entries are −ln(BER) (higher is better), "
             "mean over seeds, with the range over seeds in brackets. The default is chosen by the validation score recorded "
             "in each weight file (mean ln BER at 3/4/5 dB on validation frames), never by this table." % (args.seeds, args.steps, args.frames), ""]
    chosen = {}
    for code in codes:
        students, rows = results[code]
        lines += ["## %s" % code, "", "| decoder | 4 dB | 5 dB | 6 dB | validation score | training time |", "|---|---|---|---|---|---|"]
        for ref in REFERENCES:
            lines.append("| %s (reference) | %s | | |" % (ref, " | ".join("%.2f" % neg_ln(rows, ref, e) for e in TEST_EBN0)))
        for label, vals in PUBLISHED.get(code, {}).items():
            lines.append("| %s, published | %s | | |" % (label, " | ".join("%.2f" % v for v in vals)))
        best_name, best_score = None, float("inf")
        for name, paths in students.items():
            vals = [[neg_ln(rows, "student:" + p, e) for p in paths] for e in TEST_EBN0]
            nums = [provenance_numbers(wtool, p) for p in paths]
            score = statistics.mean(s for s, _ in nums)
            secs = statistics.mean(t for _, t in nums)
            if score < best_score:
                best_name, best_score = name, score
            cells = ["%.2f [%.2f–%.2f]" % (statistics.mean(v), min(v), max(v)) for v in vals]
            lines.append("| student: %s — %s | %s | %.3f | %.0f s |" % (name, SETTINGS[name][1], " | ".join(cells), score, secs))
        chosen[code] = best_name
        lines += ["", "Best by validation: **%s**." % best_name, ""]
    lines += ["## Which terms pay", "", "(see the note below the tables)", ""]
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out + ".tmp", "w") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(args.out + ".tmp", args.out)
    print("wrote %s; best by validation: %s" % (args.out, chosen))


if __name__ == "__main__":
    sys.exit(main())
