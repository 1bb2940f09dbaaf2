#!/usr/bin/python3
"""The paper's comparison: distilled neural min-sum against neural BP at equal
iterations and weight count, several seeds, standard and redundant cyclic H.

Nachmani & Be'ery (arXiv 2206.00786) claim the distilled neural min-sum beats
neural BP by "up to 1.1 dB" at equal complexity. Every student here has T
iterations and one weight per edge and iteration, starts from its own
normalization scan and gets the same Adam budget; only the rule and the loss
differ:

  nbp-ce      neural BP (sum-product), cross-entropy
  nms-ce      neural min-sum, cross-entropy
  nms-kd-ms   neural min-sum, the paper's full loss (CE + KD + sparse), min-sum T=30 teacher
  nms-kd-bp   neural min-sum, the same loss, BP T=50 teacher

Every student is evaluated on the same held-out test frames (neuralfec-eval's
test stream). Writes docs/paper/table.md (docs/results.md includes it); runs
and evaluations are cached under --work, so an interrupted run resumes.

    /usr/bin/python3 scripts/paper_comparison.py --build build [--seeds 3] [--steps 1000]
"""
import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ablation import PUBLISHED, ci_neg_ln, code_k, code_slug, comparison_args, evaluate, neg_ln, provenance_numbers, run, write_text  # noqa: E402

METHODS = {
    "nbp-ce": (["--rule", "bp", "--loss", "ce"], "neural BP, CE"),
    "nms-ce": (["--rule", "minsum", "--loss", "ce"], "neural min-sum, CE"),
    "nms-kd-ms": (["--rule", "minsum", "--loss", "ce+kd+sparse", "--teacher", "minsum:30"],
                  "neural min-sum, CE + KD + sparse, min-sum T=30 teacher"),
    "nms-kd-bp": (["--rule", "minsum", "--loss", "ce+kd+sparse", "--teacher", "bp:50"],
                  "neural min-sum, CE + KD + sparse, BP T=50 teacher"),
}
MATRICES = [("standard", ""), ("cyclic", ":cyclic")]
EBN0 = [4.0, 5.0, 6.0]


def train_all(args, train):
    """{(code, matrix): {method: [weight file per seed]}}, training what is not cached."""
    out = {}
    for mname, suffix in MATRICES:
        for code in args.codes.split(";"):
            spec = code + suffix
            cdir = os.path.join(args.work, code_slug(spec))
            os.makedirs(cdir, exist_ok=True)
            for method, (opts, _) in METHODS.items():
                for seed in range(1, args.seeds + 1):
                    path = os.path.join(cdir, "%s.seed%d.nfw" % (method, seed))
                    if not os.path.exists(path):
                        t0 = time.time()
                        run([train, "--code", spec, "-o", path, "--iterations", str(args.iterations), "--steps", str(args.steps),
                             "--seed", str(seed), "--val-frames", "2000", "--log-every", "200", "--checkpoint", path + ".ckpt"] + opts,
                            log=path + ".log")
                        print("%s %s seed %d: %.0f s" % (spec, method, seed, time.time() - t0), file=sys.stderr, flush=True)
                    out.setdefault((code, mname), {}).setdefault(method, []).append(path)
    return out


def slope(rows, dec):
    """-ln(BER) gained per dB between the last two test points: turns a gap in -ln(BER) into dB."""
    return (neg_ln(rows, dec, EBN0[-1]) - neg_ln(rows, dec, EBN0[-2])) / (EBN0[-1] - EBN0[-2])


