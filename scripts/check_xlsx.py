#!/usr/bin/env python3
"""Dump an XLSX workbook as JSON with an independent reader (openpyxl), for tests.

Usage: check_xlsx.py FILE.xlsx  →  JSON on stdout:
{
  "sheets": [{"name", "freeze", "autofilter", "landscape", "fit_width", "print_title_rows",
              "widths": {"A": 12.0, ...},
              "conditional": [{"range": "H7:H16", "type": "expression", "formulas": [...], "fill": rgb}],
              "cells": [[row, col, type, value, number_format, is_date, fill_rgb, bold], ...]}],
  "streamed": names of the sheets written row by row (libxlsxwriter's constant-memory mode:
              inline strings, no shared-string references),
  "formulas": number of <f> elements in all worksheet XML (must be 0: input text never
              becomes a formula),
  "charts": [{"part", "types": ["lineChart", ...], "series": n, "refs": ["'趋势'!$B$5:$B$7", ...]}],
  "created": the dcterms:created property
}
Rows and columns are 1-based, as in openpyxl. Exit status 2 when openpyxl is missing.
"""
import datetime
import json
import re
import sys
import zipfile

try:
    import openpyxl
except ImportError:
    print("openpyxl is not installed (pip install openpyxl)", file=sys.stderr)
    sys.exit(2)


def plain(v):
    if isinstance(v, (datetime.datetime, datetime.date)):
        return v.isoformat()
    if isinstance(v, datetime.time):
        return v.isoformat()
    return v


def fill_rgb(cell):
    f = cell.fill
    if f is None or f.fill_type is None:
        return None
    c = f.fgColor
    return c.rgb if c is not None and isinstance(c.rgb, str) else None


def main(path):
    wb = openpyxl.load_workbook(path)  # formulas kept as text, so a formula would show
    out = {"sheets": [], "formulas": 0, "charts": [], "created": None, "streamed": []}
    for ws in wb.worksheets:
        cells = []
        for row in ws.iter_rows():
            for c in row:
                if c.value is None and fill_rgb(c) is None:
                    continue
                cells.append([c.row, c.column, c.data_type, plain(c.value), c.number_format,
                              bool(c.is_date), fill_rgb(c), bool(c.font and c.font.b)])
        ps = ws.page_setup
        out["sheets"].append({
            "name": ws.title,
            "freeze": ws.freeze_panes,
            "autofilter": ws.auto_filter.ref,
            "landscape": ps.orientation == "landscape",
            "fit_width": ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else False,
            "print_title_rows": ws.print_title_rows,
            "widths": {k: d.width for k, d in ws.column_dimensions.items() if d.width},
            "heights": {str(k): d.height for k, d in ws.row_dimensions.items() if d.height},
            "conditional": [{"range": str(cf.sqref), "type": r.type, "formulas": list(r.formula or []),
                             "fill": r.dxf.fill.bgColor.rgb if r.dxf and r.dxf.fill and r.dxf.fill.bgColor is not None else None}
                            for cf in ws.conditional_formatting for r in cf.rules],
            "cells": cells,
        })
    out["created"] = plain(wb.properties.created)
    with zipfile.ZipFile(path) as z:
        # Sheet names to their parts, through the workbook's relationships.
        book = z.read("xl/workbook.xml").decode("utf-8")
        rels = z.read("xl/_rels/workbook.xml.rels").decode("utf-8")
        targets = {}
        for rel in re.findall(r"<Relationship [^>]*>", rels):
            attrs = dict(re.findall(r'(\w+)="([^"]*)"', rel))
            targets[attrs.get("Id")] = attrs.get("Target", "")
        for name, rid in re.findall(r'<sheet name="([^"]+)" sheetId="\d+" r:id="([^"]+)"', book):
            data = z.read("xl/" + targets[rid].lstrip("/").removeprefix("xl/")).decode("utf-8", "replace")
            if 't="inlineStr"' in data and 't="s"' not in data:
                out["streamed"].append(name.replace("&amp;", "&"))
        for name in sorted(z.namelist()):
            data = z.read(name).decode("utf-8", "replace")
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                out["formulas"] += len(re.findall(r"<f[ >]", data))
            if name.startswith("xl/charts/chart") and name.endswith(".xml"):
                out["charts"].append({
                    "part": name,
                    "types": sorted(set(re.findall(r"<c:(\w+Chart)>", data))),
                    "series": len(re.findall(r"<c:ser>", data)),
                    "refs": re.findall(r"<c:f>([^<]*)</c:f>", data),
                    "cached_points": len(re.findall(r"<c:pt ", data)),
                })
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(64)
    main(sys.argv[1])
