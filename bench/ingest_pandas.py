#!/usr/bin/env python3
"""The obvious alternative to the tool's ingest, for `followup-bench ingest`.

usage: ingest_pandas.py CSV XLSX DB

CSV: pandas.read_csv(encoding='gb18030', dtype=str) then DataFrame.to_sql into SQLite.
XLSX: openpyxl in read-only mode, rows inserted with executemany in one transaction.
Each file is timed on its own (a fresh database each); one JSON line per file on stdout.
Peak RSS is the process's maximum so far (ru_maxrss), so the XLSX line includes the CSV's peak
unless the XLSX is measured first: it is, since openpyxl's peak is the smaller one.
"""
import json
import os
import resource
import sqlite3
import sys
import time

import openpyxl
import pandas as pd


def fresh(db):
    for suffix in ("", "-wal", "-shm"):
        try:
            os.remove(db + suffix)
        except FileNotFoundError:
            pass
    return sqlite3.connect(db)


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def xlsx_to_sqlite(path, db):
    start = time.perf_counter()
    con = fresh(db)
    wb = openpyxl.load_workbook(path, read_only=True)
    rows = 0
    with con:
        for ws in wb.worksheets:
            it = ws.iter_rows(values_only=True)
            header = next(it, None)
            if header is None:
                continue
            width = len(header)
            con.execute("create table if not exists raw (row_no integer, %s)" % ", ".join("c%d text" % (i + 1) for i in range(width)))
            sql = "insert into raw values (?%s)" % (", ?" * width)

            def gen():
                nonlocal rows
                for r in it:
                    rows += 1
                    yield (rows,) + tuple(None if v is None else str(v) for v in r[:width]) + (None,) * (width - len(r))

            con.executemany(sql, gen())
    wb.close()
    con.close()
    return rows, time.perf_counter() - start


def csv_to_sqlite(path, db):
    start = time.perf_counter()
    con = fresh(db)
    df = pd.read_csv(path, encoding="gb18030", dtype=str, keep_default_na=False, na_values=[""])
    df.insert(0, "row_no", range(1, len(df) + 1))
    df.to_sql("raw", con, index=False, chunksize=50_000)
    con.commit()
    con.close()
    return len(df), time.perf_counter() - start


def main():
    csv, xlsx, db = sys.argv[1:4]
    rows, secs = xlsx_to_sqlite(xlsx, db)
    print(json.dumps({"ext": "xlsx", "how": "openpyxl read-only + executemany", "rows": rows, "seconds": secs, "peak_rss_mb": peak_mb()}), flush=True)
    rows, secs = csv_to_sqlite(csv, db)
    print(json.dumps({"ext": "csv", "how": "read_csv + to_sql", "rows": rows, "seconds": secs, "peak_rss_mb": peak_mb()}), flush=True)


if __name__ == "__main__":
    main()
