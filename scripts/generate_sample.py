#!/usr/bin/env python3
"""Deterministic sample data for `followup`: a fictional hospital's HIS exports and agents' call
sheets, messy as real ones are, plus the metrics expected from them (computed from the generator's
clean records, never by parsing what it wrote). See docs/sample-data.md.

    python3 scripts/generate_sample.py --out Inputs --seed 7 --expected Tests/FollowupCoreTests/Fixtures/e2e/sample-expected
    python3 scripts/generate_sample.py --profile small --out Tests/FollowupCoreTests/Fixtures/e2e/small/Inputs \
        --expected Tests/FollowupCoreTests/Fixtures/e2e/small/expected --seed 11
    python3 scripts/generate_sample.py ... --verify      # read the files back and check them against truth.json
"""
import argparse
import datetime as dt
import hashlib
import json
import os
import random
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from sample import vocab, truth                           # noqa: E402
from sample.world import Profile, World                   # noqa: E402
from sample.his import plan_files, render_rows, write_his  # noqa: E402
from sample.calls import CallMaker                        # noqa: E402
from sample.agents import plan_agent_files, render_agent_file, write_agent_file  # noqa: E402
from sample import report                                 # noqa: E402


def parse_months(text):
    a, b = text.split("..")
    y, m = map(int, a.split("-"))
    y2, m2 = map(int, b.split("-"))
    out = []
    while (y, m) <= (y2, m2):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def make_profile(args):
    if args.profile == "small":
        return Profile("small", parse_months(args.months or "2026-02..2026-03"), ["心内科", "骨科", "眼科"],
                       ["王芳", "陈静"], args.scale or 0.6, messy=False, area_code=args.area_code,
                       as_of=dt.date.fromisoformat(args.as_of or "2026-04-10"))
    return Profile("sample", parse_months(args.months or "2026-01..2026-04"), list(vocab.DEPARTMENTS),
                   ["王芳", "李娜", "张敏", "刘洋", "陈静"], args.scale or 1.0, messy=True, area_code=args.area_code,
                   as_of=dt.date.fromisoformat(args.as_of or "2026-05-15"))


def generate(args, out, expected):
    rng = random.Random(args.seed)
    profile = make_profile(args)
    world = World(profile, rng).generate()
    months = profile.months
    world.shared_ward_phone(months[min(2, len(months) - 1)], count=6 if profile.messy else 5)
    his_files = plan_files(world, rng)
    final, source, his_acct, conflicts, rejected = truth.process_his(his_files)
    calls = CallMaker(world, final, rng).generate()
    agent_files = plan_agent_files(profile, calls, final)

    if os.path.isdir(out):
        for name in ("his", "calls"):
            shutil.rmtree(os.path.join(out, name), ignore_errors=True)
    for f in his_files:
        write_his(f, render_rows(f, rng), out)
    for f in agent_files:
        write_agent_file(f, render_agent_file(f, rng, final), out)

    shared = truth.shared_numbers(final)
    classified = truth.classify_calls(calls, final, shared, profile.as_of)
    facts = truth.discharge_facts(final, set(world.dnc), classified, shared)
    report.write_all(args, profile, world, his_files, agent_files, final, source, his_acct, conflicts, rejected,
                     calls, classified, facts, shared, out, expected)
    return profile


def file_hashes(root):
    out = {}
    for base, _, names in os.walk(root):
        for n in sorted(names):
            p = os.path.join(base, n)
            out[os.path.relpath(p, root)] = hashlib.sha256(open(p, "rb").read()).hexdigest()
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="input folder to write (HIS exports under his/, sheets under calls/)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--months", help="YYYY-MM..YYYY-MM (default 2026-01..2026-04; small: 2026-02..2026-03)")
    ap.add_argument("--scale", type=float, help="volume multiplier (default 1.0; small: 0.6)")
    ap.add_argument("--profile", choices=["sample", "small"], default="sample")
    ap.add_argument("--as-of", help="as-of date of the expected metrics (default 2026-05-15; small: 2026-04-10)")
    ap.add_argument("--area-code", default="0571")
    ap.add_argument("--expected", help="folder for truth.json and expected metrics CSVs")
    ap.add_argument("--config-out", help="where to write the configuration (default: OUT/followup.config.json)")
    ap.add_argument("--verify", action="store_true", help="read back what was written and check it against the truth")
    args = ap.parse_args()
    expected = args.expected or tempfile.mkdtemp(prefix="sample-expected-")
    generate(args, args.out, expected)
    if args.verify:
        from sample.verify import verify
        problems = verify(args.out, expected)
        with tempfile.TemporaryDirectory() as t1, tempfile.TemporaryDirectory() as t2:
            generate(args, t1, t2)
            a, b = file_hashes(args.out), file_hashes(t1)
            a2, b2 = file_hashes(expected), file_hashes(t2)
            if a != b or a2 != b2:
                diff = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
                diff += sorted(k for k in set(a2) | set(b2) if a2.get(k) != b2.get(k))
                problems.append(f"not deterministic: {diff[:5]}")
        if problems:
            print("VERIFY FAILED:\n  " + "\n  ".join(problems))
            sys.exit(1)
        print(f"verify ok: {len(file_hashes(args.out))} files, counts match truth.json, second run byte-identical")


if __name__ == "__main__":
    main()
