#!/usr/bin/env python3
"""Conformance run of `followup inspect` over the shared spreadsheet corpus.

Usage: python3 scripts/conformance.py [--bin .build/debug/followup] [--corpus /work/shared/corpus]
                                     [--timeout 20] [--only SUBSTRING] [--show N]

For every file in CORPUS/files it runs `followup inspect --max-rows 200 FILE` with a timeout and
sorts the outcome into: read, refused with a clear message (exit 1, one line `file: error: [code] …`
on stderr), crash (any other exit, a signal, or unparseable output) and hang (timeout).
Crashes and hangs must be 0.

Then it compares cells with CORPUS/expected/FILE.json: where the two reference readers agree
(openpyxl+calamine for xlsx, xlrd+calamine for xls, Python's csv for CSV and for text saved as .xls),
the share of cells where ours equals theirs (positions where either side has a value). Files that
only one reference reader could read are reported apart. Not a unit test: it prints figures.
"""
import argparse, datetime as dt, json, os, subprocess, sys, time
from collections import Counter


def close(a, b):
    """Equal up to what a reader may legitimately round (float noise, sub-second time)."""
    if a is None or b is None:
        return a is None and b is None
    ta, tb = a.get('t'), b.get('t')
    if ta != tb:
        return False
    va, vb = a.get('v'), b.get('v')
    if ta in ('n', 'dur'):
        try:
            fa, fb = float(va), float(vb)
        except (TypeError, ValueError):
            return va == vb
        return fa == fb or abs(fa - fb) <= max(1e-9 * max(1.0, abs(fa), abs(fb)), 0.001 if ta == 'dur' else 0)
    if ta == 'd':
        return abs((dt.datetime.fromisoformat(va) - dt.datetime.fromisoformat(vb)).total_seconds()) < 1.0
    if ta == 'tm':
        base = dt.date(2000, 1, 1)
        return abs((dt.datetime.combine(base, dt.time.fromisoformat(va)) -
                    dt.datetime.combine(base, dt.time.fromisoformat(vb))).total_seconds()) < 1.0
    if ta == 's' and (a.get('truncated') or b.get('truncated')):
        return a.get('sha256') == b.get('sha256') or va[:200] == vb[:200]
    return va == vb


def reference(exp):
    """(kind, {sheet: rows}) where rows hold agreed values (a sentinel where they disagree)."""
    orc = exp['oracles']
    ok = [n for n in orc if orc[n].get('ok')]
    if 'csv' in ok:
        return 'csv', {s['name']: s['rows'] for s in orc['csv']['sheets']}, orc['csv']['sheets']
    if len(ok) >= 2:
        a, b = orc[ok[0]], orc[ok[1]]
        sb = {s['name']: s for s in b['sheets']}
        agreed = {}
        for s in a['sheets']:
            o = sb.get(s['name'])
            if o is None or s.get('error') or o.get('error'):
                continue
            rows = []
            for r in range(max(len(s['rows']), len(o['rows']))):
                ra = s['rows'][r] if r < len(s['rows']) else []
                rb = o['rows'][r] if r < len(o['rows']) else []
                row = []
                for c in range(max(len(ra), len(rb))):
                    va = ra[c] if c < len(ra) else None
                    vb = rb[c] if c < len(rb) else None
                    row.append(va if close(va, vb) else 'DISAGREE')
                rows.append(row)
            agreed[s['name']] = rows
        return 'two', agreed, a['sheets']
    if len(ok) == 1:
        return 'one', {s['name']: s['rows'] for s in orc[ok[0]]['sheets'] if not s.get('error')}, orc[ok[0]]['sheets']
    return 'none', {}, []


def compare(ours, ref):
    """(equal, total, examples) over positions where the reference or ours has a value."""
    equal = total = 0
    examples = []
    for name, rrows in ref.items():
        orows = ours.get(name)
        if orows is None:
            n = sum(1 for row in rrows for v in row if v is not None and v != 'DISAGREE')
            total += n
            if n:
                examples.append(f'sheet {name!r} missing ({n} cells)')
            continue
        for r in range(max(len(rrows), len(orows))):
            rr = rrows[r] if r < len(rrows) else []
            orow = orows[r] if r < len(orows) else []
            for c in range(max(len(rr), len(orow))):
                rv = rr[c] if c < len(rr) else None
                ov = orow[c] if c < len(orow) else None
                if rv == 'DISAGREE' or (rv is None and ov is None):
                    continue
                total += 1
                if close(rv, ov):
                    equal += 1
                elif len(examples) < 5:
                    examples.append(f'{name}!R{r + 1}C{c + 1}: ref={json.dumps(rv, ensure_ascii=False)[:80]} '
                                    f'ours={json.dumps(ov, ensure_ascii=False)[:80]}')
    return equal, total, examples


