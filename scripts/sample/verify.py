"""Independent read-back: opens every written file with csv/openpyxl/xlrd, classifies rows with simple
rules of its own, and compares with truth.json and discharges.csv (never with the generator's objects)."""
import csv
import datetime as dt
import io
import json
import os
import re
import unicodedata

import openpyxl
import xlrd

NO_HEADERS = {"住院号", "住院号码", "病案号", "病历号"}
DIS_HEADERS = {"出院日期", "出院时间"}
ADM_HEADERS = {"入院日期", "入院时间"}


def read_sheets(path):
    """[(sheet name, rows)] with Python values (None for empty)."""
    if path.endswith(".csv"):
        raw = open(path, "rb").read()
        for enc in ("utf-8-sig", "gb18030"):
            try:
                text = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        rows = [[v if v != "" else None for v in r] for r in csv.reader(io.StringIO(text, newline=""))]
        return [("csv", rows)]
    if path.endswith(".xlsx"):
        wb = openpyxl.load_workbook(path)
        return [(ws.title, [list(r) for r in ws.iter_rows(min_row=1, max_row=ws.max_row, values_only=True)])
                for ws in wb.worksheets]
    book = xlrd.open_workbook(path)
    out = []
    for sh in book.sheets():
        rows = []
        for i in range(sh.nrows):
            row = []
            for c in sh.row(i):
                if c.ctype == xlrd.XL_CELL_EMPTY or (c.ctype == xlrd.XL_CELL_TEXT and c.value == ""):
                    row.append(None)
                elif c.ctype == xlrd.XL_CELL_DATE:
                    row.append(xlrd.xldate.xldate_as_datetime(c.value, book.datemode))
                else:
                    row.append(c.value)
            rows.append(row)
        out.append((sh.name, rows))
    return out


def text(v):
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return unicodedata.normalize("NFKC", str(v)).strip()


def parse_day(v):
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    s = text(v)
    m = re.match(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(\s+\d{1,2}:\d{2})?$", s) or \
        re.match(r"^(\d{4})(\d{2})(\d{2})$", s)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def classify(rows):
    """Counts title/header/blank/totals/note/data rows and returns the data rows with the header."""
    counts = {"rows_read": len(rows), "title": 0, "header": 0, "blank": 0, "totals": 0, "note": 0, "data": 0}
    header, data = None, []
    for r in rows:
        cells = [text(v) for v in r]
        filled = [c for c in cells if c]
        if not filled:
            counts["blank"] += 1
        elif header is None and len(filled) >= 5:
            header = [c.replace(" ", "") for c in cells]
            counts["header"] += 1
        elif header is None:
            counts["title"] += 1
        elif filled[0].startswith("合计"):
            counts["totals"] += 1
        elif len(filled) == 1 and filled[0].startswith("备注"):
            counts["note"] += 1
        else:
            counts["data"] += 1
            data.append(r)
    return counts, header, data


def verify(root, expected):
    truth = json.load(open(os.path.join(expected, "truth.json"), encoding="utf-8"))
    problems = []
    keys = set()
    listed = {f["file"] for f in truth["files"]}
    on_disk = {os.path.relpath(os.path.join(b, n), root) for b, _, ns in os.walk(root) for n in ns
               if not n.endswith(".md") and n != "followup.config.json"}
    if listed != on_disk:
        problems.append(f"files on disk differ from truth.json: {sorted(listed ^ on_disk)[:5]}")
    for f in truth["files"]:
        sheets = read_sheets(os.path.join(root, f["file"]))
        expected_sheets = f["sheets"] if f["kind"] == "calls" else [{"name": f["sheets"][0], **f}]
        if len(sheets) != len(expected_sheets):
            problems.append(f"{f['file']}: {len(sheets)} sheets, truth says {len(expected_sheets)}")
            continue
        for (name, rows), want in zip(sheets, expected_sheets):
            counts, header, data = classify(rows)
            if f["kind"] == "his":
                want_data = sum(want.get(k, 0) for k in ("loaded", "duplicate", "conflict", "rejected"))
            else:
                want_data = want.get("calls", 0) + want.get("duplicate_calls", 0)
            for k in ("rows_read", "title", "header", "blank", "totals", "note"):
                if counts[k] != want.get(k, 0):
                    problems.append(f"{f['file']}:{name}: {k} {counts[k]} != truth {want.get(k, 0)}")
            if counts["data"] != want_data:
                problems.append(f"{f['file']}:{name}: data rows {counts['data']} != truth {want_data}")
            if f["kind"] == "his" and header:
                ci = next(i for i, h in enumerate(header) if h in NO_HEADERS)
                di = next(i for i, h in enumerate(header) if h in DIS_HEADERS)
                ai = next((i for i, h in enumerate(header) if h in ADM_HEADERS), None)
                for r in data:
                    no, day = text(r[ci]), parse_day(r[di])
                    adm = parse_day(r[ai]) if ai is not None else None
                    if no and day and not (adm and adm > day):
                        keys.add((no, day.isoformat()))
    final = {(r["inpatient_no"], r["discharge_date"]) for r in
             csv.DictReader(open(os.path.join(expected, "discharges.csv"), encoding="utf-8"))}
    if keys != final:
        problems.append(f"discharge identities read back: {len(keys)}, truth {len(final)}; "
                        f"e.g. {sorted(keys ^ final)[:3]}")
    for r in csv.DictReader(open(os.path.join(expected, "discharges.csv"), encoding="utf-8")):
        if r["no_valid_contact"] == "yes" and r["first_reached"]:
            problems.append(f"{r['inpatient_no']} {r['discharge_date']}: reached yet no valid contact "
                            "(figures would depend on how agent evidence is applied)")
    for period in os.listdir(expected):
        path = os.path.join(expected, period, "departments.csv")
        if os.path.exists(path):
            for r in csv.DictReader(open(path, encoding="utf-8")):
                n = {k: int(r[k]) for k in ("discharges", "excluded", "eligible", "attempted", "reached")}
                if not (n["reached"] <= n["attempted"] <= n["eligible"] == n["discharges"] - n["excluded"]):
                    problems.append(f"{period} {r['department']}: invariant broken {n}")
    days = {}
    for r in csv.DictReader(open(os.path.join(expected, "calls.csv"), encoding="utf-8")):
        if r["matched_inpatient_no"]:
            k = (r["matched_inpatient_no"], r["matched_discharge_date"], r["call_time"][:10])
            if k in days:
                problems.append(f"calls {days[k]} and {r['call_id']} of one discharge share a day (order ambiguous)")
            days[k] = r["call_id"]
    if truth.get("intent_mismatches"):
        problems.append(f"calls matched differently than intended: {truth['intent_mismatches']}")
    return problems
