#!/usr/bin/env python3
"""Benchmark inputs at a hospital group's scale, in the formats the tool meets in practice.

    bench/generate.py --discharges 1000000 --calls 1000000 --out bench/out/data-1m

writes into OUT:
  his/2026-MM_出院病人一览表.csv   12 monthly HIS exports, GB18030, a title row, the header, the
                                  data, a totals row (合计); 16 columns; messy phone cells; dates as
                                  `2026-03-05 14:30`; each month repeats the previous month's last
                                  day (exports overlap at their edges, as they do in practice).
  calls/回访登记_<agent>_2026.xlsx 50 agents' sheets of calls/50 rows each (xlsxwriter, constant
                                  memory, i.e. inline strings), a title row above the header.
  calls/回访中心_2026年汇总.xls    calls/5 more rows in a legacy BIFF8 workbook (xlwt), 4 sheets.
  followup.config.json            hospital name and area code.
and OUT.json beside OUT (counts the generator knows, for the README and the baselines' checks).

So `--calls C` means C rows of .xlsx plus C/5 rows of .xls. About 1 % of call rows are copies of
another call in a second agent's sheet (dedupe), about 1 % name an inpatient number the HIS does
not know (unmatched); the rest match a discharge by 住院号 + 出院日期.

Deterministic for a given seed and sizes. Data is fictional (names from common characters,
random phone numbers that must never be dialled).
"""
import argparse
import datetime as dt
import json
import os
import sys
import time
from multiprocessing import Pool

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "scripts"))
from sample import vocab  # noqa: E402  (the sample generator's word lists: one place for them)

YEAR = 2026
GROUP = "钱塘医疗集团"
AREA = "0571"
HIS_HEADER = ["住院号", "住院次数", "姓名", "性别", "年龄", "出院科室", "病区", "入院日期", "出院日期", "出院诊断",
              "出院诊断编码", "出院情况", "离院方式", "联系电话", "联系人电话", "主治医师"]
CALL_HEADER = ["住院号", "出院日期", "联系电话", "回访日期", "回访结果", "满意度", "意见建议", "回访员"]
AGENT_FILES = 50

# A group's departments beyond the sample hospital's nine: (name, weight, diagnoses).
MORE_DEPARTMENTS = [
    ("心胸外科", 12, [("肺恶性肿瘤", "C34.900"), ("气胸", "J93.900")]),
    ("神经外科", 10, [("颅内出血", "I62.900"), ("脑膜瘤", "D32.900")]),
    ("泌尿外科", 16, [("输尿管结石", "N20.100"), ("前列腺增生", "N40.x00")]),
    ("肾内科", 12, [("慢性肾脏病5期", "N18.500"), ("肾病综合征", "N04.900")]),
    ("内分泌科", 14, [("2型糖尿病", "E11.900"), ("甲状腺功能亢进症", "E05.900")]),
    ("血液科", 8, [("缺铁性贫血", "D50.900"), ("急性髓系白血病", "C92.000")]),
    ("肿瘤科", 18, [("乳腺恶性肿瘤", "C50.900"), ("结肠恶性肿瘤", "C18.900")]),
    ("耳鼻喉科", 9, [("慢性鼻窦炎", "J32.900"), ("扁桃体肥大", "J35.100")]),
    ("口腔科", 4, [("颌骨囊肿", "K09.200")]),
    ("皮肤科", 3, [("带状疱疹", "B02.900")]),
    ("康复医学科", 8, [("脑梗死后遗症", "I69.300")]),
    ("中医科", 7, [("腰痛病", "M54.500")]),
    ("感染科", 5, [("病毒性肝炎乙型慢性", "B18.100"), ("肺结核", "A16.200")]),
    ("老年医学科", 11, [("多器官功能衰退", "R54.x00")]),
    ("重症医学科", 4, [("脓毒症", "A41.900")]),
]
DEPTS = [(d, s["weight"], vocab.DIAGNOSES[d]) for d, s in vocab.DEPARTMENTS.items()] + MORE_DEPARTMENTS
PRIVACY = [code for lst in vocab.PRIVACY_DIAGNOSES.values() for code in lst]
OUTCOMES = ["治愈", "好转", "未愈", "其他"]
FAIL_NONTERMINAL = [("no_answer", 40), ("powered_off", 10), ("busy", 8), ("suspended", 6), ("invalid_number", 4),
                    ("wrong_number", 2), ("unclassified", 3)]
