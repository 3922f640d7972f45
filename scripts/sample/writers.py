"""File writers that give byte-identical output for identical input (fixed timestamps everywhere)."""
import csv
import datetime as dt
import io
import os
import zipfile

import openpyxl
import xlwt
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from openpyxl.writer.excel import ExcelWriter

FIXED = dt.datetime(2026, 5, 1, 8, 0, 0)
ZIP_TIME = (2026, 5, 1, 8, 0, 0)


class Text(str):
    """A string that must stay text even when it looks like a formula or a number."""


def _ensure_dir(path):
    os.makedirs(os.path.dirname(path), exist_ok=True)


def write_csv(path, rows, encoding):
    """Writes rows of strings as Excel does: CRLF line ends, minimal quoting."""
    _ensure_dir(path)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        w.writerow(["" if v is None else str(v) for v in row])
    with open(path, "wb") as f:
        f.write(buf.getvalue().encode(encoding))


def write_xlsx(path, sheets, epoch1904=False, dt_format="yyyy-mm-dd hh:mm", d_format="yyyy-mm-dd"):
    """sheets: [(name, rows, merges)]; datetime cells get `dt_format`, date cells `d_format`."""
    _ensure_dir(path)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    if epoch1904:
        wb.epoch = CALENDAR_MAC_1904
    for name, rows, merges in sheets:
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, v in enumerate(row, start=1):
                if v is None or v == "":
                    continue
                cell = ws.cell(row=r, column=c)
                if isinstance(v, Text):
                    cell.value = str(v)
                    cell.data_type = "s"
                elif isinstance(v, dt.datetime):
                    cell.value = v
                    cell.number_format = dt_format
                elif isinstance(v, dt.date):
                    cell.value = v
                    cell.number_format = d_format
                else:
                    cell.value = v
        for m in merges:
            ws.merge_cells(m)
    wb.properties.creator = "滨江市第一人民医院信息科"
    wb.properties.lastModifiedBy = None
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    raw = io.BytesIO()
    ExcelWriter(wb, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED)).save()
    _rezip(raw.getvalue(), path)


def _rezip(data, path):
    """Rewrites a zip with fixed entry times so equal content gives equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o600 << 16
            dst.writestr(zi, src.read(info.filename))


def write_xls(path, sheets, dt_format="yyyy-mm-dd hh:mm", d_format="yyyy-mm-dd"):
    """sheets: [(name, rows, merges)], merges as (r1, r2, c1, c2) zero-based inclusive."""
    _ensure_dir(path)
    wb = xlwt.Workbook(encoding="utf-8")
    s_dt = xlwt.easyxf(num_format_str=dt_format)
    s_d = xlwt.easyxf(num_format_str=d_format)
    for name, rows, merges in sheets:
        ws = wb.add_sheet(name)
        merged_tops = {}
        for (r1, r2, c1, c2) in merges:
            merged_tops[(r1, c1)] = (r2, c2)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is None or v == "":
                    continue
                if (r, c) in merged_tops:
                    r2, c2 = merged_tops[(r, c)]
                    ws.write_merge(r, r2, c, c2, str(v))
                elif isinstance(v, dt.datetime):
                    ws.write(r, c, v, s_dt)
                elif isinstance(v, dt.date):
                    ws.write(r, c, dt.datetime(v.year, v.month, v.day), s_d)
                else:
                    ws.write(r, c, str(v) if isinstance(v, Text) else v)
    wb.save(path)
