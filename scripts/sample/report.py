"""Writes the truth: expected metric CSVs per period, per-discharge and per-call listings, truth.json,
the sample configuration and the inputs' README."""
import csv
import datetime as dt
import io
import json
import os
from collections import Counter, defaultdict

from . import vocab, truth
from .truth import COLUMNS, HOSPITAL_ROW

DATE_STYLES = {"slash_time": "text `2026/1/5 9:30`", "iso_time": "text `2026-03-05 14:30`",
               "cells_time": "Excel date-time cells (some as text in .xlsx)", "date_mixed":
               "dates only, mixed text forms `20260115`, `2026年1月15日`, `2026.01.15`, `2026/1/15`",
               "date_num_cjk": "dates only: numbers `20260405`, text `2026年4月5日`, or date cells"}
LEAVE_STYLES = {"code": "code `1`", "text": "text `医嘱离院`", "both": "`1.医嘱离院`", "number": "numeric cell 1"}
FORMATS = {"csv_gb18030": "CSV, GB18030", "csv_utf8_bom": "CSV, UTF-8 with BOM", "csv_utf8": "CSV, UTF-8 (no BOM)",
           "xlsx": ".xlsx", "xls": ".xls (BIFF8)"}


def fmt_num(x):
    if x is None:
        return ""
    if isinstance(x, float):
        if x.is_integer():
            return str(int(x))
        return f"{x:.10f}".rstrip("0").rstrip(".")
    return str(x)


def write_csv(path, header, rows):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow([fmt_num(v) for v in r])
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


def periods_of(months):
    out = [f"{y}-{m:02d}" for y, m in months]
    quarters = []
    for y, m in months:
        q = f"{y}-Q{(m - 1) // 3 + 1}"
        if q not in quarters:
            quarters.append(q)
    return out + quarters


def write_metrics(expected, profile, facts):
    months = profile.months
    summary = {}
    for period in periods_of(months):
        rows = truth.metrics_rows(facts, period, period)
        write_csv(f"{expected}/{period}/departments.csv", ["period", "department"] + COLUMNS,
                  [[p, d] + [row[c] for c in COLUMNS] for p, d, row, _ in rows])
        write_csv(f"{expected}/{period}/exclusions.csv", ["department", "reason", "count"],
                  truth.exclusion_rows(facts, period))
        write_csv(f"{expected}/{period}/failures.csv", ["department", "final_status", "count"],
                  truth.failure_rows(facts, period))
        end = max(truth.period_months(period))
        trend = []
        for (y, m) in months:
            if (y, m) <= end:
                trend += truth.metrics_rows(facts, f"{y}-{m:02d}", f"{y}-{m:02d}")
        write_csv(f"{expected}/{period}/trend.csv", ["month", "department"] + COLUMNS,
                  [[p, d] + [row[c] for c in COLUMNS] for p, d, row, _ in trend])
        hw = [r for r in rows if r[1] == HOSPITAL_ROW][0]
        summary[period] = {**{c: hw[2][c] for c in COLUMNS}, "timely": hw[3]}
    return summary


def call_locations(agent_files):
    loc = defaultdict(list)
    acct = []
    for f in agent_files:
        a = {"file": f.path, "kind": "calls", "format": f.fmt, "agent": f.agent, "sheets": []}
        tot = Counter()
        for s in f.sheets:
            sc = Counter()
            for i, (kind, x) in enumerate(s.rows, start=1):
                sc["rows_read"] += 1
                if kind in ("call", "duplicate"):
                    loc[x.id].append((f.path, s.name, i, kind))
                    sc["calls" if kind == "call" else "duplicate_calls"] += 1
                else:
                    sc[kind] += 1
            a["sheets"].append({"name": s.name, **dict(sc)})
            tot.update(sc)
        a.update(dict(tot))
        acct.append(a)
    return loc, acct