FAIL_LAST = FAIL_NONTERMINAL + [("refused", 6), ("hung_up", 8), ("readmitted", 3), ("transferred", 3),
                                ("deceased", 1)]
REMARKS_UNREACHED = ["下午再打", "家属说再联系", "响铃无人接", "晚上再试", ""]


def weights(pairs):
    w = np.array([p[1] for p in pairs], dtype=float)
    return w / w.sum()


def agent_names(n):
    """n distinct fictional agent names, stable for the seed."""
    rng = np.random.default_rng(99)
    out, seen = [], set()
    while len(out) < n:
        s = vocab.SURNAMES[rng.integers(len(vocab.SURNAMES))]
        g = vocab.GIVEN_1[rng.integers(len(vocab.GIVEN_1))]
        if rng.random() < 0.5:
            g += vocab.GIVEN_1[rng.integers(len(vocab.GIVEN_1))]
        if s + g not in seen:
            seen.add(s + g)
            out.append(s + g)
    return out


# MARK: - discharges

def make_discharges(n, rng):
    """One row per distinct discharge, sorted by discharge time; arrays of Python-ready values."""
    day = rng.integers(0, 365, n)
    mod = np.clip(rng.normal(11 * 60, 150, n), 7 * 60, 20 * 60).astype(np.int64)
    order = np.lexsort((mod, day))
    day, mod = day[order], mod[order]
    dis_min = day * 1440 + mod                                       # minutes since 2026-01-01 00:00
    stay_days = np.clip(rng.gamma(2.2, 3.2, n).astype(np.int64) + 1, 1, 60)
    short = rng.random(n) < 0.02                                      # stays under 24 hours
    stay_min = np.where(short, rng.integers(120, 1200, n), stay_days * 1440 + rng.integers(-300, 300, n))
    adm_min = dis_min - stay_min

    base = 10_000_000
    ipno = base + rng.permutation(n * 2)[:n]
    readmit = (rng.random(n) < 0.08) & (np.arange(n) > n // 6)
    back = rng.integers(max(1, n // 24), max(2, n // 6), n)
    src = np.where(readmit, np.arange(n) - back, np.arange(n))
    ipno = ipno[src]
    seq = np.where(readmit, 2, 1)

    dept_w = np.array([d[1] for d in DEPTS], dtype=float)
    dept = rng.choice(len(DEPTS), n, p=dept_w / dept_w.sum())
    sex = rng.integers(0, 2, n)
    age = np.clip(rng.normal(56, 20, n), 0, 99).astype(np.int64)
    outcome = rng.choice(len(OUTCOMES), n, p=[0.25, 0.66, 0.06, 0.03])
    leave = rng.choice([1, 2, 3, 4, 9], n, p=[0.945, 0.01, 0.005, 0.03, 0.01])
    died = rng.random(n) < 0.004
    privacy = rng.random(n) < 0.005
    diag_pick = rng.random(n)
    return dict(n=n, dis_min=dis_min, adm_min=adm_min, ipno=ipno, seq=seq, dept=dept, sex=sex, age=age,
                outcome=outcome, leave=leave, died=died, privacy=privacy, diag_pick=diag_pick)


MOBILE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "156",
                   "157", "158", "159", "166", "176", "177", "180", "181", "182", "186", "187", "188", "189", "198", "199"]
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
# How HIS phone cells look (SPEC §3); weights per 100 rows.
PHONE_KINDS = [("plain", 62), ("spaced", 6), ("dashed", 3), ("plus86", 3), ("p0086", 2), ("fullwidth", 2),
               ("float_text", 2), ("sci", 1), ("landline_area", 4), ("landline_paren", 1), ("landline_local", 3),
               ("landline_ext", 1), ("two", 2), ("labelled", 1), ("placeholder", 3), ("wrong_length", 1),
               ("ward", 1), ("empty", 2)]
PLACEHOLDERS = ["无", "不详", "-", "/", "00000000000"]


def mobiles(n, rng):
    pre = np.array(MOBILE_PREFIXES)[rng.integers(0, len(MOBILE_PREFIXES), n)]
    rest = rng.integers(10_000_000, 100_000_000, n)
    return [p + str(r) for p, r in zip(pre.tolist(), rest.tolist())]


def phone_cells(n, rng):
    """(raw HIS cell, the number an agent would dial or '') per row."""
    kinds = rng.choice(len(PHONE_KINDS), n, p=weights(PHONE_KINDS)).tolist()
    m1 = mobiles(n, rng)
    m2 = mobiles(n, rng)
    loc = rng.integers(81_000_000, 89_999_999, n).tolist()
    ext = rng.choice(["801", "6203", "12"], n).tolist()
    ph = rng.integers(0, len(PLACEHOLDERS), n).tolist()
    wards = [f"{AREA}-8{7000000 + i * 1373:07d}" for i in range(40)]
    ward = rng.integers(0, len(wards), n).tolist()
    raw, dial = [], []
    names = [k for k, _ in PHONE_KINDS]
    for i in range(n):
        k = names[kinds[i]]
        m = m1[i]
        if k == "plain":
            r, d = m, m
        elif k == "spaced":
            r, d = f"{m[:3]} {m[3:7]} {m[7:]}", m
        elif k == "dashed":
            r, d = f"{m[:3]}-{m[3:7]}-{m[7:]}", m
        elif k == "plus86":
            r, d = "+86 " + m, m
        elif k == "p0086":
            r, d = f"0086-{m[:3]}-{m[3:7]}-{m[7:]}", m
        elif k == "fullwidth":
            r, d = m.translate(FULLWIDTH), m
        elif k == "float_text":
            r, d = m + ".0", m
        elif k == "sci":
            r, d = f"{m[0]}.{m[1:6]}E+10", ""
        elif k == "landline_area":
            r = f"{AREA}-{loc[i]}"
            d = r
        elif k == "landline_paren":
            r, d = f"({AREA}){loc[i]}", f"{AREA}-{loc[i]}"
        elif k == "landline_local":
            r, d = str(loc[i]), f"{AREA}-{loc[i]}"
        elif k == "landline_ext":
            s = str(loc[i])
            r, d = f"{AREA}-{s[:4]} {s[4:]} 转{ext[i]}", f"{AREA}-{loc[i]}"
        elif k == "two":
            r, d = f"{m}/{m2[i]}", m
        elif k == "labelled":
            r, d = f"本人:{m} 家属:{m2[i]}", m
        elif k == "placeholder":
            r, d = PLACEHOLDERS[ph[i]], ""
        elif k == "wrong_length":
            r, d = m[:10], ""
        elif k == "ward":
            r, d = wards[ward[i]], wards[ward[i]]
        else:
            r, d = "", ""
        raw.append(r)
        dial.append(d)
    return raw, dial


def minute_text(base, minutes):
    """`2026-03-05 14:30` for minutes since `base`."""
    a = (np.datetime64(base, "m") + minutes.astype("timedelta64[m]"))
    return [s.replace("T", " ") for s in np.datetime_as_string(a, unit="m").tolist()]


def write_his(d, out, rng):
    """12 GB18030 CSV exports; returns rows written per file (data rows) and the dialled numbers."""
    n = d["n"]
    names = name_list(n, rng)
    contact = mobiles(n, rng)
    has_contact = (rng.random(n) < 0.6).tolist()
    raw_phone, dial = phone_cells(n, rng)
    dis_txt = minute_text(f"{YEAR}-01-01T00:00", d["dis_min"])
    adm_txt = minute_text(f"{YEAR}-01-01T00:00", d["adm_min"])
    dept, age, sex = d["dept"].tolist(), d["age"].tolist(), d["sex"].tolist()
    outcome, leave = d["outcome"].tolist(), d["leave"].tolist()
    died, privacy, pick = d["died"].tolist(), d["privacy"].tolist(), d["diag_pick"].tolist()
    ipno, seq = d["ipno"].tolist(), d["seq"].tolist()
    doctors = [vocab.SURNAMES[i % len(vocab.SURNAMES)] + vocab.GIVEN_1[(i * 7) % len(vocab.GIVEN_1)]
               for i in range(len(DEPTS) * 4)]
    lines = []
    age_years = rng.random(n) < 0.3
    age_years = age_years.tolist()
    for i in range(n):
        dn, _, diags = DEPTS[dept[i]]
        if privacy[i]:
            dx, code = PRIVACY[int(pick[i] * len(PRIVACY))]
        else:
            dx, code = diags[int(pick[i] * len(diags))]
        a = age[i]
        age_s = f"{a}岁" if age_years[i] else (str(a) if a > 0 else f"{1 + i % 11}月")
        out_s = "死亡" if died[i] else OUTCOMES[outcome[i]]
        lm = "5" if died[i] else str(leave[i])
        lines.append(",".join((
            str(ipno[i]), str(seq[i]), names[i], "男" if sex[i] else "女", age_s, dn, dn + "病区",
            adm_txt[i], dis_txt[i], dx, code, out_s, lm, raw_phone[i], contact[i] if has_contact[i] else "",
            doctors[dept[i] * 4 + i % 4])))
    month = [int(s[5:7]) for s in dis_txt]
    day = [s[:10] for s in dis_txt]
    os.makedirs(os.path.join(out, "his"), exist_ok=True)
    rows = {}
    start = 0
    for m in range(1, 13):
        end = start
        while end < n and month[end] == m:
            end += 1
        body = lines[start:end]
        overlap = []
        if start > 0:                 # the previous month's last day, exported again
            last = day[start - 1]
            j = start - 1
            while j >= 0 and day[j] == last:
                j -= 1
            overlap = lines[j + 1:start]
        first, last = f"{YEAR}-{m:02d}-01", (dt.date(YEAR + m // 12, m % 12 + 1, 1)).isoformat()
        text = [f"{GROUP} {YEAR}年{m}月出院病人一览表" + "," * (len(HIS_HEADER) - 1),
                f"统计日期：{first} 至 {last}    导出人：信息科" + "," * (len(HIS_HEADER) - 1),
                ",".join(HIS_HEADER)] + overlap + body + [
                f"合计,{len(overlap) + len(body)}人" + "," * (len(HIS_HEADER) - 2)]
        name = f"{YEAR}-{m:02d}_出院病人一览表.csv"
        with open(os.path.join(out, "his", name), "wb") as f:
            f.write(("\r\n".join(text) + "\r\n").encode("gb18030"))
        rows[name] = len(overlap) + len(body)
        start = end
    return rows, dial


def name_list(n, rng):
    s = np.array(vocab.SURNAMES)[rng.integers(0, len(vocab.SURNAMES), n)].tolist()
    g1 = np.array(vocab.GIVEN_1)[rng.integers(0, len(vocab.GIVEN_1), n)].tolist()
    g2 = np.array(vocab.GIVEN_2)[rng.integers(0, len(vocab.GIVEN_2), n)].tolist()
    two = (rng.random(n) < 0.55).tolist()
    return [a + (c if t else b) for a, b, c, t in zip(s, g1, g2, two)]


# MARK: - calls

def make_calls(d, dial, total, rng):
    """`total` call rows: plans per discharge (failures, then reached or not), duplicates, unmatched.

    Returns a dict of arrays in call order (not yet assigned to files)."""
    n = d["n"]
    dup_n = int(total * 0.01)
    unmatched_n = int(total * 0.01)
    planned = total - dup_n - unmatched_n
    callable_ = ~d["died"] & np.array([x != "" for x in dial])
    mu = planned / max(1, int(callable_.sum()))
    p_called = min(0.95, mu)
    lam = max(0.0, mu / p_called - 1.0)
    called = callable_ & (rng.random(n) < p_called)
    k = np.where(called, 1 + rng.poisson(lam, n), 0)
    # Trim or pad to exactly `planned` calls.
    diff = int(k.sum()) - planned
    if diff > 0:
        idx = np.flatnonzero(k > 1)
        if len(idx) < diff:
            idx = np.flatnonzero(k > 0)
        take = rng.choice(idx, diff, replace=len(idx) < diff)
        np.subtract.at(k, take, 1)
        k = np.maximum(k, 0)
        diff = int(k.sum()) - planned
        if diff > 0:                    # fall back: cut whole discharges
            idx = np.flatnonzero(k > 0)[:diff]
            k[idx] -= 1
    elif diff < 0:
        idx = np.flatnonzero(called)
        np.add.at(k, rng.choice(idx, -diff), 1)
    reach_p = np.array([vocab.DEPARTMENTS[x[0]]["reach"] if x[0] in vocab.DEPARTMENTS else 0.86 for x in DEPTS])
    reached_d = rng.random(n) < reach_p[d["dept"]]
    delay_d = np.clip(rng.normal(5, 3, n), 1, 25).astype(np.int64)

    t = int(k.sum())
    di = np.repeat(np.arange(n), k)
    starts = np.repeat(np.cumsum(k) - k, k)
    pos = np.arange(t) - starts
    last = pos == (k[di] - 1)
    reached = last & reached_d[di]
    gaps = rng.integers(1, 4, t)
    gaps[pos == 0] = 0
    cg = np.cumsum(gaps)
    off_days = delay_d[di] + cg - cg[starts]
    dis_day = d["dis_min"][di] // 1440
    call_min = (dis_day + off_days) * 1440 + rng.integers(8 * 60, 18 * 60, t)

    code_nt = rng.choice(len(FAIL_NONTERMINAL), t, p=weights(FAIL_NONTERMINAL))
    code_l = rng.choice(len(FAIL_LAST), t, p=weights(FAIL_LAST))
    codes = np.where(reached, "reached",
                     np.where(last, np.array([c for c, _ in FAIL_LAST])[code_l],
                              np.array([c for c, _ in FAIL_NONTERMINAL])[code_nt]))
    # Unmatched calls: numbers the HIS never exported, dates like the others.
    um_src = rng.integers(0, t, unmatched_n)
    um = dict(di=np.full(unmatched_n, -1), ipno=90_000_000 + rng.integers(0, 9_000_000, unmatched_n),
              dis_day=dis_day[um_src], call_min=call_min[um_src], codes=codes[um_src])
    calls = dict(di=di, ipno=d["ipno"][di], dis_day=dis_day, call_min=call_min, codes=codes)
    calls = {key: np.concatenate([calls[key], um[key]]) for key in calls}
    # Duplicates: the same call (discharge, minute, result) logged again in another sheet.
    dup_src = rng.integers(0, t, dup_n)
    calls = {key: np.concatenate([v, v[dup_src]]) for key, v in calls.items()}
    calls["dup_of"] = np.concatenate([np.full(t + unmatched_n, -1), dup_src])
    return calls, dict(planned=planned, duplicates=dup_n, unmatched=unmatched_n)


SAT = [("非常满意", 20), ("满意", 60), ("很好", 5), ("基本满意", 5), ("一般", 5), ("不满意", 3), ("差", 2)]


def call_text(calls, dial, rng):
    """The typed columns per call row: result word, satisfaction, comment, dialled number."""
    t = len(calls["codes"])
    words = {c: vocab.RESULT_WORDS[c] for c in vocab.RESULT_WORDS}
    pick = rng.integers(0, 100, t).tolist()
    sat = np.array([s for s, _ in SAT])[rng.choice(len(SAT), t, p=weights(SAT))].tolist()
    answered = (rng.random(t) < 0.92).tolist()
    cpick = rng.random(t).tolist()
    praise = [p.format(dept="", doc="王医生", nurse="李护士") for p in vocab.PRAISE_COMMENTS]
    complaints = [c for c, _ in vocab.COMPLAINT_COMMENTS]
    neutral = vocab.NEUTRAL_COMMENTS
    res, sats, comments, phones = [], [], [], []
    codes = calls["codes"].tolist()
    di = calls["di"].tolist()
    um_phone = mobiles(t, rng)
    for i in range(t):
        c = codes[i]
        ws = words[c]
        res.append(ws[pick[i] % len(ws)])
        x = cpick[i]
        if c == "reached":
            s = sat[i] if answered[i] else ""
            sats.append(s)
            if s in ("不满意", "差"):
                comments.append(complaints[pick[i] % len(complaints)] if x < 0.8 else "")
            elif x < 0.12:
                comments.append(praise[pick[i] % len(praise)])
            elif x < 0.18:
                comments.append(complaints[pick[i] % len(complaints)])
            elif x < 0.40:
                comments.append(neutral[pick[i] % len(neutral)])
            else:
                comments.append("")
        else:
            sats.append("")
            comments.append(REMARKS_UNREACHED[pick[i] % len(REMARKS_UNREACHED)] if x < 0.1 else "")
        phones.append(dial[di[i]] if di[i] >= 0 else um_phone[i])
    return res, sats, comments, phones


EPOCH_1900 = dt.date(1899, 12, 30)
SERIAL_2026 = (dt.date(YEAR, 1, 1) - EPOCH_1900).days


def write_xlsx(job):
    """One agent's workbook (constant memory: rows top to bottom, inline strings)."""
    import xlsxwriter
    path, agent, rows, numeric_ipno = job
    wb = xlsxwriter.Workbook(path, {"constant_memory": True})
    ws = wb.add_worksheet("回访登记")
    dfmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    tfmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    ws.write_string(0, 0, f"{YEAR}年出院患者电话回访登记表（回访员：{agent}）")
    for c, h in enumerate(CALL_HEADER):
        ws.write_string(1, c, h)
    ws_str, ws_num = ws.write_string, ws.write_number
    r = 2
    for ip, dday, phone, cmin, res, sat, com in rows:
        if numeric_ipno:
            ws_num(r, 0, ip)
        else:
            ws_str(r, 0, str(ip))
        ws_num(r, 1, SERIAL_2026 + dday, dfmt)
        if phone:
            ws_str(r, 2, phone)
        ws_num(r, 3, SERIAL_2026 + cmin / 1440.0, tfmt)
        ws_str(r, 4, res)
        if sat:
            ws_str(r, 5, sat)
        if com:
            ws_str(r, 6, com)
        ws_str(r, 7, agent)
        r += 1
    wb.close()
    return path


def write_xls(path, rows, agents, per_sheet):
    import xlwt
    wb = xlwt.Workbook(encoding="utf-8")
    dst = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    tst = xlwt.easyxf(num_format_str="yyyy-mm-dd hh:mm")
    for s in range(0, len(rows), per_sheet):
        ws = wb.add_sheet(f"第{s // per_sheet + 1}季度")
        for c, h in enumerate(CALL_HEADER):
            ws.write(0, c, h)
        r = 1
        for j, (ip, dday, phone, cmin, res, sat, com) in enumerate(rows[s:s + per_sheet]):
            row = ws.row(r)
            row.set_cell_text(0, str(ip))
            row.set_cell_number(1, SERIAL_2026 + dday, dst)
            if phone:
                row.set_cell_text(2, phone)
            row.set_cell_number(3, SERIAL_2026 + cmin / 1440.0, tst)
            row.set_cell_text(4, res)
            if sat:
                row.set_cell_text(5, sat)
            if com:
                row.set_cell_text(6, com)
            row.set_cell_text(7, agents[(s + j) % len(agents)])
            r += 1
            if r % 1000 == 0:
                ws.flush_row_data()
    wb.save(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--discharges", type=int, required=True, help="distinct discharges in the year")
    ap.add_argument("--calls", type=int, required=True, help="call rows in the 50 .xlsx sheets (the .xls adds 1/5)")
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--jobs", type=int, default=2, help="processes writing the .xlsx files")
    a = ap.parse_args()
    t0 = time.time()
    rng = np.random.default_rng(a.seed)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "followup.config.json"), "w", encoding="utf-8") as f:
        json.dump({"hospitalName": GROUP, "areaCode": AREA}, f, ensure_ascii=False, indent=2)
        f.write("\n")

    d = make_discharges(a.discharges, rng)
    his_rows, dial = write_his(d, a.out, rng)
    t_his = time.time() - t0
    print(f"his: {sum(his_rows.values())} rows in 12 files ({t_his:.1f} s)", flush=True)

    xls_n = a.calls // 5
    calls, info = make_calls(d, dial, a.calls + xls_n, rng)
    res, sats, comments, phones = call_text(calls, dial, rng)
    total = len(res)
    perm = rng.permutation(total)
    rows_all = list(zip(calls["ipno"].tolist(), calls["dis_day"].tolist(), phones, calls["call_min"].tolist(),
                        res, sats, comments))
    agents = agent_names(AGENT_FILES + 8)
    cdir = os.path.join(a.out, "calls")
    os.makedirs(cdir, exist_ok=True)
    per = a.calls // AGENT_FILES
    jobs = []
    for f in range(AGENT_FILES):
        idx = perm[f * per:(f + 1) * per]
        idx = idx[np.argsort(calls["call_min"][idx], kind="stable")]
        jobs.append((os.path.join(cdir, f"回访登记_{agents[f]}_{YEAR}.xlsx"), agents[f],
                     [rows_all[i] for i in idx.tolist()], f % 2 == 0))
    rest = perm[AGENT_FILES * per:]
    rest = rest[np.argsort(calls["call_min"][rest], kind="stable")]
    xls_rows = [rows_all[i] for i in rest.tolist()]
    t1 = time.time()
    with Pool(max(1, a.jobs)) as pool:
        for _ in pool.imap_unordered(write_xlsx, jobs):
            pass
    t_xlsx = time.time() - t1
    print(f"xlsx: {per * AGENT_FILES} rows in {AGENT_FILES} files ({t_xlsx:.1f} s)", flush=True)
    t2 = time.time()
    per_sheet = -(-len(xls_rows) // 4)
    if per_sheet > 65535:
        sys.exit(f"{len(xls_rows)} .xls rows do not fit 4 sheets of 65,535 rows")
    write_xls(os.path.join(cdir, f"回访中心_{YEAR}年汇总.xls"), xls_rows, agents[AGENT_FILES:], per_sheet)
    print(f"xls: {len(xls_rows)} rows in 4 sheets ({time.time() - t2:.1f} s)", flush=True)

    summary = dict(seed=a.seed, discharges=a.discharges, his_rows=sum(his_rows.values()), his_files=his_rows,
                   xlsx_call_rows=per * AGENT_FILES, xls_call_rows=len(xls_rows), call_rows=total,
                   duplicate_calls=info["duplicates"], unmatched_calls=info["unmatched"],
                   discharges_called=int(len(np.unique(calls["di"][calls["di"] >= 0]))),
                   seconds=round(time.time() - t0, 1))
    with open(a.out.rstrip("/") + ".json", "w", encoding="utf-8") as f:
        json.dump(summary, f, ensure_ascii=False, indent=2)
    print(f"done in {summary['seconds']} s: {a.out}", flush=True)


if __name__ == "__main__":
    main()
