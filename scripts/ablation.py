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
import hashlib
import math
import os
import re
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# name -> (neuralfec-train arguments, description), every option that differs
# from any default spelled out, so the grid means the same whatever the
# defaults become. Every run starts from the normalization scan.
SETTINGS = {
    "ce": (["--loss", "ce", "--single-loss"], "CE on the last iteration only"),
    "ce-multi": (["--loss", "ce", "--multiloss"], "CE averaged over all iterations (multi-loss)"),
    "paper": (["--loss", "ce+kd+sparse", "--single-loss", "--teacher", "minsum:30", "--kd-form", "raw", "--kd-target", "messages", "--kd-map", "offset", "--kd-schedule", "constant"], "the paper's loss as written: CE + 1 x raw KD (min-sum T=30 teacher) + 0.01 x L1 sparse"),
    "ce+kd": (["--loss", "ce+kd", "--single-loss", "--teacher", "minsum:30", "--kd-form", "raw", "--kd-target", "messages", "--kd-map", "offset", "--kd-schedule", "constant"], "CE + raw KD, min-sum T=30 teacher"),
    "ce+sparse": (["--loss", "ce+sparse", "--single-loss"], "CE + 0.01 x L1 sparse on raw messages"),
    "kd": (["--loss", "kd", "--single-loss", "--teacher", "minsum:30", "--kd-form", "raw", "--kd-target", "messages", "--kd-map", "offset", "--kd-schedule", "constant"], "raw KD alone, min-sum T=30 teacher"),
    "multi+kd-rel-nms": (["--loss", "ce+kd", "--multiloss", "--teacher", "nms:30:0.7", "--kd-form", "relative", "--lambda", "0.1", "--kd-target", "messages", "--kd-map", "offset", "--kd-schedule", "constant"],
                         "multi-loss CE + 0.1 x relative KD from normalized min-sum (x0.7) T=30"),
    "multi+kd-soft-nms": (["--loss", "ce+kd", "--multiloss", "--teacher", "nms:30:0.7", "--kd-form", "soft", "--lambda", "0.1", "--kd-target", "messages", "--kd-map", "offset", "--kd-schedule", "constant"],
                          "multi-loss CE + 0.1 x soft KD (tau 4) from normalized min-sum (x0.7) T=30"),
    "multi+kd-out-nms-anneal": (["--loss", "ce+kd", "--multiloss", "--teacher", "nms:30:0.7", "--kd-form", "soft",
                                 "--kd-target", "soft-output", "--kd-map", "proportional", "--kd-schedule", "anneal:1500"],
                                "multi-loss CE + soft KD on soft outputs, proportional map, annealed over 1500 steps"),
    "multi+sparse-tanh": (["--loss", "ce+sparse", "--multiloss", "--sparse-on", "tanh"], "multi-loss CE + 0.01 x L1 sparse on tanh(m/2)"),
}
SUBSET = ["ce", "ce-multi", "paper", "multi+kd-rel-nms", "multi+kd-soft-nms", "multi+kd-out-nms-anneal"]
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


def training_outcome(log):
    """What a run's log (or its weight file's provenance) says of its validation:
    "start → kept (step S)", or the start kept."""
    moved = re.search(r"improved validation from (-?[0-9.]+) to (-?[0-9.]+) \(step (\d+)\)", log)
    if moved:
        return "%s → %s (step %s)" % moved.groups()
    return "%s, kept the start" % re.search(r"kept the starting weights: no step improved validation \((-?[0-9.]+)\)", log).group(1)


def evaluate(eval_tool, code, decoders, ebn0, frames, out_csv, extra=()):
    # The cache is keyed by everything that decides the numbers.
    files = [open(d[8:], "rb").read() for d in decoders if d.startswith("student:")]
    key = (code, decoders, ebn0, frames, [hashlib.sha1(f).hexdigest() for f in files]) + ((list(extra),) if extra else ())
    key = hashlib.sha1(repr(key).encode()).hexdigest()[:10]
    out_csv = "%s.%s.csv" % (out_csv[:-4] if out_csv.endswith(".csv") else out_csv, key)
    if not os.path.exists(out_csv):
        run([eval_tool, "--code", code, "--decoders", ",".join(decoders), "--ebn0", ",".join(str(x) for x in ebn0),
             "--frames", str(frames), "--csv", out_csv + ".tmp"] + list(extra))
        os.replace(out_csv + ".tmp", out_csv)
    rows = {}
    with open(out_csv) as f:
        for r in csv.DictReader(f):
            rows[(r["decoder"], float(r["ebn0_db"]))] = r
    return rows