def write_all(args, profile, world, his_files, agent_files, final, source, his_acct, conflicts, rejected, calls,
              classified, facts, shared, out, expected):
    summary = write_metrics(expected, profile, facts)
    loc, agent_acct = call_locations(agent_files)
    status_of = {c.id: (k, s) for c, k, s in classified}
    by_file_status = defaultdict(Counter)
    for c, k, s in classified:
        by_file_status[loc[c.id][0][0]]["calls_" + s] += 1
    for a in agent_acct:
        a.update(dict(by_file_status[a["file"]]))

    # per discharge
    drows = []
    for k in sorted(final, key=lambda k: (k[1], k[0])):
        f = facts[k]
        d = f["record"]
        elig = f["exclusion"] is None
        first = next((c for c in f["calls"] if c.code == "reached"), None)
        drows.append([d.inpatient_no, k[1].isoformat(), d.department, source[k], "yes" if d.has_time else "no",
                      f["exclusion"] or "", ";".join(f["valid"]), "yes" if elig and not f["valid"] else "",
                      len(f["calls"]), first.when.date().isoformat() if first else "", f["days"],
                      ("yes" if f["days"] <= truth.TIMELY_DAYS else "no") if f["days"] is not None else "",
                      f["satisfaction"] or "", f["final_status"] if elig else "", ";".join(d.tags)])
    write_csv(f"{expected}/discharges.csv",
              ["inpatient_no", "discharge_date", "department", "source_file", "has_time", "exclusion",
               "valid_numbers", "no_valid_contact", "calls_counted", "first_reached", "days_to_contact", "timely",
               "satisfaction", "final_status", "tags"], drows)

    # per call
    crows = []
    for c in calls:
        k, s = status_of[c.id]
        f0 = loc[c.id][0]
        dups = ";".join(f"{p}:{sh}:{r}" for p, sh, r, kind in loc[c.id][1:])
        counted_reached = s == "counted" and c.code == "reached" and facts[k]["exclusion"] is None
        crows.append([c.id, c.agent, f0[0], f0[1], f0[2], dups, c.mode, c.inpatient_no or "",
                      c.discharge_date.isoformat() if c.discharge_date else "", c.phone or "", c.name or "",
                      c.when.strftime("%Y-%m-%d %H:%M") if c.has_time else c.when.date().isoformat(), c.word,
                      c.code, k[0] if k else "", k[1].isoformat() if k else "", s,
                      "" if c.sat_typed is None else c.sat_typed, c.satisfaction or "", c.comment,
                      c.complaint_theme or "", c.complaint_flag, c.praise_col,
                      "yes" if counted_reached and truth.is_complaint(c) else "",
                      "yes" if s == "counted" and facts[k]["exclusion"] is None and c.intended_praise else "",
                      ";".join(c.tags)])
    write_csv(f"{expected}/calls.csv",
              ["call_id", "agent", "file", "sheet", "row", "duplicate_rows", "key_mode", "inpatient_no",
               "discharge_date", "phone", "name", "call_time", "result_typed", "result_code", "matched_inpatient_no",
               "matched_discharge_date", "status", "satisfaction_typed", "satisfaction", "comment",
               "intended_complaint_theme", "complaint_flag", "praise_column", "counts_as_complaint",
               "counts_as_praise", "tags"], crows)

    invalid = Counter()
    for d in final.values():
        for cell in (d.phone_cell, d.patient.contact_phone):
            if not cell.numbers and cell.reason != "empty":
                invalid[cell.reason] += 1
    doc = {
        "profile": profile.name, "seed": args.seed, "as_of": profile.as_of.isoformat(),
        "months": [f"{y}-{m:02d}" for y, m in profile.months], "hospital": vocab.HOSPITAL,
        "area_code": profile.area_code, "do_not_call": sorted(world.dnc), "shared_numbers": sorted(shared),
        "note": "Row accounting per file: rows_read = title + header + blank + totals + note + data rows; HIS data "
                "rows = loaded + duplicate + conflict + rejected (conflict = later file replaces an earlier version); "
                "call rows = calls + duplicate_calls. Metrics follow docs/sample-data.md.",
        "files": his_acct + agent_acct,
        "totals": {"discharges": len(final), "his_rows_rejected": len(rejected), "conflicts": len(conflicts),
                   "calls_unique": len(calls), **dict(Counter("calls_" + s for _, _, s in classified))},
        "rejected_rows": rejected,
        "conflicts": conflicts,
        "unmatched_calls": [dict(zip(("file", "sheet", "row"), loc[c.id][0][:3])) for c, k, s in classified
                            if s == "unmatched"],
        "calls_before_discharge": [dict(zip(("file", "sheet", "row"), loc[c.id][0][:3])) for c, k, s in classified
                                   if s == "before_discharge"],
        "duplicate_call_rows": [dict(zip(("file", "sheet", "row"), x[:3])) for c in calls for x in loc[c.id][1:]],
        "unclassified_words": sorted({c.word for c in calls if c.code == "unclassified"}),
        "invalid_phone_cells_by_reason": dict(sorted(invalid.items())),
        "intent_mismatches": [c.id for c, k, s in classified if c.target is not None and k != c.target],
        "hospital_wide": summary,
    }
    with open(f"{expected}/truth.json", "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1, default=str)
        f.write("\n")
    # The tool reads `followup.config.json` from the inputs folder when no --config is given.
    write_config(args.config_out or f"{out}/followup.config.json", profile, world)
    write_readme(out, profile, world, his_files, agent_files, his_acct, agent_acct, calls, classified, loc)


def write_config(path, profile, world):
    """The tool's configuration for the sample hospital (format: README, 'Configuration')."""
    cfg = {
        "hospitalName": vocab.HOSPITAL,
        "areaCode": profile.area_code,
        "doNotCall": sorted(world.dnc),
        "privacyDiagnosisPrefixes": ["O04", "O05", "O06", "O07", "A50-A64", "B20-B24"],
        "timelyDays": truth.TIMELY_DAYS,
        "sharedNumberThreshold": truth.SHARED_MIN_PATIENTS,
        "minDenominator": 10,
    }
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write("// Configuration of the fictional sample hospital (generated; JSON with comments allowed).\n")
        f.write(f"// Expected metrics in the tests are computed as of {profile.as_of.isoformat()}.\n")
        json.dump(cfg, f, ensure_ascii=False, indent=2)
        f.write("\n")


def write_readme(out, profile, world, his_files, agent_files, his_acct, agent_acct, calls, classified, loc):
    acct = {a["file"]: a for a in his_acct + agent_acct}
    L = [f"# Sample inputs: {vocab.HOSPITAL} (fictional)", "",
         "Generated by `scripts/generate_sample.py` (see `docs/sample-data.md`); do not edit by hand. Every name, "
         "inpatient number and phone number is invented (random; never dial them). Area code "
         f"{profile.area_code}. Departments: {', '.join(profile.departments)}. Agents: {', '.join(profile.agents)}. "
         f"Months {profile.months[0][0]}-{profile.months[0][1]:02d}..{profile.months[-1][0]}-{profile.months[-1][1]:02d}; "
         f"expected metrics as of {profile.as_of}. Do-not-call inpatient numbers: {', '.join(sorted(world.dnc))}.", "",
         "## HIS discharge exports (`his/`, taken in name order: a later file wins)", ""]
    for f in his_files:
        a = acct[f.path]
        bits = [FORMATS[f.fmt] + (" (1904 date system)" if f.epoch1904 else ""),
                f"{a['rows_read']} rows: {a.get('loaded', 0)} loaded, {a.get('duplicate', 0)} identical duplicates, "
                f"{a.get('conflict', 0)} conflicts won, {a.get('rejected', 0)} rejected"]
        if f.title:
            bits.append(f"{len(f.title)} title row(s)" + (" merged" if f.fmt in ("xlsx", "xls") else ""))
        if a.get("blank"):
            bits.append(f"{a['blank']} blank row(s)")
        if f.totals:
            bits.append("合计 totals row")
        bits.append("dates: " + DATE_STYLES[f.date_style])
        bits.append("离院方式 as " + LEAVE_STYLES[f.leave_style])
        bits.append("headers: " + "/".join(f.headers[:1] + [h for h in f.headers if h.strip() in
                    ("科室", "出院科室", "科别", "联系电话", "手机", "本人电话", "患者电话", "电话", "家属电话",
                     "紧急联系人电话", "ＩＣＤ编码", " 姓 名")]))
        if f.numbers_as_cells:
            bits.append("住院号/年龄/电话 partly numeric cells")
        reasons = sorted(k.split(".", 1)[1] for k in a if k.startswith("rejected."))
        if reasons:
            bits.append("bad rows: " + ", ".join(reasons))
        if f.role == "correction":
            bits.append("corrected re-export: " + "; ".join(sorted({t for c in f.changed.values() for t in c.tags
                                                                    if t.startswith("corrected")})))
        if f.role == "supplement":
            bits.append("late entries not in the main export (dates only, so same-day stays count as < 24 h)")
        L.append(f"- `{f.path}` — " + "; ".join(bits))
    L += ["", "Phone cells across the exports: " + ", ".join(sorted({d.phone_cell.kind for d in world.discharges})) +
          f"; one ward phone ({world.ward_phone}) given by several patients in one month.", "",
          "## Agents' call sheets (`calls/`)", ""]
    extra = defaultdict(Counter)
    for c, k, s in classified:
        if s != "counted":
            extra[loc[c.id][0][0]][s] += 1
        for t in c.tags:
            if t not in ("unmatched", "before_discharge", "after_as_of"):
                extra[loc[c.id][0][0]][t] += 1
    for c in calls:
        for p, sh, r, kind in loc[c.id][1:]:
            extra[p]["duplicate call row"] += 1
    habits = {"王芳": "title row, agent only in the file name, 住院号+出院日期, words for 满意度",
              "李娜": "a sheet per week, 住院号 only, 1–5 scores and item scores, 表扬人员/是否投诉, a note row",
              "张敏": "住院号+出院日期 (text), 1–10 满意度, 回访人 column",
              "刘洋": "住院号 only or phone+name only, text dates with or without time, words",
              "陈静": "住院号+出院日期 as text, 总评价 numbers stored as text, 表扬/投诉 columns"}
    for f in agent_files:
        a = acct[f.path]
        e = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in sorted(extra[f.path].items()))
        L.append(f"- `{f.path}` — {FORMATS.get(f.fmt, f.fmt)}, {len(f.sheets)} sheet(s), {a.get('calls', 0)} calls"
                 f"{'; ' + e if e else ''}; {habits[f.agent]}")
    L += ["", "Expected figures: see `Tests/FollowupCoreTests/Fixtures/e2e/` (truth.json lists every file's row "
          "accounting, rejected rows, conflicts, unmatched calls).", ""]
    with open(f"{out}/README.md", "w", encoding="utf-8") as f:
        f.write("\n".join(L))
