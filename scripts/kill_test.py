#!/usr/bin/env python3
"""Crash-safety check (not a unit test): kills `followup run` at random moments and checks
that the database is always as before or as after a run, never half-written, and that no
run folder looks complete unless it is.

    python3 scripts/kill_test.py [--binary .build/debug/followup] [--rounds 40] [--seed 1]
"""
import argparse, hashlib, json, os, random, shutil, signal, sqlite3, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def db_state(path):
    """What a reader sees: complete runs, and the discharges/calls of the period."""
    if not os.path.exists(path):
        return None
    con = sqlite3.connect(path)
    try:
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok", "integrity_check failed"
        loading = con.execute("select count(*) from runs where status <> 'complete'").fetchone()[0]
        assert loading == 0, f"{loading} run(s) left in status 'loading'"
        h = hashlib.sha256()
        for q in ("select inpatient_no, discharge_date, department, phone_raw from discharges order by 1, 2",
                  "select d.inpatient_no, c.call_time, c.result_code from calls c join discharges d using (discharge_id) order by 1, 2, 3",
                  "select discharge_id, number from discharge_phones order by 1, 2"):
            for row in con.execute(q):
                h.update(repr(row).encode())
        return h.hexdigest()[:16]
    except sqlite3.OperationalError as e:  # the very first run killed before its schema committed
        if "no such table" in str(e):
            return None
        raise
    finally:
        con.close()


def check_folders(reports):
    """Every visible run folder has a manifest whose outputs match their SHA-256."""
    n = 0
    for period in os.listdir(reports) if os.path.isdir(reports) else []:
        pdir = os.path.join(reports, period)
        if not os.path.isdir(pdir):
            continue
        for run in os.listdir(pdir):
            if run.startswith(".") or run == "latest":
                continue
            manifest = json.load(open(os.path.join(pdir, run, "manifest.json"), encoding="utf-8"))
            for o in manifest["outputs"]:
                data = open(os.path.join(pdir, run, o["path"]), "rb").read()
                assert hashlib.sha256(data).hexdigest() == o["sha256"], f"{run}/{o['path']} does not match"
            n += 1
    return n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build/debug/followup"))
    ap.add_argument("--rounds", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="followup-kill-")
    # Two versions of the inputs: with and without the corrected March export, so that a
    # run really changes the database and "before" and "after" differ.
    full = os.path.join(ROOT, "Inputs")
    partial = os.path.join(work, "Inputs-uncorrected")
    shutil.copytree(full, partial, ignore=shutil.ignore_patterns("*更正*"))
    reports = os.path.join(work, "Reports")
    db = os.path.join(work, "db.sqlite")

    def cmd(inputs):
        return [args.binary, "run", "--inputs", inputs, "--period", "2026-03", "--as-of", "2026-05-15",
                "--out", reports, "--db", db, "--quiet"]

    # Undisturbed runs give the state each version leads to, and the duration to aim at.
    t0 = time.time()
    subprocess.run(cmd(full), check=True, stdout=subprocess.DEVNULL)
    duration = time.time() - t0
    subprocess.run(cmd(partial), check=True, stdout=subprocess.DEVNULL)
    expected = {partial: db_state(db)}
    subprocess.run(cmd(full), check=True, stdout=subprocess.DEVNULL)
    expected[full] = db_state(db)
    assert expected[full] != expected[partial], "the two input versions should give different databases"
    killed = completed = 0
    for i in range(args.rounds):
        before = db_state(db)
        target = rnd.choice([full, partial])
        p = subprocess.Popen(cmd(target), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rnd.uniform(0, duration * 1.1))
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            killed += 1
        else:
            completed += 1
        p.wait()
        state = db_state(db)
        assert state in (before, expected[target]), f"round {i}: database is neither as before nor as after"
        check_folders(reports)
    folders = check_folders(reports)
    shutil.rmtree(work)
    print(f"kill test: {args.rounds} rounds ({killed} killed mid-run, {completed} completed), "
          f"run time {duration:.2f} s; database always before or after, {folders} complete run folder(s) verified")


if __name__ == "__main__":
    sys.exit(main())
