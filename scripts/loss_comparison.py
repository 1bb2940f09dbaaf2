#!/usr/bin/python3
"""Which loss moves a student off its scalar start on the redundant cyclic matrices.

On bch:63,36:cyclic and bch:63,45:cyclic the default recipe keeps its
normalization-scan start: cross-entropy's gradient is largest on the bits the
decoder gets confidently wrong, which no weight of five flooding iterations
fixes. The soft bit errors of the last iteration (--loss ber) put the
gradient on the bits near the decision instead. Every recipe here shares
everything but its loss (per-edge check weights and offsets, Adam lr 1e-3,
6000 steps, 100,000 validation frames a point so that the kept step is not
chosen on noise), and one more shares the weights per iteration (lr 3e-3);
the one with the best validation score is chosen, and all are measured on
the same held-out test frames beside the best scalar normalized min-sum on
the same matrix (the best alpha on those test frames, which favours it).
Writes docs/loss/table.md (docs/results.md includes it); runs and
evaluations are cached under --work.

    /usr/bin/python3 scripts/loss_comparison.py --build build
"""
import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ablation import ROOT, ci_neg_ln, code_k, code_slug, comparison_args, evaluate, neg_ln, provenance_numbers, run, training_outcome, write_text  # noqa: E402

COMMON = ["--steps", "6000", "--val-frames", "100000"]
# name, what it is, its options beyond COMMON
RECIPES = [
    ("ce+kd", "the default loss (CE over all iterations + soft KD from nms:30:0.7)", ["--loss", "ce+kd", "--offsets", "--lr", "0.001"]),
    ("ce", "CE over all iterations", ["--loss", "ce", "--offsets", "--lr", "0.001"]),
    ("ber:2", "soft bit errors, temperature 2", ["--loss", "ber", "--ber-temperature", "2", "--offsets", "--lr", "0.001"]),
    ("ber:1", "soft bit errors, temperature 1", ["--loss", "ber", "--ber-temperature", "1", "--offsets", "--lr", "0.001"]),
    ("ber:0.5", "soft bit errors, temperature 0.5", ["--loss", "ber", "--ber-temperature", "0.5", "--offsets", "--lr", "0.001"]),
    ("ber:0.5, hard frames", "soft bit errors, temperature 0.5, a quarter of each batch frames the student fails",
     ["--loss", "ber", "--ber-temperature", "0.5", "--offsets", "--hard-frames", "0.25", "--lr", "0.001"]),
    ("ber:0.5, per iteration", "soft bit errors, temperature 0.5, one check weight and one offset per iteration (10 values), lr 0.003",
     ["--loss", "ber", "--ber-temperature", "0.5", "--sharing", "iteration", "--offsets", "--lr", "0.003"]),
]
# code, its shipped flooding file (scripts/train-shipped.sh: the hard-frames recipe at 15000 steps), its layered one
CODES = [("bch:63,36:cyclic", "bch_63_36_cyclic", "bch_63_36_cyclic_layered"), ("bch:63,45:cyclic", "bch_63_45_cyclic", "bch_63_45_cyclic_layered")]
EBN0 = [4.0, 5.0, 6.0]
ALPHAS = ["0.2", "0.25", "0.3", "0.35"]


def train(args, tool, spec, name, options):
    path = os.path.join(args.work, code_slug(spec), code_slug(name) + ".nfw")
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        t0 = time.time()
        run([tool, "--code", spec, "-o", path, "--iterations", str(args.iterations), "--seed", str(args.seed), "--threads",
             str(args.threads), "--log-every", "1000", "--checkpoint", path + ".ckpt"] + COMMON + options, log=path + ".log")
        print("%s %s: %.0f s" % (spec, name, time.time() - t0), file=sys.stderr, flush=True)
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    args = comparison_args(ap, "loss", 1000000)
    ttool, etool, wtool = (args.tools[x] for x in ("train", "eval", "weights"))
    lines = ["Made by `scripts/loss_comparison.py --seed %d --frames %d --target-errors %d`: T = %d, every recipe `%s` plus its "
             "own options, from the same normalization scan, seed %d on %d threads; the recipe with the best validation score (mean "
             "ln BER on the validation frames, lower is better) is **bold**. Test: `neuralfec-eval --frames %d --target-errors %d`, "
             "the same frames for every decoder of a code; cells −ln(BER) with its 95%% interval (bits taken as independent: "
             "errors come in frames, so the true interval is about twice as wide)."
             % (args.seed, args.frames, args.target_errors, args.iterations, " ".join(COMMON), args.seed, args.threads, args.frames,
                args.target_errors), ""]
    for spec, shipped, layered in CODES:
        k = code_k(spec)
        paths = {name: train(args, ttool, spec, name, opts) for name, _, opts in RECIPES}
        nms = ["nms:%d:%s" % (args.iterations, a) for a in ALPHAS]
        shipped_dec, layered_dec = ("student:" + os.path.join(ROOT, "weights", f + ".nfw") for f in (shipped, layered))
        decs = nms + [shipped_dec, layered_dec] + ["student:" + paths[n] for n, _, _ in RECIPES]
        rows = evaluate(etool, spec, decs, EBN0, args.frames, os.path.join(args.work, code_slug(spec), "test.csv"),
                        extra=["--target-errors", str(args.target_errors), "--threads", str(args.threads)])
        best_nms = max(nms, key=lambda d: sum(neg_ln(rows, d, e) for e in EBN0))
        scores = {n: provenance_numbers(wtool, paths[n]) for n, _, _ in RECIPES}
        chosen = min(scores, key=lambda n: scores[n][0])

        def cells(dec):
            return " | ".join("%.2f [%.2f–%.2f]" % ((neg_ln(rows, dec, e),) + ci_neg_ln(rows[(dec, e)], k)) for e in EBN0)

        def gain(dec):
            return " / ".join("%+.2f" % (neg_ln(rows, dec, e) - neg_ln(rows, best_nms, e)) for e in EBN0)
        lines += ["### %s" % spec, "",
                  "| decoder | %s | over the best NMS | validation: start → kept | training time |" % " | ".join("%g dB" % e for e in EBN0),
                  "|---|%s---|---|---|" % ("---|" * len(EBN0)),
                  "| the best scalar NMS on these frames, `%s` (of α %s) | %s | | | |" % (best_nms, ", ".join(ALPHAS), cells(best_nms)),
                  "| shipped `%s` (layered schedule, for reference) | %s | %s | | |" % (layered, cells(layered_dec), gain(layered_dec))]
        for name, what, _ in RECIPES:
            dec = "student:" + paths[name]
            label = "**%s**" % name if name == chosen else name
            lines.append("| %s: %s | %s | %s | %s | %.0f s |" % (label, what, cells(dec), gain(dec), training_outcome(open(paths[name] + ".log").read()), scores[name][1]))
        lines.append("| shipped `%s`: the hard-frames recipe with 15000 steps (`scripts/train-shipped.sh`) | %s | %s | %s | %.0f s |"
                     % (shipped, cells(shipped_dec), gain(shipped_dec), training_outcome(run([wtool, "info", shipped_dec[8:]])),
                        provenance_numbers(wtool, shipped_dec[8:])[1]))
        lines += ["", "Chosen on validation: %s, %s over the best scalar NMS at %s dB." % (
            chosen, gain("student:" + paths[chosen]), " / ".join("%g" % e for e in EBN0)), ""]
    write_text(args.out, "\n".join(lines))
    print(open(args.out).read())
    return 0


if __name__ == "__main__":
    sys.exit(main())
