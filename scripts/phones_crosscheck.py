#!/usr/bin/env python3
"""Cross-check `followup phones` against Google's libphonenumber (`phonenumbers`, region CN).

Runs every cell of Tests/FollowupCoreTests/Fixtures/phones/cells.tsv through
  * followup phones (with the corpus's `area-code=` directives), and
  * libphonenumber in two ways a Python pipeline would use it:
      - "matcher": phonenumbers.PhoneNumberMatcher(cell, "CN"), keeping valid numbers
        (extraction of several numbers from free text);
      - "parse":   phonenumbers.parse(cell, "CN") + is_valid_number on the whole cell,
then prints where they differ, grouped by class, and summary figures (see docs/phones.md).

Usage: python3 scripts/phones_crosscheck.py [--bin .build/debug/followup] [--corpus PATH] [-v]
"""
import argparse
import collections
import subprocess
import sys

import phonenumbers as pn

ROOT = __file__.rsplit("/scripts/", 1)[0] if "/scripts/" in __file__ else "."


def load(path):
    rows, area = [], None
    for line in open(path, encoding="utf-8").read().split("\n"):
        if not line or line.startswith("#"):
            continue
        if line.startswith("area-code="):
            area = line[len("area-code="):] or None
            continue
        inp, exp, reason = line.split("\t")
        rows.append((inp, area))
    return rows


def run_tool(binary, rows):
    """One `followup phones` process per area code, cells in corpus order."""
    out = [None] * len(rows)
    by_area = collections.defaultdict(list)
    for i, (inp, area) in enumerate(rows):
        by_area[area].append(i)
    for area, idx in by_area.items():
        cmd = [binary, "phones"] + (["--area-code", area] if area else [])
        res = subprocess.run(cmd, input="".join(rows[i][0] + "\n" for i in idx),
                             capture_output=True, text=True, check=True)
        lines = res.stdout.split("\n")[:-1]
        assert len(lines) == len(idx), (len(lines), len(idx))
        for i, line in zip(idx, lines):
            _, nums, reason = line.split("\t")
            out[i] = ([n for n in nums.split(";") if n], reason)
    return out


def canonical(n):
    """libphonenumber's number written in the tool's canonical form."""
    if n.country_code != 86:
        return "+%d %s" % (n.country_code, pn.national_significant_number(n))
    nsn = pn.national_significant_number(n)
    t = pn.number_type(n)
    if t in (pn.PhoneNumberType.MOBILE,) or (len(nsn) == 11 and nsn.startswith("1")):
        s = nsn
    else:
        k = pn.length_of_geographical_area_code(n)
        s = ("0" + nsn[:k] + "-" + nsn[k:]) if k else nsn
    return s + ("转" + n.extension if n.extension else "")


def lib_matcher(cell):
    return [canonical(m.number) for m in pn.PhoneNumberMatcher(cell, "CN", leniency=pn.Leniency.VALID)]


def lib_parse(cell):
    try:
        n = pn.parse(cell, "CN")
    except pn.NumberParseException:
        return []
    return [canonical(n)] if pn.is_valid_number(n) else []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default=ROOT + "/.build/debug/followup")
    ap.add_argument("--corpus", default=ROOT + "/Tests/FollowupCoreTests/Fixtures/phones/cells.tsv")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every differing cell")
    a = ap.parse_args()
    rows = load(a.corpus)
    tool = run_tool(a.bin, rows)
    print("cells: %d (libphonenumber %s)" % (len(rows), pn.__version__))
    for mode, fn in (("matcher", lib_matcher), ("parse", lib_parse)):
        classes = collections.Counter()
        examples = collections.defaultdict(list)
        agree = 0
        for (cell, area), (tnums, treason) in zip(rows, tool):
            lnums = []
            for x in fn(cell):
                if x not in lnums:
                    lnums.append(x)
            if lnums == tnums:
                agree += 1
                continue
            if not tnums and lnums:
                cls = "tool rejects (%s), libphonenumber accepts" % treason
            elif tnums and not lnums:
                cls = "tool accepts, libphonenumber finds nothing" + (" (local number + hospital area code)" if area else "")
            elif set(lnums) < set(tnums):
                cls = "tool finds more numbers in the cell"
            elif set(tnums) < set(lnums):
                cls = "libphonenumber finds more numbers in the cell"
            else:
                cls = "both accept, different numbers"
            classes[cls] += 1
            examples[cls].append((cell, tnums or [treason], lnums))
        print("\n== libphonenumber %s: agree on %d/%d cells (%.1f %%), differ on %d" %
              (mode, agree, len(rows), 100.0 * agree / len(rows), len(rows) - agree))
        for cls, n in classes.most_common():
            print("  %4d  %s" % (n, cls))
            for cell, t, l in examples[cls][: (10**6 if a.verbose else 4)]:
                print("          %-38r tool=%s  lib=%s" % (cell, ";".join(t), ";".join(l) or "-"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
