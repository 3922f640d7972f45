"""Ground truth: SPEC §4–7 applied literally to the clean records (never to the written files).

The HIS side follows file name order (later file wins); the call side applies the matching rules of
§6 to the clean call keys, then the metrics of §7 per department and for the whole hospital (全院).
"""
import datetime as dt
import statistics
from collections import Counter, defaultdict

from . import vocab

REASONS = ["died_in_hospital", "left_against_advice", "stay_under_24h", "privacy_diagnosis", "do_not_call",
           "died_after_discharge"]
HOSPITAL_ROW = "全院"
TIMELY_DAYS = 7
SHARED_MIN_PATIENTS = 5
COLUMNS = ["discharges", "excluded", "eligible", "no_valid_contact", "attempted", "reached", "followup_rate",
           "contact_success_rate", "timely_rate", "median_days_to_contact", "satisfied", "neutral", "dissatisfied",
           "satisfaction_rate", "complaints", "praise"]


# MARK: - HIS side

def process_his(files):
    """Loads HIS rows in file name order. Returns final records by key, per-file accounting, conflicts."""
    final, source = {}, {}
    accounting, conflicts, rejected = [], [], []
    for f in sorted(files, key=lambda f: f.path):
        a = Counter()
        for i, row in enumerate(f.rows, start=1):
            a["rows_read"] += 1
            if row.kind in ("title", "blank", "header", "totals"):
                a[row.kind] += 1
            elif row.kind == "rejected":
                a["rejected"] += 1
                a["rejected." + row.reason] += 1
                rejected.append({"file": f.path, "row": i, "reason": row.reason})
            else:
                d = row.record
                if d.key not in final:
                    a["loaded"] += 1
                elif final[d.key].fingerprint() == d.fingerprint():
                    a["duplicate"] += 1
                else:
                    a["conflict"] += 1
                    old = final[d.key]
                    conflicts.append({"inpatient_no": d.inpatient_no, "discharge_date": d.discharge.date().isoformat(),
                                      "earlier_file": source[d.key], "later_file": f.path, "row": i,
                                      "changed": changed_fields(old, d)})
                final[d.key] = d
                source[d.key] = f.path
        accounting.append({"file": f.path, "kind": "his", "format": f.fmt, "sheets": [f.sheet], **dict(a)})
    return final, source, accounting, conflicts, rejected


def changed_fields(a, b):
    out = []
    if a.department != b.department:
        out.append(f"department: {a.department} -> {b.department}")
    if a.phone_cell.numbers != b.phone_cell.numbers:
        out.append(f"phone: {a.phone_cell.raw} -> {b.phone_cell.raw}")
    return out or ["other"]


def stay_under_24h(d):
    if d.has_time:
        return d.discharge - d.admit < dt.timedelta(hours=24)
    return d.discharge.date() == d.admit.date()


def his_exclusion(d, dnc, prefixes=vocab.PRIVACY_PREFIXES):
    if d.leave_mode == 5 or d.outcome == "死亡":
        return "died_in_hospital"
    if d.leave_mode == 4:
        return "left_against_advice"
    if stay_under_24h(d):
        return "stay_under_24h"
    code = d.diagnosis_code.upper()
    if any(code.startswith(p) for p in prefixes):
        return "privacy_diagnosis"
    if d.inpatient_no in dnc:
        return "do_not_call"
    return None


def shared_numbers(final):
    """Numbers given by at least SHARED_MIN_PATIENTS distinct patients over the whole data set."""
    owners = defaultdict(set)
    for d in final.values():
        for n in d.phone_cell.numbers + d.patient.contact_phone.numbers:
            owners[n].add(d.inpatient_no)
    return {n for n, s in owners.items() if len(s) >= SHARED_MIN_PATIENTS}


def numbers_of(d, shared, evidence=frozenset()):
    out = []
    for n in d.phone_cell.numbers + d.patient.contact_phone.numbers:
        if n not in shared and n not in evidence and n not in out:
            out.append(n)
    return out


# MARK: - call side

def match_call(c, final, by_no, by_number):
    """SPEC §6: returns the matched key, or None."""
    if c.inpatient_no:
        keys = by_no.get(c.inpatient_no, [])
        if c.discharge_date is not None:
            k = (c.inpatient_no, c.discharge_date)
            return k if k in final else None
        cands = [k for k in keys if k[1] <= c.when.date()]
        return max(cands, key=lambda k: k[1]) if cands else None
    if c.phone:
        cands = [k for k in by_number.get(c.phone, []) if k[1] <= c.when.date()
                 and (not c.name or final[k].patient.name == c.name)]
        return max(cands, key=lambda k: k[1]) if cands else None
    return None


def classify_calls(calls, final, shared, as_of):
    """Assigns every clean call a status: counted / unmatched / before_discharge / after_as_of."""
    by_no, by_number = defaultdict(list), defaultdict(list)
    for k, d in final.items():
        by_no[d.inpatient_no].append(k)
        for n in numbers_of(d, shared):
            by_number[n].append(k)
    out = []
    for c in calls:
        k = match_call(c, final, by_no, by_number)
        if k is None:
            status = "unmatched"
        elif c.when.date() < k[1]:
            status = "before_discharge"
        elif c.when.date() > as_of:
            status = "after_as_of"
        else:
            status = "counted"
        out.append((c, k, status))
    return out


