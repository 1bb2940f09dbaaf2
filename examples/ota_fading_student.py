#!/usr/bin/python3
"""A student trained on frames recorded from the radio link itself, against
the shipped (BPSK over AWGN) student, on the QPSK packet link of
ota_fading_loopback.grc (Rayleigh fading and noise in place of the radios).

1. runs the flowgraph recording the payload soft symbols of every packet
   (packet_rx's record=: each packet carries the same known test pattern),
   once for training and once, with other fades and noise, for testing;
2. trains a student on the first recording (neuralfec-train --data);
3. compares both students, and min-sum at 30 iterations, on the test
   recording's frames (neuralfec-eval --data): the decoders as deployed,
   on the soft values the link delivered, LLR scale estimated from them;
4. runs the link once more with each student, counting CRC-checked packets.

With a radio instead of the models, the same steps apply to ota_rx.grc's
recording (docs/recording-format.md).

    ota_fading_student.py                          # about a minute and a half
    ota_fading_student.py --noise 0.6 --doppler 2e-4 --seconds 20 --steps 2000
"""
import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CODE = "wifi:648:1/2"


def tool(name):
    return shutil.which(name) or os.path.join(os.environ.get("NFEC_BUILD_DIR", "build"), "apps", name)


def flowgraph(outdir):
    """The class grcc makes of ota_fading_loopback.grc, beside this script."""
    blocks = [p for p in (os.path.join(HERE, "..", "grc"), os.path.join(HERE, "..", "..", "gnuradio", "grc", "blocks")) if os.path.isdir(p)]
    env = dict(os.environ, GRC_BLOCKS_PATH=os.pathsep.join(blocks + [os.environ.get("GRC_BLOCKS_PATH", "")]))
    r = subprocess.run(["grcc", "-o", outdir, os.path.join(HERE, "ota_fading_loopback.grc")], env=env, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("ota_fading_student.py: grcc could not compile ota_fading_loopback.grc (are the gr-neuralfec blocks on "
                 "GRC_BLOCKS_PATH?):\n" + r.stdout + r.stderr)
    spec = importlib.util.spec_from_file_location("ota_fading_loopback", os.path.join(outdir, "ota_fading_loopback.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.ota_fading_loopback


def run(cls, seconds, **params):
    """Runs the link for `seconds`; returns the CRC-checked packets through."""
    tb = cls(**params)
    tb.start()
    time.sleep(seconds)
    tb.stop()
    tb.wait()
    return tb.received.num_messages()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--noise", type=float, default=0.5, help="noise voltage (0.5: Es/N0 6 dB on average)")
    ap.add_argument("--doppler", type=float, default=1e-4, help="maximum Doppler, fraction of the sample rate")
    ap.add_argument("--seconds", type=float, default=15, help="of link a recording (about 500 frames a second)")
    ap.add_argument("--steps", type=int, default=1500, help="training steps")
    ap.add_argument("--keep", help="a directory to keep the recordings and the student in")
    args = ap.parse_args()
    d = args.keep or tempfile.mkdtemp()
    os.makedirs(d, exist_ok=True)
    try:
        cls = flowgraph(d)
        link = dict(noise=args.noise, doppler=args.doppler)
        train_rec, test_rec, student = (os.path.join(d, f) for f in ("train.rec", "test.rec", "channel.nfw"))
        for path, seed in ((train_rec, 1), (test_rec, 2)):
            n = run(cls, args.seconds, record=path, fading_seed=seed, **link)
            print("recorded %s (fading seed %d): %d packets through with the AWGN student" % (os.path.basename(path), seed, n))
            sys.stdout.flush()
        subprocess.run([tool("neuralfec-train"), "--code", CODE, "--data", train_rec, "-o", student, "--steps", str(args.steps)], check=True)
        print("test recording, information bit error rate (neuralfec-eval --data):")
        sys.stdout.flush()
        subprocess.run([tool("neuralfec-eval"), "--code", CODE, "--data", test_rec, "--decoders",
                        "student:wifi_648_1_2,student:%s,minsum:30" % student], check=True)
        for name, weights in (("AWGN student", ""), ("channel's student", student)):
            n = run(cls, args.seconds, weight_file=weights, fading_seed=3, **link)
            print("%s: %d packets through in %g s (fading seed 3)" % (name, n, args.seconds))
    finally:
        if not args.keep:
            shutil.rmtree(d, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