def write_table(args, students, evl, wtool):
    T = args.iterations
    lines = ["Made by `scripts/paper_comparison.py --seeds %d --steps %d --frames %d --target-errors %d` (%d Adam steps of 120 frames, training Eb/N0 "
             "chosen per code, validation on 2000 frames a point; every student T = %d with a weight per edge and iteration, "
             "started from its own normalization scan). Test: `neuralfec-eval --frames %d --target-errors %d`, the same frames "
             "for every decoder of a code. Cells: −ln(BER), the mean over seeds, the seed range in brackets; *validation* is the "
             "mean validation score of the kept weights (lower is better) and how many seeds moved off their start."
             % (args.seeds, args.steps, args.frames, args.target_errors, args.steps, T, args.frames, args.target_errors), ""]
    verdicts = []
    for (code, mname), by_method in students.items():
        spec = code + dict(MATRICES)[mname]
        refs = ["bp:%d" % T, "bp:50", "minsum:%d" % T]
        decs = refs + ["student:" + p for ps in by_method.values() for p in ps]
        rows = evaluate(evl, spec, decs, EBN0, args.frames, os.path.join(args.work, code_slug(spec), "test.csv"),
                        extra=["--target-errors", str(args.target_errors)])
        lines += ["### %s, %s H" % (code, mname), "", "| decoder | 4 dB | 5 dB | 6 dB | validation | seeds off start | training time |",
                  "|---|---|---|---|---|---|---|"]
        for ref in refs:
            lines.append("| %s | %s | | | |" % (ref, " | ".join("%.2f" % neg_ln(rows, ref, e) for e in EBN0)))
        if mname == "standard":
            for label, vals in PUBLISHED.get(code, {}).items():
                lines.append("| %s, published | %s | | | |" % (label, " | ".join("%.2f" % v for v in vals)))
        means = {}
        for method, paths in by_method.items():
            vals = [[neg_ln(rows, "student:" + p, e) for p in paths] for e in EBN0]
            means[method] = [statistics.mean(v) for v in vals]
            nums = [provenance_numbers(wtool, p) for p in paths]
            moved = sum("improved validation" in open(p + ".log").read() for p in paths)
            lines.append("| %s | %s | %.3f | %d of %d | %.0f s |" % (
                METHODS[method][1], " | ".join("%.2f [%.2f–%.2f]" % (statistics.mean(v), min(v), max(v)) for v in vals),
                statistics.mean(s for s, _ in nums), moved, len(paths), statistics.mean(t for _, t in nums)))
        k = code_k(code)
        worst = max(max(ci_neg_ln(rows[("student:" + p, e)], k)[1] - ci_neg_ln(rows[("student:" + p, e)], k)[0]
                        for p in by_method["nbp-ce"]) for e in EBN0)
        per_db = statistics.mean(slope(rows, "student:" + p) for p in by_method["nbp-ce"])
        gaps = {m: [a - b for a, b in zip(means[m], means["nbp-ce"])] for m in means if m != "nbp-ce"}
        lines += ["", "Against neural BP, mean change of −ln(BER) at 4 / 5 / 6 dB (positive: ahead of neural BP), and at "
                  "6 dB in dB on neural BP's slope (%.2f per dB); the widest 95%% interval of one neural-BP point is %.2f:" % (per_db, worst), ""]
        for m, g in gaps.items():
            lines.append("- %s: %s (%+.2f dB at 6 dB)" % (METHODS[m][1], " / ".join("%+.2f" % x for x in g), g[-1] / per_db))
        best = max(gaps, key=lambda m: gaps[m][-1])
        verdicts.append("%s %s H: the best neural min-sum (%s) is %+.2f dB from neural BP at 6 dB" % (
            code, mname, METHODS[best][1].split(", ", 1)[1], gaps[best][-1] / per_db))
        lines.append("")
    lines += ["In short: " + "; ".join(verdicts) + ".", ""]
    write_text(args.out, "\n".join(lines))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--codes", default="bch:63,36;bch:63,45", help="codes, separated by ';'")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--steps", type=int, default=1000)
    args = comparison_args(ap, "paper", 200000)
    train, evl, wtool = (args.tools[x] for x in ("train", "eval", "weights"))
    write_table(args, train_all(args, train), evl, wtool)
    return 0


if __name__ == "__main__":
    sys.exit(main())
