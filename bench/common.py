"""What the pandas and polars baselines share: the job's rules in the form vectorised string ops
can use, the input layout, stage timing and the XLSX writer. Each baseline keeps its own reading,
cleaning, joining and grouping in its own library's idioms.

The rules are the tool's main ones (SPEC §3, §5, §6, §7), cut down to what regular expressions
and group-bys express; see docs/performance.md for what the baselines leave out.
"""
import glob
import os
import sys
import time

# The columns both baselines read, as the generator writes them (they know the layout in advance).
HIS_COLS = {"住院号": "inpatient_no", "姓名": "name", "出院科室": "department", "入院日期": "admit_time",
            "出院日期": "discharge_time", "出院诊断编码": "diagnosis_code", "出院情况": "outcome",
            "离院方式": "leave_mode", "联系电话": "phone", "联系人电话": "contact_phone"}
CALL_COLS = {"住院号": "inpatient_no", "出院日期": "discharge_date", "联系电话": "phone", "回访日期": "call_time",
             "回访结果": "result", "满意度": "satisfaction", "意见建议": "comment", "回访员": "agent"}

AS_OF = "2027-01-31"
AREA_CODE = "0571"
TIMELY_DAYS = 7
SHARED_NUMBER_THRESHOLD = 5

# Call results (SPEC §2.2), first match wins: the longer words that contain other words come first
# (未接通 is no answer, not 接通).
RESULT_RULES = [
    ("no_answer", ["未接通", "无人接听", "未接", "无应答"]),
    ("invalid_number", ["空号", "号码不存在"]),
    ("wrong_number", ["错号", "号码错误", "非本人", "打错"]),
    ("suspended", ["停机"]),
    ("powered_off", ["关机"]),
    ("busy", ["占线", "忙音", "通话中"]),
    ("refused", ["拒访", "拒绝", "不愿意", "不配合"]),
    ("hung_up", ["挂断", "挂机", "疑似诈骗"]),
    ("deceased", ["已故", "死亡", "去世"]),
    ("readmitted", ["再次入院", "住院中"]),
    ("transferred", ["转院", "外院治疗"]),
    ("reached", ["已回访", "已接通", "成功", "接通", "完成"]),
]
PRIVACY_RE = r"^(O0[4-7]|A5\d|A6[0-4]|B2[0-4])"
FULLWIDTH_DIGITS = "０１２３４５６７８９"

# Phone cleaning as regular expressions (the tool's main rules; SPEC §3).
PHONE_FIRST_RE = r"^[^/;，、,]*"                    # the first of several numbers in one cell
PHONE_LABEL_RE = r"^\s*(本人|患者|家属)\s*[:：]"     # 本人:138… 家属:139…
PHONE_SCI_RE = r"[eE][+]"                          # 1.38001E+10: digits lost in Excel
PHONE_EXT_RE = r"\s*(转|ext|EXT|分机).*$"
MOBILE_RE = r"^1[3-9]\d{9}$"
MOBILE_ZEROS_RE = r"^1[3-9]\d0{8}$"
REPEATED_RE = r"^(0+|1+|2+|3+|4+|5+|6+|7+|8+|9+)$"
SEQUENCE = ["12345678901", "01234567890", "12345678910"]
LANDLINE3_RE = r"^(01\d|02\d)([2-9]\d{7})$"         # 010-…, 02x-… with 8-digit local numbers
LANDLINE4_RE = r"^(0[3-9]\d{2})([2-9]\d{6,7})$"     # 0571-…
LOCAL_RE = r"^[2-9]\d{6,7}$"                       # no area code: the hospital's


def inputs(root):
    """(HIS CSVs, agent .xlsx, agent .xls) under root, in name order as the tool takes them."""
    def find(pattern):
        return sorted(glob.glob(os.path.join(root, "**", pattern), recursive=True))
    return find("*.csv"), find("*.xlsx"), find("*.xls")


class Stages:
    """Prints `stage NAME SECONDS` lines on stdout (bench/timed.py collects them)."""

    def __init__(self):
        self.t = time.perf_counter()
        self.total = 0.0

    def done(self, name):
        now = time.perf_counter()
        print(f"stage {name} {now - self.t:.3f}", flush=True)
        self.total += now - self.t
        self.t = now


def write_workbook(path, sheets):
    """sheets: list of (name, header, rows iterable). Constant memory: rows top to bottom."""
    import xlsxwriter
    wb = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_formulas": False,
                                    "strings_to_numbers": False, "strings_to_urls": False})
    bold = wb.add_format({"bold": True})
    for name, header, rows in sheets:
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, header, bold)
        r = 1
        write = ws.write_row
        for row in rows:
            write(r, 0, row)
            r += 1
    wb.close()


def usage(argv):
    if len(argv) != 3:
        sys.exit(f"usage: {os.path.basename(argv[0])} INPUT_DIR OUT_DIR")
    os.makedirs(argv[2], exist_ok=True)
    return argv[1], argv[2]
