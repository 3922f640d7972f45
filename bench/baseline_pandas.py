#!/usr/bin/env python3
"""The monthly job in pandas, as far as pandas allows: a baseline for bench/run.sh.

    bench/baseline_pandas.py INPUT_DIR OUT_DIR

Reads the generator's files (GB18030 CSV HIS exports, agents' .xlsx and .xls via calamine),
cleans phones with regular expressions, dedupes, joins calls to discharges, classifies results,
computes the department × month metrics and writes OUT_DIR/report.xlsx (XlsxWriter, constant
memory) with the not-yet-reached list, plus departments.csv for a cross-check with the tool.
Prints `stage NAME SECONDS` lines. The input layout (title rows, header names) is known in
advance here, where the tool detects it.
"""
import os
import sys

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402

HIS_COLS, CALL_COLS = C.HIS_COLS, C.CALL_COLS


def read_his(files):
    frames = []
    for order, f in enumerate(files):
        df = pd.read_csv(f, encoding="gb18030", skiprows=2, dtype=str, usecols=list(HIS_COLS), engine="c")
        df = df.rename(columns=HIS_COLS)
        df = df[df["inpatient_no"].notna() & (df["inpatient_no"] != "合计")]
        df["file_order"] = order
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


def read_calls(xlsx, xls):
    frames = []
    for f in xlsx:
        frames.append(pd.read_excel(f, engine="calamine", header=1))
    for f in xls:
        frames.extend(pd.read_excel(f, engine="calamine", header=0, sheet_name=None).values())
    for df in frames:
        ip = df["住院号"]
        if ip.dtype != object:
            df["住院号"] = ip.astype("Int64").astype(str)
        else:
            df["住院号"] = ip.astype(str).str.replace(r"\.0$", "", regex=True)
    df = pd.concat(frames, ignore_index=True).rename(columns=CALL_COLS)
    return df


def clean_phone(s):
    """(canonical number or NA, reason or NA) for a Series of raw phone cells."""
    s = s.fillna("").astype(str).str.translate(str.maketrans(C.FULLWIDTH_DIGITS, "0123456789"))
    s = s.str.replace(C.PHONE_LABEL_RE, "", regex=True).str.extract(f"({C.PHONE_FIRST_RE})", expand=False)
    sci = s.str.contains(C.PHONE_SCI_RE, regex=True)
    s = s.str.replace(r"\.0$", "", regex=True).str.replace(C.PHONE_EXT_RE, "", regex=True)
    d = s.str.replace(r"\D", "", regex=True)
    d = d.str.replace(r"^(?:0086|86)(1[3-9]\d{9})$", r"\1", regex=True)
    mobile = d.str.match(C.MOBILE_RE) & ~d.str.match(C.MOBILE_ZEROS_RE) & ~d.isin(C.SEQUENCE)
    l3 = d.str.extract(C.LANDLINE3_RE)
    l4 = d.str.extract(C.LANDLINE4_RE)
    local = d.str.match(C.LOCAL_RE)
    out = pd.Series(pd.NA, index=s.index, dtype="string")
    out = out.mask(mobile, d)
    out = out.mask(l3[0].notna(), l3[0] + "-" + l3[1])
    out = out.mask(l4[0].notna(), l4[0] + "-" + l4[1])
    out = out.mask(local & out.isna(), C.AREA_CODE + "-" + d)
    repeated = d.str.match(C.REPEATED_RE)
    out = out.mask(sci | repeated, pd.NA)
    reason = np.select([d == "", sci, repeated, out.isna()], ["empty", "lost_digits", "placeholder", "invalid"],
                       default="")
    return out, pd.Series(reason, index=s.index).replace("", pd.NA)


def classify(results):
    r = results.fillna("").astype(str).str.strip()
    conds = [r.str.contains("|".join(words), regex=True) for _, words in C.RESULT_RULES]
    return pd.Series(np.select(conds, [c for c, _ in C.RESULT_RULES], default="unclassified"), index=r.index)


def mask_name(s):
    s = s.fillna("")
    return s.str.slice(0, 1) + "*" + s.str.slice(-1).where(s.str.len() > 2, "")