def evidence_numbers(classified, final):
    """Numbers agents reported invalid or wrong, per patient, from calls up to the as-of date."""
    ev = defaultdict(set)
    for c, k, status in classified:
        if status == "counted" and c.code in ("invalid_number", "wrong_number") and c.phone:
            ev[final[k].inpatient_no].add(c.phone)
    return ev


# MARK: - metrics

def discharge_facts(final, dnc, classified, shared):
    """Per discharge: exclusion, valid numbers, calls, first reached call, final status, satisfaction."""
    calls_of = defaultdict(list)
    for c, k, status in classified:
        if status == "counted":
            calls_of[k].append(c)
    ev = evidence_numbers(classified, final)
    facts = {}
    for k, d in final.items():
        cs = sorted(calls_of.get(k, []), key=lambda c: c.when)
        reason = his_exclusion(d, dnc)
        if reason is None and any(c.code == "deceased" for c in cs):
            reason = "died_after_discharge"
        valid = numbers_of(d, shared, ev.get(d.inpatient_no, set()))
        reached = [c for c in cs if c.code == "reached"]
        first = reached[0] if reached else None
        days = (first.when.date() - k[1]).days if first else None
        answered = next((c for c in reached if c.satisfaction), None)
        status = "reached" if first else (cs[-1].code if cs else "not_called")
        facts[k] = dict(record=d, exclusion=reason, valid=valid, calls=cs, reached=bool(first), days=days,
                        satisfaction=answered.satisfaction if answered else None, final_status=status)
    return facts


def in_period(day, period):
    months = period_months(period)
    return (day.year, day.month) in months


def period_months(period):
    if "-Q" in period:
        y, q = period.split("-Q")
        return {(int(y), m) for m in range(3 * int(q) - 2, 3 * int(q) + 1)}
    if "-H" in period:
        y, h = period.split("-H")
        return {(int(y), m) for m in range(6 * int(h) - 5, 6 * int(h) + 1)}
    if "-" in period:
        y, m = period.split("-")
        return {(int(y), int(m))}
    return {(int(period), m) for m in range(1, 13)}


def is_complaint(c):
    return c.complaint_flag == "是" or c.satisfaction == "dissatisfied" or c.complaint_theme is not None


def metrics_rows(facts, period, label):
    """departments.csv rows for one period (label goes in the first column)."""
    groups = defaultdict(list)
    for k, f in facts.items():
        if in_period(k[1], period):
            groups[f["record"].department].append(f)
            groups[HOSPITAL_ROW].append(f)
    rows = []
    for dept in sorted(g for g in groups if g != HOSPITAL_ROW) + [HOSPITAL_ROW]:
        fs = groups[dept]
        elig = [f for f in fs if f["exclusion"] is None]
        attempted = [f for f in elig if f["calls"]]
        reached = [f for f in elig if f["reached"]]
        timely = [f for f in reached if f["days"] <= TIMELY_DAYS]
        sat = Counter(f["satisfaction"] for f in reached if f["satisfaction"])
        answered = sat["satisfied"] + sat["neutral"] + sat["dissatisfied"]
        reached_calls = [c for f in elig for c in f["calls"] if c.code == "reached"]
        row = {"discharges": len(fs), "excluded": len(fs) - len(elig), "eligible": len(elig),
               "no_valid_contact": sum(1 for f in elig if not f["valid"]), "attempted": len(attempted),
               "reached": len(reached), "followup_rate": ratio(len(reached), len(elig)),
               "contact_success_rate": ratio(len(reached), len(attempted)),
               "timely_rate": ratio(len(timely), len(elig)),
               "median_days_to_contact": statistics.median([f["days"] for f in reached]) if reached else None,
               "satisfied": sat["satisfied"], "neutral": sat["neutral"], "dissatisfied": sat["dissatisfied"],
               "satisfaction_rate": ratio(sat["satisfied"], answered),
               "complaints": sum(1 for c in reached_calls if is_complaint(c)),
               "praise": sum(1 for f in elig for c in f["calls"] if c.intended_praise)}
        rows.append((label, dept, row, len(timely)))
    return rows


def ratio(a, b):
    return None if b == 0 else a / b


def exclusion_rows(facts, period):
    counts = Counter()
    for k, f in facts.items():
        if in_period(k[1], period) and f["exclusion"]:
            counts[(f["record"].department, f["exclusion"])] += 1
            counts[(HOSPITAL_ROW, f["exclusion"])] += 1
    return ordered(counts, REASONS)


def failure_rows(facts, period):
    counts = Counter()
    for k, f in facts.items():
        if in_period(k[1], period) and f["exclusion"] is None and not f["reached"]:
            counts[(f["record"].department, f["final_status"])] += 1
            counts[(HOSPITAL_ROW, f["final_status"])] += 1
    return ordered(counts, None)


def ordered(counts, order):
    def key(item):
        (dept, what), _ = item
        return (dept == HOSPITAL_ROW, dept, order.index(what) if order else 0, what)
    return [(dept, what, n) for (dept, what), n in sorted(counts.items(), key=key)]
