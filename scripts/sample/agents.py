"""Agents' call sheets (SPEC §2.2): one file per agent per discharge month, each with its own habits."""
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from . import vocab
from . import writers
from .writers import Text

LAYOUTS = {
    "王芳": ["序号", "住院号", "姓名", "科室", "出院日期", "联系电话", "回访日期", "回访结果", "满意度", "意见建议"],
    "李娜": ["病案号", "患者姓名", "回访电话", "随访日期", "接通情况", "总体满意度"] + vocab.ITEMS +
            ["患者意见", "表扬人员", "是否投诉", "回访员"],
    "张敏": ["住院号", "姓名", "出院日期", "电话", "回访时间", "结果", "满意度", "备注", "回访人"],
    "刘洋": ["病案号", "姓名", "联系电话", "回访日期", "回访方式", "回访结果", "满意度", "意见或建议", "随访人"],
    "陈静": ["住院号", "出院日期", "患者姓名", "科室", "联系电话", "回访时间", "回访结果", "总评价", "意见建议", "表扬",
            "投诉", "回访员"],
}


@dataclass
class Sheet:
    name: str
    rows: list = field(default_factory=list)     # (kind, call or text)
    merges: list = field(default_factory=list)


@dataclass
class AgentFile:
    path: str
    agent: str
    fmt: str
    sheets: list = field(default_factory=list)


def file_name(agent, y, m):
    return {"王芳": f"calls/回访登记_王芳_{y}-{m:02d}.xlsx", "李娜": f"calls/李娜_{y}年{m}月随访记录.xlsx",
            "张敏": f"calls/张敏回访{y}-{m:02d}.xls", "刘洋": f"calls/回访记录-刘洋-{y}{m:02d}.csv",
            "陈静": f"calls/{y}年{m:02d}月出院回访(陈静).xlsx"}[agent]


def plan_agent_files(profile, calls, final):
    """Groups calls into files by agent and discharge month, adding duplicates, titles and notes."""
    by = defaultdict(list)
    for c in calls:
        month = getattr(c, "month", None) or (c.target[1].year, c.target[1].month)
        by[(c.agent, month)].append(("call", c))
        for where in c.duplicate_in:
            if where != "next_week":
                by[(where, month)].append(("duplicate", c))
    files = []
    for agent in profile.agents:
        for (y, m) in profile.months:
            items = sorted(by.get((agent, (y, m)), []), key=lambda it: (it[1].when, it[1].id, it[0]))
            if not items:
                continue
            f = AgentFile(file_name(agent, y, m), agent, {"张敏": "xls", "刘洋": "csv_gb18030"}.get(agent, "xlsx"))
            if agent == "李娜":
                weeks = defaultdict(list)
                start = dt.date(y, m, 1)
                for kind, c in items:
                    wk = (c.when.date() - start).days // 7 + 1
                    weeks[wk].append((kind, c))
                    if "next_week" in c.duplicate_in:
                        weeks[wk + 1].append(("duplicate", c))
                for wk in sorted(weeks):
                    s = Sheet(f"第{wk}周", [("header", None)] + weeks[wk])
                    f.sheets.append(s)
                f.sheets[-1].rows += [("blank", None), ("note", "备注：本周未接通的患者下周继续回访")]
            else:
                s = Sheet("回访登记" if agent != "陈静" else f"{m}月")
                if agent == "王芳":
                    s.rows = [("title", f"{y}年{m}月出院患者回访登记表"), ("blank", None)]
                    s.merges = ["A1:J1"]
                s.rows += [("header", None)] + items
                f.sheets.append(s)
            files.append(f)
    files.sort(key=lambda f: f.path)
    return files


def phone_text(number, mode, rng):
    if not number:
        return None
    if mode == 3 and len(number) == 11:
        return rng.choice([f"{number[:3]} {number[3:7]} {number[7:]}", f"+86 {number}", number])
    return number


def comment_cell(text):
    return Text(text) if text and text[0] in "=+-@" else (text or None)


def call_row(agent, kind, c, rng, final):
    d = final.get(c.target) if c.target else None
    who = "陈静" if kind == "duplicate" and agent == "陈静" else c.agent
    name = c.name if c.mode == 3 or not d else d.patient.name
    no = c.inpatient_no
    dis = c.discharge_date
    phone = phone_text(c.phone, c.mode, rng) if (c.mode == 3 or c.code in ("invalid_number", "wrong_number")
                                                 or rng.random() < 0.7) else None
    sat = c.sat_typed
    if agent == "王芳":
        return [None, no, name, c.department, dis, phone, c.when if c.has_time else c.when.date(), c.word, sat,
                comment_cell(c.comment)]
    if agent == "李娜":
        items = [c.items.get(it) if c.items else None for it in vocab.ITEMS]
        return [no, name, phone, c.when.date(), c.word, sat] + items + \
               [comment_cell(c.comment), c.praise_col or None, c.complaint_flag or None, who]
    if agent == "张敏":
        return [no, name, f"{dis.year}/{dis.month}/{dis.day}" if dis else None, phone,
                c.when if c.has_time else c.when.date(), c.word, sat, comment_cell(c.comment), who]
    if agent == "刘洋":
        when = (f"{c.when.year}.{c.when.month:02d}.{c.when.day:02d} {c.when.hour:02d}:{c.when.minute:02d}"
                if c.has_time else f"{c.when.year}年{c.when.month}月{c.when.day}日")
        return [no, name, phone, when, "电话", c.word, sat, c.comment or None, who]
    if agent == "陈静":
        return [no, dis.isoformat() if dis else None, name, c.department, phone,
                c.when.strftime("%Y-%m-%d %H:%M") if c.has_time else c.when.date().isoformat(), c.word,
                None if sat is None else str(sat), comment_cell(c.comment), c.praise_col or None,
                c.complaint_flag or None, who]
    raise ValueError(agent)


def render_agent_file(f, rng, final):
    header = LAYOUTS[f.agent]
    width = len(header)
    out = []
    for s in f.sheets:
        rows, n = [], 0
        for kind, x in s.rows:
            if kind == "title":
                rows.append([x] + [None] * (width - 1))
            elif kind == "note":
                rows.append([x] + [None] * (width - 1))
            elif kind == "blank":
                rows.append([None] * width)
            elif kind == "header":
                rows.append(list(header))
            else:
                n += 1
                row = call_row(f.agent, kind, x, rng, final)
                if f.agent == "王芳":
                    row[0] = n
                rows.append(row)
        out.append((s.name, rows, s.merges))
    return out


def write_agent_file(f, sheets, root):
    path = f"{root}/{f.path}"
    if f.fmt == "xlsx":
        writers.write_xlsx(path, sheets, dt_format="yyyy-mm-dd hh:mm")
    elif f.fmt == "xls":
        writers.write_xls(path, [(n, r, []) for n, r, _ in sheets], dt_format="yyyy/m/d h:mm")
    else:
        name, rows, _ = sheets[0]
        writers.write_csv(path, [["" if v is None else (v.isoformat() if isinstance(v, dt.date) else str(v))
                                  for v in r] for r in rows], "gb18030")
