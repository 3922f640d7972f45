"""HIS discharge exports (SPEC §2.1): which discharge goes in which file, and how each file is messed up.

`plan_files` decides file contents (month files overlapping at their edges, supplements with dates
only, one corrected re-export, bad rows); `render_file` turns a planned file into cells and writes it.
Every physical row is recorded with its kind so the truth can account for it (SPEC §10).
"""
import datetime as dt
from dataclasses import dataclass, field

from . import vocab
from .phones import PhoneCell, FULLWIDTH
from .world import clone, month_days
from . import writers

FIELDS = ["inpatient_no", "admission_seq", "name", "sex", "age", "birth_date", "department", "ward", "admit_time",
          "discharge_time", "diagnosis", "diagnosis_code", "outcome", "leave_mode", "phone", "contact_name",
          "contact_phone", "attending", "insurance", "address"]
HEADER_SETS = [
    ["住院号", "住院次数", "姓名", "性别", "年龄", "出生日期", "出院科室", "病区", "入院日期", "出院日期", "出院诊断",
     "出院诊断编码", "出院情况", "离院方式", "联系电话", "联系人", "联系人电话", "主治医师", "医保类别", "家庭住址"],
    ["病案号", "第几次住院", "患者姓名", "性别", "年龄", "出生日期", "科室", "病房", "入院时间", "出院时间", "主要诊断",
     "ICD编码", "治疗结果", "离院方式", "手机", "联系人姓名", "家属电话", "管床医师", "费别", "地址"],
    ["住院号码", "住院次数", "病人姓名", "性别", "年龄", "出生日期", "科别", "病区", "入院日期", "出院日期", "出院诊断",
     "疾病编码", "出院情况", "离院方式", "本人电话", "家属姓名", "紧急联系人电话", "经治医师", "付款方式", "家庭住址"],
    ["病历号", "住院次数", "姓名", "性别", "年龄", "出生日期", "出院科室", "病区", "入院时间", "出院时间", "出院诊断",
     "ＩＣＤ编码", "出院情况", "离院方式", "患者电话", "联系人", "联系人电话", "主治医师", "医保类别", "地址"],
]
SUPPLEMENT_FIELDS = ["inpatient_no", "name", "sex", "age", "department", "admit_time", "discharge_time", "diagnosis",
                     "diagnosis_code", "leave_mode", "phone", "contact_phone"]
SUPPLEMENT_HEADERS = ["住院号", " 姓 名", "性别", "年龄", "科室", "入院日期", "出院日期", "出院诊断", "出院诊断编码",
                      "离院方式", "电话", "联系人电话"]
FULLWIDTH_ALNUM = str.maketrans("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
                                "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ")
# main-file formats in rotation: (format, name stem, header set, date style, leave style, numbers as cells)
MAIN_FORMATS = [
    ("csv_gb18030", "出院病人一览表", 0, "slash_time", "code"),
    ("xlsx", "出院名单", 1, "cells_time", "text"),
    ("csv_utf8_bom", "出院名单", 2, "iso_time", "both"),
    ("xls", "出院病人", 3, "cells_time", "number"),
]
EXT = {"csv_gb18030": "csv", "csv_utf8_bom": "csv", "csv_utf8": "csv", "xlsx": "xlsx", "xls": "xls"}


@dataclass
class Row:
    kind: str                        # title, blank, header, data, rejected, totals
    record: object = None
    reason: str | None = None        # why a data row must be rejected
    override: dict = field(default_factory=dict)


@dataclass
class HisFile:
    path: str
    fmt: str
    fields: list
    headers: list
    date_style: str
    leave_style: str
    has_time: bool
    title: list = field(default_factory=list)
    totals: bool = False
    epoch1904: bool = False
    numbers_as_cells: bool = False
    text_dates_share: float = 0.0
    rows: list = field(default_factory=list)
    role: str = "main"
    sheet: str = "Sheet1"


def ym(d):
    return (d.year, d.month)


