#!/usr/bin/python3
"""Parameter sharing of the student's check weights, chosen on validation.

neuralfec-train --sharing gives the check weights one value per edge and
iteration (edge-iteration, the default), per edge (edge), per iteration
(iteration: a normalization per iteration) or per check degree and iteration
(check-degree; on a check-regular code the same as iteration, so it is only
trained where the checks' degrees differ). Every form is trained with the
default recipe otherwise, from the same normalization scan; the one with the
best validation score is chosen, and every form is then measured on the same
held-out test frames (neuralfec-eval's test stream) beside the scalar
normalized min-sum it started from. Writes docs/sharing/table.md
(docs/results.md includes it); runs and evaluations are cached under --work.

    /usr/bin/python3 scripts/sharing_comparison.py --build build [--steps 1500]
"""
import argparse
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ablation import ci_neg_ln, code_slug, comparison_args, evaluate, neg_ln, provenance_numbers, run, training_outcome, write_text  # noqa: E402

FORMS = ["edge-iteration", "edge", "iteration", "check-degree"]
LDPC = "/usr/share/gnuradio/fec/ldpc/"
# code, test Eb/N0 points (where the start's BER is about 1e-2 .. 1e-5)
CODES = [("bch:63,36:cyclic", [4.0, 5.0, 6.0]), (LDPC + "n_0100_k_0042_gap_02.alist", [3.0, 4.0, 5.0]),
         ("wifi:648:1/2", [1.5, 2.0, 2.5])]


def code_numbers(code_tool, spec):
    """(k, distinct check degrees) of a code."""
    info = run([code_tool, "info", spec])
    k = int(re.search(r"^k: (\d+)", info, re.M).group(1))
    alist = run([code_tool, "alist", spec]).split("\n")
    return k, len(set(alist[3].split()))


def train(args, tool, spec, form):
    path = os.path.join(args.work, code_slug(spec), form + ".nfw")
    if not os.path.exists(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        t0 = time.time()
        run([tool, "--code", spec, "-o", path, "--iterations", str(args.iterations), "--steps", str(args.steps), "--sharing", form,
             "--seed", str(args.seed), "--log-every", "500", "--checkpoint", path + ".ckpt"], log=path + ".log")
        print("%s %s: %.0f s" % (spec, form, time.time() - t0), file=sys.stderr, flush=True)
    return path


def start_alpha(path):
    m = re.search(r"normalization scan: starting from check weights ([0-9.]+)", open(path + ".log").read())
    return m.group(1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--steps", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=1)
    args = comparison_args(ap, "sharing", 400000)
    ttool, etool, wtool, ctool = (args.tools[x] for x in ("train", "eval", "weights", "code"))
    T = args.iterations
    lines = ["Made by `scripts/sharing_comparison.py --steps %d --seed %d --frames %d --target-errors %d`: neuralfec-train's default "
             "recipe (T = %d, %d Adam steps) with each `--sharing` form, from the same normalization scan; the form with the best "
             "validation score (mean ln BER on the validation frames, lower is better) is the one chosen (**bold**). Test: "
             "`neuralfec-eval --frames %d --target-errors %d`, the same frames for every decoder of a code; cells −ln(BER) with its "
             "95%% interval; *w_cv values* is the count the weight file holds."
             % (args.steps, args.seed, args.frames, args.target_errors, T, args.steps, args.frames, args.target_errors), ""]
    for spec, ebn0 in CODES:
        k, degrees = code_numbers(ctool, spec)
        forms = [f for f in FORMS if f != "check-degree" or degrees > 1]
        paths = {f: train(args, ttool, spec, f) for f in forms}
        alpha = start_alpha(paths[forms[0]])
        nms = "nms:%d:%s" % (T, alpha)
        decs = ["minsum:%d" % T, nms] + ["student:" + paths[f] for f in forms]
        rows = evaluate(etool, spec, decs, ebn0, args.frames, os.path.join(args.work, code_slug(spec), "test.csv"),
                        extra=["--target-errors", str(args.target_errors), "--threads", "2"])
        scores = {f: provenance_numbers(wtool, paths[f]) for f in forms}
        chosen = min(forms, key=lambda f: scores[f][0])
        name = os.path.basename(spec) if spec.startswith("/") else spec
        lines += ["### %s (%s)" % (name, "%d check degrees" % degrees if degrees > 1 else "check-regular: check-degree is iteration"), "",
                  "| decoder | w_cv values | %s | validation: start → kept | training time |" % " | ".join("%g dB" % e for e in ebn0),
                  "|---|---|%s---|---|" % ("---|" * len(ebn0))]

        def cells(dec):
            return " | ".join("%.2f [%.2f–%.2f]" % ((neg_ln(rows, dec, e),) + ci_neg_ln(rows[(dec, e)], k)) for e in ebn0)
        for ref, what in ((decs[0], "min-sum"), (nms, "scalar NMS, the start")):
            lines.append("| %s `%s` | | %s | | |" % (what, ref, cells(ref)))
        for f in forms:
            info = run([wtool, "info", paths[f]])
            count = re.search(r"^w_cv\s+.*?, (\d+) values", info, re.M).group(1)
            if f == "check-degree":
                count += " (%d distinct)" % (degrees * T)
            val = training_outcome(open(paths[f] + ".log").read())
            label = "**%s**" % f if f == chosen else f
            lines.append("| %s | %s | %s | %s | %.0f s |" % (label, count, cells("student:" + paths[f]), val, scores[f][1]))
        best = "student:" + paths[chosen]
        lines += ["", "Chosen on validation: %s; against its start (%s) on the test frames: %s." % (
            chosen, nms, " / ".join("%+.2f" % (neg_ln(rows, best, e) - neg_ln(rows, nms, e)) for e in ebn0)), ""]
    write_text(args.out, "\n".join(lines))
    print(open(args.out).read())
    return 0


if __name__ == "__main__":
    sys.exit(main())