def exp_kind(fn, kind):
    if kind == 'csv':
        return 'csv'
    return 'xls' if fn.lower().endswith('.xls') else 'xlsx'


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--bin', default='.build/debug/followup')
    ap.add_argument('--corpus', default='/work/shared/corpus')
    ap.add_argument('--timeout', type=int, default=20)
    ap.add_argument('--only', default=None)
    ap.add_argument('--show', type=int, default=15)
    a = ap.parse_args()
    files_dir = os.path.join(a.corpus, 'files')
    outcomes = Counter()
    refused, crashes, hangs = [], [], []
    main_eq = main_tot = one_eq = one_tot = 0
    by_kind = {'xlsx': [0, 0], 'xls': [0, 0], 'csv': [0, 0]}
    per_file = []
    t0 = time.time()
    slowest = (0.0, '')
    for fn in sorted(os.listdir(files_dir)):
        if fn in ('SOURCES.tsv', 'FEATURES.md') or (a.only and a.only not in fn):
            continue
        path = os.path.join(files_dir, fn)
        start = time.time()
        try:
            p = subprocess.run([a.bin, 'inspect', '--max-rows', '200', path], capture_output=True, timeout=a.timeout)
        except subprocess.TimeoutExpired:
            outcomes['hang'] += 1
            hangs.append(fn)
            continue
        took = time.time() - start
        slowest = max(slowest, (took, fn))
        err = p.stderr.decode('utf-8', 'replace').strip()
        ours = {}
        if p.returncode == 0:
            try:
                for line in p.stdout.decode('utf-8').splitlines():
                    o = json.loads(line)
                    ours[o['sheet']] = o['rows']
                outcomes['read'] += 1
            except Exception as e:  # noqa
                outcomes['crash'] += 1
                crashes.append(f'{fn}: bad output: {e}')
                continue
        elif p.returncode == 1 and err.count('\n') == 0 and ': error: [read.' in err:
            outcomes['refused'] += 1
            refused.append(f'{fn}: {err.split(": error: ", 1)[1]}')
        else:
            outcomes['crash'] += 1
            crashes.append(f'{fn}: rc={p.returncode} {err[-200:]}')
            continue
        exp_path = os.path.join(a.corpus, 'expected', fn + '.json')
        if not os.path.exists(exp_path):
            continue
        kind, ref, _ = reference(json.load(open(exp_path)))
        eq, tot, ex = compare(ours, ref)
        if kind in ('two', 'csv'):
            main_eq += eq
            main_tot += tot
            fk = exp_kind(fn, kind)
            by_kind[fk][0] += eq
            by_kind[fk][1] += tot
        elif kind == 'one':
            one_eq += eq
            one_tot += tot
        if tot:
            per_file.append((tot - eq, tot, fn, kind, ex))
    print(f'files: {sum(outcomes.values())} in {time.time() - t0:.1f} s (slowest {slowest[1]} {slowest[0]:.2f} s)')
    print(f'read: {outcomes["read"]}  refused with a clear message: {outcomes["refused"]}  '
          f'crashes: {outcomes["crash"]}  hangs: {outcomes["hang"]}')
    for r in refused:
        print('  refused', r[:200])
    for c in crashes:
        print('  CRASH', c[:300])
    for h in hangs:
        print('  HANG', h)
    if main_tot:
        print(f'agreement where the reference readers agree: {main_eq}/{main_tot} cells = {100 * main_eq / main_tot:.2f} %')
    for k, (e, t) in by_kind.items():
        if t:
            print(f'  {k}: {e}/{t} = {100 * e / t:.2f} %')
    if one_tot:
        print(f'agreement with the only reference reader that could read the file: {one_eq}/{one_tot} = '
              f'{100 * one_eq / one_tot:.2f} %')
    per_file.sort(reverse=True)
    print('worst files (cells differing / compared):')
    for bad, tot, fn, kind, ex in per_file[:a.show]:
        if bad == 0:
            break
        print(f'  {fn} [{kind}] {bad}/{tot}')
        for e in ex:
            print('     ', e)
    sys.exit(1 if crashes or hangs else 0)


if __name__ == '__main__':
    main()