def plan_files(world, rng):
    p = world.p
    months = p.months
    by_month = {m: [d for d in world.discharges if ym(d.discharge) == m] for m in months}
    files = []
    n = len(months)
    for i, (y, m) in enumerate(months):
        fmt, stem, hset, dstyle, lstyle = (MAIN_FORMATS[i % 4] if p.messy else
                                           [MAIN_FORMATS[2], MAIN_FORMATS[1]][i % 2])
        tag = f"{y}-{m:02d}"
        main = HisFile(f"his/{tag}_{stem}.{EXT[fmt]}", fmt, list(FIELDS), list(HEADER_SETS[hset]), dstyle, lstyle,
                       True, numbers_as_cells=fmt in ("xlsx", "xls"), sheet=f"{m}月出院")
        if p.messy or fmt == "xlsx":
            main.title = [f"{vocab.HOSPITAL} {y}年{m}月出院病人一览表"]
            main.totals = True
        if p.messy and i == 0:
            main.title.append(f"统计日期：{y}-{m:02d}-01 至 {months[1][0] if n > 1 else y}-"
                              f"{months[1][1] if n > 1 else m:02d}-01    导出人：信息科")
        if p.messy and fmt == "xlsx":
            main.text_dates_share = 0.1
        own = list(by_month[(y, m)])
        edge_prev = [d for d in by_month[months[i - 1]] if d.discharge.date() == month_days(*months[i - 1])[-1]] \
            if i > 0 else []
        edge_next = [d for d in by_month[months[i + 1]] if d.discharge.date().day == 1] if i + 1 < n else []
        edges = {id(d) for d in edge_prev + edge_next} | {id(d) for d in own if d.discharge.date().day == 1 and i > 0}
        edges |= {id(d) for d in own if d.discharge.date() == month_days(y, m)[-1] and i + 1 < n}
        supplement = []
        if p.messy and (i == 0 or i == n - 1):
            pool = [d for d in own if id(d) not in edges and not d.tags and d.intent in ("normal", "short")
                    and d.inpatient_no not in world.dnc]
            shorts = [d for d in pool if d.intent == "short"][:2]
            normals = [d for d in pool if d.intent == "normal"]
            supplement = shorts + rng.sample(normals, max(3, len(own) // 12))
        sup_ids = {id(d) for d in supplement}
        main_records = sorted([d for d in edge_prev + own + edge_next if id(d) not in sup_ids],
                              key=lambda d: (d.department, d.discharge, d.inpatient_no))
        main.rows = [Row("data", d) for d in main_records]
        files.append(main)

        if supplement:
            sup_fmt = "csv_utf8" if i == 0 else "xlsx"
            sup = HisFile(main.path.rsplit(".", 1)[0] + "_补充." + EXT[sup_fmt], sup_fmt, list(SUPPLEMENT_FIELDS),
                          list(SUPPLEMENT_HEADERS), "date_mixed" if sup_fmt == "csv_utf8" else "date_num_cjk",
                          "both" if i == 0 else "text", False, numbers_as_cells=sup_fmt == "xlsx", role="supplement",
                          sheet="补录")
            for d in supplement:
                d.has_time = False
            sup.rows = [Row("data", d) for d in sorted(supplement, key=lambda d: (d.discharge, d.inpatient_no))]
            files.append(sup)

        if p.messy and n >= 3 and i == n - 2:
            files.append(plan_correction(world, rng, main, edges))

    add_bad_rows(world, rng, files)
    for f in files:
        add_layout_rows(rng, f, world.p.messy)
    files.sort(key=lambda f: f.path)
    return files


def plan_correction(world, rng, main, edges):
    """A re-export of `main` sorting after it: a few departments and phones corrected (SPEC §4)."""
    corr = HisFile(main.path.rsplit(".", 1)[0] + "_更正.xlsx", "xlsx", list(FIELDS), list(HEADER_SETS[1]),
                   "cells_time", "both", True, epoch1904=True, numbers_as_cells=True, role="correction",
                   sheet="更正后")
    corr.title = [f"{main.title[0] if main.title else ''}（更正）"]
    rows = []
    candidates = [r.record for r in main.rows if id(r.record) not in edges and not r.record.tags
                  and r.record.intent == "normal" and r.record.inpatient_no not in world.dnc]
    dept_fix = rng.sample(candidates, 3)
    phone_pool = [d for d in candidates if d not in dept_fix and not d.phone_cell.numbers]
    phone_fix = phone_pool[:2] if len(phone_pool) >= 2 else rng.sample([d for d in candidates if d not in dept_fix], 2)
    changed = {}
    for d in dept_fix:
        others = [x for x in world.p.departments if x != d.department and x != "眼科"]
        nd = rng.choice(others)
        spec = vocab.DEPARTMENTS[nd]
        c = clone(d, department=nd, ward=rng.choice(spec["wards"]), attending=rng.choice(spec["doctors"]))
        c.tags.append("corrected_department")
        changed[id(d)] = c
    for d in phone_fix:
        c = clone(d, phone=world.book.cell("plain"))
        c.tags.append("corrected_phone")
        changed[id(d)] = c
    for r in main.rows:
        rows.append(Row("data", changed.get(id(r.record), r.record)))
    corr.rows = rows
    corr.changed = changed
    return corr


def ghost(world, rng, dept, day):
    """A discharge that exists only in a bad row (it must be rejected, never loaded)."""
    spec = vocab.DEPARTMENTS[dept]
    pt = world.new_patient(dept, day)
    world.patients.remove(pt)
    dis = dt.datetime.combine(day, dt.time(10, 30))
    adm = dis - dt.timedelta(days=5, hours=1)
    from .world import Discharge
    diag, code = vocab.DIAGNOSES[dept][0]
    return Discharge(pt, 1, dept, spec["wards"][0], spec["doctors"][0], adm, dis, diag, code, "好转", 1,
                     world.age_text(pt, adm.date()), intent="ghost")


def insert_at(rng, rows, row):
    pos = rng.randint(1, max(1, len(rows) - 1))
    rows.insert(pos, row)


def add_bad_rows(world, rng, files):
    mains = [f for f in files if f.role == "main"]
    corr = [f for f in files if f.role == "correction"]
    dept = world.p.departments[0]
    if not world.p.messy:
        f = mains[-1]
        day = f.rows[len(f.rows) // 2].record.discharge.date()
        g = ghost(world, rng, dept, day)
        insert_at(rng, f.rows, Row("rejected", g, "admit_after_discharge",
                                   {"admit_time": g.discharge + dt.timedelta(days=3)}))
        return
    if corr:
        f = [m for m in mains if m.path < corr[0].path and corr[0].path.startswith(m.path.rsplit(".", 1)[0])][0]
        day = f.rows[len(f.rows) // 2].record.discharge.date()
        g1 = ghost(world, rng, dept, day)
        insert_at(rng, f.rows, Row("rejected", g1, "missing_inpatient_no", {"inpatient_no": ""}))
        g2 = ghost(world, rng, world.p.departments[1], day)
        insert_at(rng, f.rows, Row("rejected", g2, "admit_after_discharge",
                                   {"admit_time": g2.discharge + dt.timedelta(days=8)}))
        # a real discharge whose date is unreadable here but fixed in the corrected re-export
        fixable = [r for r in f.rows if r.kind == "data" and id(r.record) not in corr[0].changed
                   and r.record.intent == "normal" and not r.record.tags
                   and r.record.discharge.day not in (1, month_days(r.record.discharge.year,
                                                                    r.record.discharge.month)[-1].day)]
        victim = fixable[len(fixable) // 3]
        victim.kind, victim.reason, victim.override = "rejected", "unreadable_discharge_time", {"discharge_time": "待定"}
        victim.record.tags.append("fixed_by_correction")
    last = mains[-1]
    y, m = last.rows[-1].record.discharge.year, last.rows[-1].record.discharge.month
    g3 = ghost(world, rng, world.p.departments[2], dt.date(y, m, 20))
    bad = f"{y}-{m:02d}-{month_days(y, m)[-1].day + 1}"      # e.g. 2026-04-31
    insert_at(rng, last.rows, Row("rejected", g3, "unreadable_discharge_time", {"discharge_time": bad}))


def add_layout_rows(rng, f, messy):
    body = f.rows
    if messy and f.role == "main" and len(body) > 10:
        insert_at(rng, body, Row("blank"))
    out = [Row("title")] * 0
    out = [Row("title", override={"text": t}) for t in f.title]
    if f.title and messy and f.fmt.startswith("csv"):
        out.append(Row("blank"))
    out.append(Row("header"))
    out += body
    if f.totals:
        if messy:
            out.append(Row("blank"))
        out.append(Row("totals"))
    f.rows = out


# MARK: - rendering

def fmt_dt(v, style, rng, with_time=True):
    if style == "slash_time":
        s = f"{v.year}/{v.month}/{v.day}"
        return s + (f" {v.hour}:{v.minute:02d}" if with_time else "")
    if style == "iso_time":
        return v.strftime("%Y-%m-%d %H:%M") if with_time else v.strftime("%Y-%m-%d")
    if style == "date_mixed":
        return rng.choice([f"{v.year}{v.month:02d}{v.day:02d}", f"{v.year}年{v.month}月{v.day}日",
                           f"{v.year}.{v.month:02d}.{v.day:02d}", f"{v.year}/{v.month}/{v.day}"])
    raise ValueError(style)


def cell_value(f, d, name, rng, override):
    if name in override:
        return override[name]
    p = d.patient
    cells = f.numbers_as_cells
    if name == "inpatient_no":
        s = p.inpatient_no
        if p.fullwidth_no:
            return s.translate(FULLWIDTH_ALNUM)
        return int(s) if cells and s.isdigit() else s
    if name == "admission_seq":
        return d.seq if cells else str(d.seq)
    if name == "name":
        return p.name + p.name_padding
    if name == "sex":
        return p.sex
    if name == "age":
        return d.age_text if cells else str(d.age_text)
    if name in ("birth_date", "admit_time", "discharge_time"):
        v = {"birth_date": dt.datetime.combine(p.birth, dt.time()), "admit_time": d.admit,
             "discharge_time": d.discharge}[name]
        with_time = name != "birth_date" and f.has_time
        if f.date_style == "cells_time":
            if name != "birth_date" and rng.random() < f.text_dates_share:
                return v.strftime("%Y-%m-%d %H:%M")
            return v if with_time else v.date()
        if f.date_style == "date_num_cjk":
            k = rng.random()
            if k < 0.4:
                return int(f"{v.year}{v.month:02d}{v.day:02d}")
            if k < 0.7:
                return f"{v.year}年{v.month}月{v.day}日"
            return v.date()
        return fmt_dt(v, f.date_style, rng, with_time)
    if name == "department":
        return d.department
    if name == "ward":
        return d.ward
    if name == "diagnosis":
        return d.diagnosis
    if name == "diagnosis_code":
        return d.diagnosis_code
    if name == "outcome":
        return d.outcome
    if name == "leave_mode":
        text = vocab.LEAVE_MODE_TEXT[d.leave_mode]
        return {"code": str(d.leave_mode), "text": text, "both": f"{d.leave_mode}.{text}",
                "number": d.leave_mode}[f.leave_style]
    if name in ("phone", "contact_phone"):
        raw = (d.phone_cell if name == "phone" else p.contact_phone).raw
        if isinstance(raw, int) and not cells:
            return str(raw)
        return raw
    if name == "contact_name":
        return p.contact_name
    if name == "attending":
        return d.attending
    if name == "insurance":
        return p.insurance
    if name == "address":
        return p.address
    raise ValueError(name)


def render_rows(f, rng):
    width = len(f.fields)
    out = []
    for row in f.rows:
        if row.kind == "title":
            out.append([row.override["text"]] + [None] * (width - 1))
        elif row.kind == "blank":
            out.append([None] * width)
        elif row.kind == "header":
            out.append(list(f.headers))
        elif row.kind == "totals":
            n = sum(1 for r in f.rows if r.kind in ("data", "rejected"))
            out.append(["合计", f"共{n}人"] + [None] * (width - 2))
        else:
            out.append([cell_value(f, row.record, name, rng, row.override) for name in f.fields])
    return out


def write_his(f, rows, root):
    path = f"{root}/{f.path}"
    if f.fmt.startswith("csv"):
        enc = {"csv_gb18030": "gb18030", "csv_utf8_bom": "utf-8-sig", "csv_utf8": "utf-8"}[f.fmt]
        text_rows = [[_csv_text(v) for v in r] for r in rows]
        writers.write_csv(path, text_rows, enc)
    elif f.fmt == "xlsx":
        merges = [f"A{i + 1}:{_col(len(f.fields))}{i + 1}" for i in range(len(f.title))]
        writers.write_xlsx(path, [(f.sheet, rows, merges)], epoch1904=f.epoch1904)
    elif f.fmt == "xls":
        merges = [(i, i, 0, len(f.fields) - 1) for i in range(len(f.title))]
        writers.write_xls(path, [(f.sheet, rows, merges)])


def _csv_text(v):
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M")
    if isinstance(v, dt.date):
        return v.isoformat()
    return str(v)


def _col(n):
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s