def write_text(path, text):
    """Writes a table whole or not at all: a temporary file, synced, renamed."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path + ".tmp", "w") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(path + ".tmp", path)


def comparison_args(ap, name, frames):
    """Parses the options every comparison script shares (after its own); its
    table is docs/NAME/table.md, its cache BUILD/NAME_comparison; args.tools
    maps train, eval, weights and code to the build's neuralfec-* apps."""
    ap.add_argument("--build", default=os.path.join(ROOT, "build"), help="build tree with apps/neuralfec-*")
    ap.add_argument("--work", help="cache of trained students and evaluations (default BUILD/%s_comparison)" % name)
    ap.add_argument("--iterations", type=int, default=5)
    ap.add_argument("--frames", type=int, default=frames, help="test frames per point, at most")
    ap.add_argument("--target-errors", type=int, default=300, help="a test point stops at this many frame errors")
    ap.add_argument("--out", default=os.path.join(ROOT, "docs", name, "table.md"))
    args = ap.parse_args()
    args.work = args.work or os.path.join(args.build, name + "_comparison")
    args.tools = {x: os.path.join(args.build, "apps", "neuralfec-" + x) for x in ("train", "eval", "weights", "code")}
    return args


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
                    run([train, "--code", code, "-o", out, "--steps", str(args.steps), "--seed", str(seed), "--log-every", "500", "--validate-every", "500", "--val-frames", "2000",
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
    return float(rows[(dec, e)]["neg_ln_ber"])


def ci_neg_ln(row, k):
    """95% Wilson interval of the BER, as a -ln(BER) range (bits taken as independent)."""
    be, f = int(row["bit_errors"]), int(row["frames"])
    n = f * k
    p = be / n
    z = 1.96
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    lo, hi = max(c - h, 1e-300), c + h
    return -math.log(hi), -math.log(lo)


SHIPPED = [("bch_63_36", "bch:63,36"), ("bch_63_36_cyclic", "bch:63,36:cyclic"), ("bch_63_45", "bch:63,45"),
           ("bch_63_45_cyclic", "bch:63,45:cyclic"), ("bch_127_64", "bch:127,64"), ("bch_127_64_cyclic", "bch:127,64:cyclic"),
           ("n_0100_k_0042_gap_02", "/usr/share/gnuradio/fec/ldpc/n_0100_k_0042_gap_02.alist"),
           ("bch_63_36_cyclic_layered", "bch:63,36:cyclic"), ("bch_63_45_cyclic_layered", "bch:63,45:cyclic"),
           ("bch_127_64_cyclic_layered", "bch:127,64:cyclic")]
# docs/FOLDER/table.md included in the report: (folder, heading, lead paragraph)
INCLUDED = [
    ("bp", "Sum-product, neural BP and the layered schedule", None),
    ("paper", "The paper's comparison: neural min-sum against neural BP, three seeds", None),
    ("nearml", "Against maximum likelihood", "Every shipped decoder against the strongest ordered-statistics decoder (near-ML) on the "
     "same test frames, measured by `scripts/nearml_sweep.sh` (OSD-4 on BCH(127,64), its costs and the choices behind the blocks' "
     "defaults: `docs/nearml.md`)."),
    ("training", "Hard-frame emphasis", None),
    ("sharing", "Parameter sharing of the check weights", None),
    ("osd_loss", "Training for the hybrid decoder: L_osd", None),
    ("loss", "Which loss moves the cyclic students: soft bit errors", None),
    ("standard", "Standard codes: IEEE 802.11n/ac", None),
]
NMS_ALPHAS = [0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]


def code_k(spec):
    m = re.match(r"bch:(\d+),(\d+)", spec)
    return int(m.group(2)) if m else 42


def ebn0_at(rows, dec, target=1e-3):
    """Eb/N0 where the BER curve crosses target (log-BER interpolated linearly), or None."""
    pts = sorted((e, float(r["ber"])) for (d, e), r in rows.items() if d == dec and float(r["ber"]) > 0)
    for (e0, b0), (e1, b1) in zip(pts, pts[1:]):
        if b0 >= target > b1:
            return e0 + (math.log(b0) - math.log(target)) / (math.log(b0) - math.log(b1)) * (e1 - e0)
    return None


def plot_curves(rows, decoders, labels, path, title):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.8))
    for key, ax, name in (("ber", axes[0], "BER"), ("fer", axes[1], "FER")):
        for dec, label in zip(decoders, labels):
            pts = sorted((e, float(r[key])) for (d, e), r in rows.items() if d == dec and float(r[key]) > 0)
            if pts:
                ax.plot([x for x, _ in pts], [y for _, y in pts], marker="o", label=label)
        ax.set_yscale("log")
        ax.set_xlabel("Eb/N0 (dB)")
        ax.set_ylabel(name)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path + ".tmp.png", dpi=100)
    os.replace(path + ".tmp.png", path)


