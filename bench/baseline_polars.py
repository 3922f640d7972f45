#!/usr/bin/env python3
"""The monthly job in polars, as far as polars allows: a baseline for bench/run.sh.

    bench/baseline_polars.py INPUT_DIR OUT_DIR

Same job and output as baseline_pandas.py. polars reads only UTF-8, so the GB18030 exports are
transcoded in memory first (Python's codec); the spreadsheets are read by calamine (fastexcel).
Prints `stage NAME SECONDS` lines.
"""
import io
import os
import sys

import polars as pl

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402

HIS_COLS, CALL_COLS = C.HIS_COLS, C.CALL_COLS


def read_his(files):
    frames = []
    for order, f in enumerate(files):
        with open(f, "rb") as fh:
            data = fh.read().decode("gb18030", errors="replace").encode("utf-8")
        df = pl.read_csv(io.BytesIO(data), skip_rows=2, infer_schema=False, columns=list(HIS_COLS))
        frames.append(df.rename(HIS_COLS).with_columns(pl.lit(order).alias("file_order")))
    return pl.concat(frames).filter(pl.col("inpatient_no").is_not_null() & (pl.col("inpatient_no") != "合计"))


def call_frame(df):
    df = df.rename({k: v for k, v in CALL_COLS.items() if k in df.columns})
    ip = pl.col("inpatient_no")
    ip = ip.cast(pl.Int64).cast(pl.String) if df.schema["inpatient_no"].is_numeric() \
        else ip.cast(pl.String).str.replace(r"\.0$", "")
    return df.select(
        ip.alias("inpatient_no"),
        pl.col("discharge_date").cast(pl.Datetime("us")).dt.truncate("1d").alias("discharge_date"),
        pl.col("phone").cast(pl.String), pl.col("call_time").cast(pl.Datetime("us")),
        pl.col("result").cast(pl.String))


def read_calls(xlsx, xls):
    frames = []
    for f in xlsx:
        frames.append(call_frame(pl.read_excel(f, engine="calamine", read_options={"header_row": 1},
                                               drop_empty_cols=False)))
    for f in xls:
        for df in pl.read_excel(f, engine="calamine", sheet_id=0, drop_empty_cols=False).values():
            frames.append(call_frame(df))
    return pl.concat(frames)


def clean_phone(col):
    """Expression: the canonical number of a raw phone cell, or null."""
    s = pl.col(col).fill_null("").str.replace_many(list(C.FULLWIDTH_DIGITS), list("0123456789"))
    s = s.str.replace(C.PHONE_LABEL_RE, "").str.extract(f"({C.PHONE_FIRST_RE})", 1)
    sci = s.str.contains(C.PHONE_SCI_RE)
    d = s.str.replace(r"\.0$", "").str.replace(C.PHONE_EXT_RE, "").str.replace_all(r"\D", "")
    d = d.str.replace(r"^(?:0086|86)(1[3-9]\d{9})$", "$1")
    mobile = d.str.contains(C.MOBILE_RE) & ~d.str.contains(C.MOBILE_ZEROS_RE) & ~d.is_in(C.SEQUENCE)
    l3 = d.str.extract_groups(C.LANDLINE3_RE)
    l4 = d.str.extract_groups(C.LANDLINE4_RE)
    out = (pl.when(sci | d.str.contains(C.REPEATED_RE)).then(None)
           .when(mobile).then(d)
           .when(l3.struct.field("1").is_not_null()).then(l3.struct.field("1") + "-" + l3.struct.field("2"))
           .when(l4.struct.field("1").is_not_null()).then(l4.struct.field("1") + "-" + l4.struct.field("2"))
           .when(d.str.contains(C.LOCAL_RE)).then(pl.lit(C.AREA_CODE + "-") + d)
           .otherwise(None))
    return out


def classify(col):
    r = pl.col(col).fill_null("").str.strip_chars()
    expr = pl.when(r.str.contains("|".join(C.RESULT_RULES[0][1]))).then(pl.lit(C.RESULT_RULES[0][0]))
    for code, words in C.RESULT_RULES[1:]:
        expr = expr.when(r.str.contains("|".join(words))).then(pl.lit(code))
    return expr.otherwise(pl.lit("unclassified"))