def rates(g):
    g["followup_rate"] = (g["reached"] / g["eligible"]).where(g["eligible"] > 0)
    g["contact_success_rate"] = (g["reached"] / g["attempted"]).where(g["attempted"] > 0)
    g["timely_rate"] = (g["timely"] / g["eligible"]).where(g["eligible"] > 0)
    return g


def main():
    src, out = C.usage(sys.argv)
    st = C.Stages()
    csvs, xlsx, xls = C.inputs(src)
    his = read_his(csvs)
    st.done("read_his")
    calls = read_calls(xlsx, xls)
    st.done("read_calls")

    # Discharges: types, dedupe (later file wins), exclusions, phones.
    his["discharge_time"] = pd.to_datetime(his["discharge_time"], format="%Y-%m-%d %H:%M", errors="coerce")
    his["admit_time"] = pd.to_datetime(his["admit_time"], format="%Y-%m-%d %H:%M", errors="coerce")
    his = his[his["discharge_time"].notna()]
    his["discharge_date"] = his["discharge_time"].dt.normalize()
    his = his.drop_duplicates(["inpatient_no", "discharge_date"], keep="last").reset_index(drop=True)
    his["month"] = his["discharge_time"].dt.strftime("%Y-%m")
    lm = his["leave_mode"].fillna("").str.extract(r"^(\d)", expand=False)
    stay = his["discharge_time"] - his["admit_time"]
    his["excluded"] = np.select(
        [(lm == "5") | (his["outcome"] == "死亡"), lm == "4", stay < pd.Timedelta(hours=24),
         his["diagnosis_code"].fillna("").str.match(C.PRIVACY_RE)],
        ["died_in_hospital", "left_against_advice", "stay_under_24h", "privacy_diagnosis"], default="")
    p1, _ = clean_phone(his["phone"])
    p2, _ = clean_phone(his["contact_phone"])
    nums = pd.concat([pd.DataFrame({"row": his.index, "num": p1, "ip": his["inpatient_no"]}),
                      pd.DataFrame({"row": his.index, "num": p2, "ip": his["inpatient_no"]})]).dropna()
    shared = nums.groupby("num")["ip"].nunique()
    shared = set(shared[shared >= C.SHARED_NUMBER_THRESHOLD].index)
    nums = nums[~nums["num"].isin(shared)]
    his["phone_clean"] = p1.where(~p1.isin(shared))
    st.done("clean_his")

    # Calls: types, classification, as-of filter, dedupe, match.
    calls["call_time"] = pd.to_datetime(calls["call_time"], errors="coerce")
    calls["discharge_date"] = pd.to_datetime(calls["discharge_date"], errors="coerce").dt.normalize()
    calls["code"] = classify(calls["result"])
    calls = calls[calls["call_time"].notna() & (calls["call_time"] < pd.Timestamp(C.AS_OF) + pd.Timedelta(days=1))]
    calls["minute"] = calls["call_time"].dt.floor("min")
    calls = calls.drop_duplicates(["inpatient_no", "discharge_date", "minute", "code"])
    key = his[["inpatient_no", "discharge_date"]].reset_index().rename(columns={"index": "d"})
    m = calls.merge(key, on=["inpatient_no", "discharge_date"], how="left")
    unmatched = int(m["d"].isna().sum())
    m = m[m["d"].notna()]
    m["d"] = m["d"].astype(np.int64)
    before = m["call_time"] < his["discharge_date"].to_numpy()[m["d"].to_numpy()]
    m = m[~before]
    # Agent evidence: a number reported as 空号/错号 is no valid contact for that patient.
    ev = m[m["code"].isin(["invalid_number", "wrong_number"])]
    ev = pd.DataFrame({"ip": ev["inpatient_no"], "num": clean_phone(ev["phone"])[0]}).dropna().drop_duplicates()
    nums = nums.merge(ev.assign(bad=True), on=["ip", "num"], how="left")
    his["has_valid_contact"] = his.index.isin(nums.loc[nums["bad"].isna(), "row"].unique())
    st.done("clean_match_calls")

    # Per discharge: attempted, reached, first reached, final status, died after discharge.
    m = m.sort_values(["d", "call_time"])
    per = m.groupby("d").agg(calls=("code", "size"), last_code=("code", "last"))
    reached = m[m["code"] == "reached"].groupby("d")["call_time"].min().rename("first_reached")
    died_after = m.loc[m["code"] == "deceased", "d"].unique()
    his = his.join(per).join(reached)
    his.loc[his.index.isin(died_after) & (his["excluded"] == ""), "excluded"] = "died_after_discharge"
    his["eligible"] = his["excluded"] == ""
    his["attempted"] = his["eligible"] & his["calls"].notna()
    his["reached"] = his["eligible"] & his["first_reached"].notna()
    his["timely"] = his["reached"] & (
        (his["first_reached"].dt.normalize() - his["discharge_date"]).dt.days <= C.TIMELY_DAYS)
    his["no_valid_contact"] = his["eligible"] & ~his["has_valid_contact"]
    his["final_status"] = np.where(his["reached"], "reached", his["last_code"].fillna("not_called"))
    cols = ["discharges", "excluded", "eligible", "no_valid_contact", "attempted", "reached", "timely"]
    his["discharges"] = 1
    his["excluded_n"] = (his["excluded"] != "").astype(int)
    agg = {"discharges": "sum", "excluded_n": "sum", "eligible": "sum", "no_valid_contact": "sum",
           "attempted": "sum", "reached": "sum", "timely": "sum"}
    trend = his.groupby(["month", "department"]).agg(agg).rename(columns={"excluded_n": "excluded"})
    trend_all = his.groupby("month").agg(agg).rename(columns={"excluded_n": "excluded"})
    trend_all["department"] = "全院"
    trend = rates(pd.concat([trend.reset_index(), trend_all.reset_index()], ignore_index=True))
    depts = his.groupby("department").agg(agg).rename(columns={"excluded_n": "excluded"}).reset_index()
    total = pd.DataFrame([his.agg(agg).rename({"excluded_n": "excluded"})])
    total["department"] = "全院"
    depts = rates(pd.concat([depts, total], ignore_index=True))
    failures = his[his["eligible"] & ~his["reached"]].groupby(["department", "final_status"]).size() \
        .rename("count").reset_index()
    st.done("metrics")

    # Report: the tables and the list of eligible discharges not yet reached, masked.
    todo = his[his["eligible"] & ~his["reached"]].sort_values(["department", "discharge_time"])
    phone = todo["phone_clean"].fillna("")
    todo_rows = pd.DataFrame({
        "department": todo["department"], "inpatient_no": todo["inpatient_no"], "name": mask_name(todo["name"]),
        "discharge_date": todo["discharge_date"].dt.strftime("%Y-%m-%d"),
        "phone": (phone.str.slice(0, 3) + "****" + phone.str.slice(-4)).where(phone != "", ""),
        "final_status": todo["final_status"]})
    dcols = ["department"] + cols + ["followup_rate", "contact_success_rate", "timely_rate"]
    depts[dcols].to_csv(os.path.join(out, "departments.csv"), index=False)

    def rows(df):
        return (tuple(None if (isinstance(v, float) and v != v) else v for v in r)
                for r in df.itertuples(index=False, name=None))
    C.write_workbook(os.path.join(out, "report.xlsx"), [
        ("departments", dcols, rows(depts[dcols])),
        ("trend", ["month"] + dcols, rows(trend[["month"] + dcols].sort_values(["month", "department"]))),
        ("failures", list(failures.columns), rows(failures)),
        ("not_reached", list(todo_rows.columns), rows(todo_rows)),
    ])
    st.done("write_xlsx")
    tot = depts.iloc[-1]
    print(f"discharges {int(tot['discharges'])} eligible {int(tot['eligible'])} attempted {int(tot['attempted'])} "
          f"reached {int(tot['reached'])} unmatched_calls {unmatched} not_reached_list {len(todo_rows)}")


if __name__ == "__main__":
    main()
