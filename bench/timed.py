#!/usr/bin/env python3
"""Runs one command under `/usr/bin/time -v`, timestamps its progress lines, and appends one JSON
result (wall s, peak RSS MB, exit status, seconds per stage) to a results file.

    bench/timed.py --label tool --size 100k --results R.jsonl --log L.txt -- CMD ARGS…

Progress lines are the tool's `▸ stage` lines on stderr and the baselines' `stage <name> <s>` lines
on stdout. Each `▸` line starts a stage that lasts until the next one (or the process's end); stages
are grouped by their first word plus, for `survey`/`read`, the file's kind (`read .xlsx`), so the table
shows where the time goes without one row per file.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time


def group(stage):
    words = stage.split(" ", 1)
    if words[0] in ("survey", "read") and len(words) > 1:
        ext = os.path.splitext(words[1])[1].lower()
        return f"{words[0]} {ext or '(other)'}"
    return stage


def parse_time_v(text):
    def field(name):
        m = re.search(rf"^\s*{re.escape(name)}: (.+)$", text, re.M)
        return m.group(1).strip() if m else None
    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    secs = None
    if wall:
        parts = [float(p) for p in wall.split(":")]
        secs = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    rss = field("Maximum resident set size (kbytes)")
    return dict(wall_s=secs, peak_mb=int(rss) / 1024 if rss else None,
                user_s=float(field("User time (seconds)") or 0), sys_s=float(field("System time (seconds)") or 0))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--label", required=True)
    ap.add_argument("--size", required=True)
    ap.add_argument("--results", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    tf = tempfile.NamedTemporaryFile(prefix="time-v-", suffix=".txt", delete=False)
    tf.close()
    start = time.monotonic()
    p = subprocess.Popen(["/usr/bin/time", "-v", "-o", tf.name] + cmd, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    marks = []            # (elapsed, stage) from ▸ lines
    reported = {}         # stage -> seconds, from the baselines' own `stage NAME SECONDS` lines
    lock = threading.Lock()
    log = open(a.log, "w", encoding="utf-8", buffering=1)   # line-buffered: follow it with tail -f

    def pump(stream, name):
        for raw in iter(stream.readline, b""):
            t = time.monotonic() - start
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            for piece in line.split("\r"):          # a terminal-style live line, just in case
                piece = piece.replace("\x1b[2K", "").strip()
                if not piece:
                    continue
                with lock:
                    log.write(f"+{t:9.3f}s {name} {piece}\n")
                    if piece.startswith("▸ "):
                        marks.append((t, piece[2:].strip()))
                    m = re.match(r"^stage (\S+) ([0-9.]+)$", piece)
                    if m:
                        reported[m.group(1)] = reported.get(m.group(1), 0.0) + float(m.group(2))

    threads = [threading.Thread(target=pump, args=(p.stdout, "out")),
               threading.Thread(target=pump, args=(p.stderr, "err"))]
    for th in threads:
        th.start()
    rc = p.wait()
    for th in threads:
        th.join()
    end = time.monotonic() - start
    log.close()
    with open(tf.name, encoding="utf-8", errors="replace") as f:
        tv = f.read()
    os.unlink(tf.name)
    stages = {}
    if marks:
        stages["(start-up)"] = round(marks[0][0], 3)
    for i, (t, s) in enumerate(marks):
        nxt = marks[i + 1][0] if i + 1 < len(marks) else end
        g = group(s)
        stages[g] = round(stages.get(g, 0.0) + nxt - t, 3)
    stages.update({k: round(v, 3) for k, v in reported.items()})
    res = dict(label=a.label, size=a.size, rc=rc, **parse_time_v(tv), stages=stages, log=a.log)
    if res["wall_s"] is None:
        res["wall_s"] = round(end, 3)
    with open(a.results, "a", encoding="utf-8") as f:
        f.write(json.dumps(res, ensure_ascii=False) + "\n")
    print(f"{a.label:<12} {a.size:>5}: rc={rc} wall {res['wall_s']:.2f} s, peak "
          f"{res['peak_mb'] or 0:.0f} MB", file=sys.stderr)
    if rc != 0:
        with open(a.log, encoding="utf-8") as f:
            tail = f.read().splitlines()[-5:]
        print("  last lines:\n    " + "\n    ".join(tail), file=sys.stderr)
    sys.exit(0)


if __name__ == "__main__":
    main()