def rates(df):
    return df.with_columns(
        pl.when(pl.col("eligible") > 0).then(pl.col("reached") / pl.col("eligible")).alias("followup_rate"),
        pl.when(pl.col("attempted") > 0).then(pl.col("reached") / pl.col("attempted")).alias("contact_success_rate"),
        pl.when(pl.col("eligible") > 0).then(pl.col("timely") / pl.col("eligible")).alias("timely_rate"))


def main():
    src, out = C.usage(sys.argv)
    st = C.Stages()
    csvs, xlsx, xls = C.inputs(src)
    his = read_his(csvs)
    st.done("read_his")
    calls = read_calls(xlsx, xls)
    st.done("read_calls")

    fmt = "%Y-%m-%d %H:%M"
    his = (his.with_columns(pl.col("discharge_time").str.strptime(pl.Datetime("us"), fmt, strict=False),
                            pl.col("admit_time").str.strptime(pl.Datetime("us"), fmt, strict=False))
           .filter(pl.col("discharge_time").is_not_null())
           .with_columns(pl.col("discharge_time").dt.truncate("1d").alias("discharge_date"))
           .unique(["inpatient_no", "discharge_date"], keep="last", maintain_order=True)
           .with_row_index("d")
           .with_columns(pl.col("discharge_time").dt.strftime("%Y-%m").alias("month"),
                         pl.col("leave_mode").fill_null("").str.extract(r"^(\d)", 1).alias("lm"),
                         clean_phone("phone").alias("p1"), clean_phone("contact_phone").alias("p2")))
    lm = pl.col("lm")
    his = his.with_columns(
        pl.when((lm == "5") | (pl.col("outcome") == "死亡")).then(pl.lit("died_in_hospital"))
        .when(lm == "4").then(pl.lit("left_against_advice"))
        .when((pl.col("discharge_time") - pl.col("admit_time")) < pl.duration(hours=24)).then(pl.lit("stay_under_24h"))
        .when(pl.col("diagnosis_code").fill_null("").str.contains(C.PRIVACY_RE)).then(pl.lit("privacy_diagnosis"))
        .otherwise(pl.lit("")).alias("excluded"))
    nums = pl.concat([his.select("d", "inpatient_no", pl.col("p1").alias("num")),
                      his.select("d", "inpatient_no", pl.col("p2").alias("num"))]).drop_nulls("num")
    shared = nums.group_by("num").agg(pl.col("inpatient_no").n_unique().alias("n")) \
        .filter(pl.col("n") >= C.SHARED_NUMBER_THRESHOLD).select("num")
    nums = nums.join(shared, on="num", how="anti")
    his = his.with_columns(
        pl.when(pl.col("p1").is_in(shared["num"].implode())).then(None).otherwise(pl.col("p1")).alias("phone_clean"))
    st.done("clean_his")

    as_of_end = pl.lit(C.AS_OF).str.strptime(pl.Datetime("us"), "%Y-%m-%d") + pl.duration(days=1)
    calls = (calls.with_columns(classify("result").alias("code"))
             .filter(pl.col("call_time").is_not_null() & (pl.col("call_time") < as_of_end))
             .with_columns(pl.col("call_time").dt.truncate("1m").alias("minute"))
             .unique(["inpatient_no", "discharge_date", "minute", "code"], maintain_order=True))
    m = calls.join(his.select("d", "inpatient_no", "discharge_date"), on=["inpatient_no", "discharge_date"],
                   how="left")
    unmatched = m.filter(pl.col("d").is_null()).height
    m = m.filter(pl.col("d").is_not_null() & (pl.col("call_time") >= pl.col("discharge_date")))
    # Agent evidence: a number reported as 空号/错号 is no valid contact for that patient.
    ev = m.filter(pl.col("code").is_in(["invalid_number", "wrong_number"])) \
        .select("inpatient_no", clean_phone("phone").alias("num")).drop_nulls().unique()
    valid = nums.join(ev, on=["inpatient_no", "num"], how="anti").select("d").unique() \
        .with_columns(pl.lit(True).alias("hv"))
    his = his.join(valid, on="d", how="left").with_columns(pl.col("hv").fill_null(False).alias("has_valid_contact"))
    st.done("clean_match_calls")

    per = m.sort("d", "call_time").group_by("d").agg(pl.len().alias("calls"), pl.col("code").last().alias("last_code"),
                                                     pl.col("call_time").filter(pl.col("code") == "reached").min()
                                                     .alias("first_reached"),
                                                     (pl.col("code") == "deceased").any().alias("died_after"))
    his = his.join(per, on="d", how="left")
    his = his.with_columns(
        pl.when((pl.col("excluded") == "") & pl.col("died_after").fill_null(False)).then(pl.lit("died_after_discharge"))
        .otherwise(pl.col("excluded")).alias("excluded"))
    elig = pl.col("excluded") == ""
    his = his.with_columns(
        elig.alias("eligible"), (elig & pl.col("calls").is_not_null()).alias("attempted"),
        (elig & pl.col("first_reached").is_not_null()).alias("reached"))
    his = his.with_columns(
        (pl.col("reached") & ((pl.col("first_reached").dt.truncate("1d") - pl.col("discharge_date")).dt.total_days()
                              <= C.TIMELY_DAYS)).fill_null(False).alias("timely"),
        (pl.col("eligible") & ~pl.col("has_valid_contact")).alias("no_valid_contact"),
        pl.when(pl.col("reached")).then(pl.lit("reached")).otherwise(pl.col("last_code").fill_null("not_called"))
        .alias("final_status"))
    cols = ["discharges", "excluded", "eligible", "no_valid_contact", "attempted", "reached", "timely"]
    aggs = [pl.len().alias("discharges"), (pl.col("excluded") != "").sum().alias("excluded")] + \
        [pl.col(c).sum() for c in cols[2:]]
    dept = his.group_by("department").agg(aggs).sort("department")
    total = his.select(aggs).with_columns(pl.lit("全院").alias("department"))
    depts = rates(pl.concat([dept, total.select(dept.columns)]))
    trend = pl.concat([his.group_by("month", "department").agg(aggs),
                       his.group_by("month").agg(aggs).with_columns(pl.lit("全院").alias("department"))],
                      how="diagonal")
    trend = rates(trend).sort("month", "department")
    failures = his.filter(pl.col("eligible") & ~pl.col("reached")).group_by("department", "final_status") \
        .agg(pl.len().alias("count")).sort("department", "final_status")
    st.done("metrics")

    name = pl.col("name").fill_null("")
    phone = pl.col("phone_clean").fill_null("")
    todo = his.filter(pl.col("eligible") & ~pl.col("reached")).sort("department", "discharge_time").select(
        "department", "inpatient_no",
        (name.str.slice(0, 1) + "*" + pl.when(name.str.len_chars() > 2).then(name.str.slice(-1)).otherwise(pl.lit("")))
        .alias("name"),
        pl.col("discharge_date").dt.strftime("%Y-%m-%d"),
        pl.when(phone == "").then(pl.lit("")).otherwise(phone.str.slice(0, 3) + "****" + phone.str.slice(-4))
        .alias("phone"), "final_status")
    dcols = ["department"] + cols + ["followup_rate", "contact_success_rate", "timely_rate"]
    depts.select(dcols).write_csv(os.path.join(out, "departments.csv"))
    C.write_workbook(os.path.join(out, "report.xlsx"), [
        ("departments", dcols, depts.select(dcols).iter_rows()),
        ("trend", ["month"] + dcols, trend.select(["month"] + dcols).iter_rows()),
        ("failures", failures.columns, failures.iter_rows()),
        ("not_reached", todo.columns, todo.iter_rows()),
    ])
    st.done("write_xlsx")
    t = depts.row(-1, named=True)
    print(f"discharges {t['discharges']} eligible {t['eligible']} attempted {t['attempted']} reached {t['reached']} "
          f"unmatched_calls {unmatched} not_reached_list {todo.height}")


if __name__ == "__main__":
    main()