def write_report(args, codes, results, wtool, evl, work):
    docs = os.path.dirname(args.out)
    lines = ["# Results: training the 5-iteration student", "",
             "Made by `scripts/ablation.py` (run it again to reproduce; cached runs are reused). "
             "BPSK over AWGN, Eb/N0 with the rate-adjusted noise variance 1/(2R·Eb/N0), BER over the information bits of random "
             "codewords. Test frames come from a stream that no training or validation run draws from, and every decoder in a table "
             "sees the same ones (%d frames per point). Entries are −ln(BER), higher is better." % args.frames, "",
             "## The ablation", "",
             "%d seeds per setting, %d Adam steps of batch 120 (Eb/N0 spread over 1..6 dB), lr 0.01, student T = 5 with a weight per "
             "edge and iteration. Every student starts from the normalization scan (the best scalar check weight on validation "
             "frames, 0.10..1.00). Cells are the mean over seeds with the range in brackets; *validation* is the mean ln BER at "
             "3/4/5 dB on the validation frames that chose each run's kept weights (lower is better): the default recipe is the "
             "setting with the best validation score, never chosen on the test table. Training times are wall-clock on the "
             "2-core machine, with other work running beside them." % (args.seeds, args.steps), ""]
    chosen = {}
    summary = {}
    for code in codes:
        students, rows = results[code]
        lines += ["### %s" % code, "", "| decoder | 4 dB | 5 dB | 6 dB | validation | training time |", "|---|---|---|---|---|---|"]
        for ref in REFERENCES:
            lines.append("| %s (no training) | %s | | |" % (ref, " | ".join("%.2f" % neg_ln(rows, ref, e) for e in TEST_EBN0)))
        for label, vals in PUBLISHED.get(code, {}).items():
            lines.append("| %s, published | %s | | |" % (label, " | ".join("%.2f" % v for v in vals)))
        best_name, best_score = None, float("inf")
        stats = {}
        for name, paths in students.items():
            vals = [[neg_ln(rows, "student:" + p, e) for p in paths] for e in TEST_EBN0]
            nums = [provenance_numbers(wtool, p) for p in paths]
            score = statistics.mean(s for s, _ in nums)
            secs = statistics.mean(t for _, t in nums)
            stats[name] = vals
            if score < best_score:
                best_name, best_score = name, score
            cells = ["%.2f [%.2f–%.2f]" % (statistics.mean(v), min(v), max(v)) for v in vals]
            lines.append("| %s: %s | %s | %.3f | %.0f s |" % (name, SETTINGS[name][1], " | ".join(cells), score, secs))
        chosen[code] = best_name
        summary[code] = stats
        lines += ["", "Best by validation: **%s**." % best_name, ""]
        base = "ce-multi" if "ce-multi" in stats else None
        if base:
            lines += ["Against `ce-multi` (the neural min-sum baseline), mean change of −ln(BER) at 4 / 5 / 6 dB, and whether it "
                      "exceeds the seed spread of both settings:", ""]
            for name, vals in stats.items():
                if name == base:
                    continue
                deltas = [statistics.mean(v) - statistics.mean(b) for v, b in zip(vals, stats[base])]
                spread = [max(max(v) - min(v), max(b) - min(b)) for v, b in zip(vals, stats[base])]
                verdict = ["%+.2f%s" % (d, "" if abs(d) > s else " (within spread)") for d, s in zip(deltas, spread)]
                lines.append("- %s: %s" % (name, " / ".join(verdict)))
            lines.append("")
    results["chosen"] = chosen
    first = codes[0]
    st = summary[first]
    mean = lambda name: [statistics.mean(v) for v in st[name]]
    if all(x in st for x in ("paper", "ce", "kd", "ce-multi")):
        ranked = sorted(st, key=lambda name: -sum(mean(name)))
        lines += ["## The paper's claims, on %s" % first, "",
                  "- *The full loss trains the best student*: it ranks %d of %d settings by mean −ln(BER) over 4/5/6 dB (%s vs the best, %s: %s)."
                  % (ranked.index("paper") + 1, len(ranked), " / ".join("%.2f" % x for x in mean("paper")), ranked[0],
                     " / ".join("%.2f" % x for x in mean(ranked[0]))),
                  "- *Distillation alone degrades at 3–6 dB*: KD alone gives %s against CE alone %s. With the paper's raw message "
                  "distance the KD term is about 1e4 against a cross-entropy of about 0.1 (see the runs' logs), so it pins the student to "
                  "the teacher's plain min-sum; keeping the best weights by validation then keeps the starting point."
                  % (" / ".join("%.2f" % x for x in mean("kd")), " / ".join("%.2f" % x for x in mean("ce"))),
                  "- *Up to ~1 dB over the CE-only neural decoder at the same T*: the best setting is %s above CE-only (last iteration) "
                  "in −ln(BER), a few hundredths of a dB, not 1 dB. What moves the error rate is the starting point (the normalization scan "
                  "alone gives most of the gain over min-sum, see *NMS best* below) and, far more, the redundant cyclic matrix."
                  % " / ".join("%+.2f" % (a - b) for a, b in zip(mean(ranked[0]), mean("ce"))), ""]
    # sections measured apart, each with its commands (or the script that made it) inside
    for folder, heading, lead in INCLUDED:
        path = os.path.join(ROOT, "docs", folder, "table.md")
        if os.path.exists(path):
            lines += ["## " + heading, ""] + ([lead, ""] if lead else []) + [open(path).read().strip(), ""]
    shipped = [(n, c) for n, c in SHIPPED if os.path.exists(os.path.join(ROOT, "weights", n + ".nfw"))]
    if shipped:
        lines += ["## Shipped students", "",
                  "The files in `weights/` (provenance inside: `neuralfec-weights info`), trained with `scripts/train-shipped.sh`, "
                  "i.e. neuralfec-train's defaults (the flooding cyclic BCH-63 files with the soft-bit-error recipe, *Which loss moves "
                  "the cyclic students*; the `_layered` ones on their schedule at lr 0.001). 95%% intervals from the BER's Wilson interval (bits taken as independent). "
                  "*NMS best* is the best scalar normalized min-sum at T=5 over α in %s, on these test frames, on the flooding schedule "
                  "(the `_layered` files are row-layered scalar NMS themselves)." % NMS_ALPHAS, "",
                  "| student | matrix edges | 4 dB | 5 dB | 6 dB | min-sum T=5 | NMS best T=5 (α) |", "|---|---|---|---|---|---|---|"]
        for name, spec in shipped:
            path = os.path.join(ROOT, "weights", name + ".nfw")
            decs = ["student:" + path, "minsum:5"] + ["nms:5:%g" % a for a in NMS_ALPHAS]
            rows = evaluate(evl, spec, decs, TEST_EBN0, args.frames, os.path.join(work, "shipped_%s.csv" % name))
            k = code_k(spec)
            cells = []
            for e in TEST_EBN0:
                r = rows[("student:" + path, e)]
                lo, hi = ci_neg_ln(r, k)
                cells.append("%.2f (%.2f–%.2f)" % (float(r["neg_ln_ber"]), lo, hi))
            ms = " / ".join("%.2f" % neg_ln(rows, "minsum:5", e) for e in TEST_EBN0)
            best_a = max(NMS_ALPHAS, key=lambda a: sum(neg_ln(rows, "nms:5:%g" % a, e) for e in TEST_EBN0))
            nms = " / ".join("%.2f" % neg_ln(rows, "nms:5:%g" % best_a, e) for e in TEST_EBN0)
            edges = re.search(r"(\d+) edges", run([wtool, "info", path])).group(1)
            lines.append("| %s | %s | %s | %s | %s (%g) |" % (name, edges, " | ".join(cells), ms, nms, best_a))
        lines.append("")
    for code in codes:
        slug = code_slug(code)
        decs = ["minsum:5", "minsum:30", "nms:30:0.7"]
        labels = ["min-sum T=5", "min-sum T=30 (the paper's teacher)", "normalized min-sum T=30, α 0.7"]
        students = results[code][0]
        for name in ["ce", "ce+kd", "ce+sparse", "kd", "paper", "ce-multi", chosen[code]]:
            if name in students and "student:" + students[name][0] not in decs:
                decs.append("student:" + students[name][0])
                labels.append("student T=5: %s (seed 1)" % name)
        for name, spec in shipped:
            if spec.split(":cyclic")[0] == code:
                decs.append("student:" + os.path.join(ROOT, "weights", name + ".nfw"))
                labels.append("shipped student T=5, %s" % ("redundant cyclic H" if spec.endswith(":cyclic") else "standard H"))
        frames = max(5000, args.frames // 3)
        # The redundant matrix is the same code with the same encoder, so its
        # decoders see the very same frames when evaluated under its spec.
        plain = [d for d in decs if not d.endswith("_cyclic.nfw")]
        cyclic = [d for d in decs if d.endswith("_cyclic.nfw")]
        rows = evaluate(evl, code, plain, PLOT_EBN0, frames, os.path.join(work, "curves_%s.csv" % slug))
        if cyclic:
            rows.update(evaluate(evl, code + ":cyclic", cyclic, PLOT_EBN0, frames, os.path.join(work, "curves_%s_cyclic.csv" % slug)))
        png = "results_%s.png" % slug
        plot_curves(rows, decs, labels, os.path.join(docs, png), "%s, BPSK over AWGN, 5-iteration students" % code)
        k = code_k(code)
        lines += ["## BER and FER over 1..6 dB: %s" % code, "", "![BER and FER, %s](%s)" % (code, png), "",
                  "BER / FER, %d frames per point (the bit-error count behind each BER is in `%s`):" % (frames, "curves_%s.csv" % slug), "",
                  "| decoder | " + " | ".join("%g dB" % e for e in PLOT_EBN0) + " |", "|---|" + "---|" * len(PLOT_EBN0)]
        for dec, label in zip(decs, labels):
            lines.append("| %s | %s |" % (label, " | ".join("%.2e / %.2e" % (float(rows[(dec, e)]["ber"]), float(rows[(dec, e)]["fer"])) for e in PLOT_EBN0)))
        needed = [(label, ebn0_at(rows, dec)) for dec, label in zip(decs, labels)]
        lines += ["", "Eb/N0 needed for BER 1e-3 (interpolated): " + "; ".join(
            "%s %s" % (label, "%.2f dB" % x if x is not None else "not reached by 6 dB") for label, x in needed) + "."]
        low = [(d, e) for d in decs for e in PLOT_EBN0 if int(rows[(d, e)]["bit_errors"]) < 100]
        lines += ["", "Points with fewer than 100 bit errors (cap %d frames): %s." % (frames, ", ".join("%s at %g dB" % (labels[decs.index(d)], e) for d, e in low) or "none"), ""]
    write_text(args.out, "\n".join(lines) + "\n")
    print("wrote %s; best by validation: %s" % (args.out, chosen))


if __name__ == "__main__":
    sys.exit(main())
