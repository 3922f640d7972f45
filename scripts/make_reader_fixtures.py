#!/usr/bin/env python3
"""Writes small reader fixtures with independent writers (openpyxl, xlwt, Python's codecs) into
Tests/FollowupCoreTests/Fixtures/readers/, plus expected.json: for each file, the sheets in order
with their visibility and the exact `followup inspect` JSON line the readers must produce
(rows from row 1, absent rows as [], trailing empties trimmed; typed cells as in the corpus).

Usage: python3 scripts/make_reader_fixtures.py   (needs openpyxl and xlwt from PyPI, soffice for the HTML)
"""
import datetime as dt, json, os

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
import xlwt

OUT = os.path.join(os.path.dirname(__file__), '..', 'Tests', 'FollowupCoreTests', 'Fixtures', 'readers')
S = lambda v: {'t': 's', 'v': v}
N = lambda v: {'t': 'n', 'v': v}
D = lambda v: {'t': 'd', 'v': v}
expected = {}


def line(name, rows):
    return json.dumps({'sheet': name, 'rows': rows}, ensure_ascii=False, separators=(',', ':'))


def his_xlsx():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = '出院名单'
    ws['A1'] = '2026年3月出院病人一览表'
    ws.merge_cells('A1:F1')
    ws.append(['住院号', '姓名', '出院科室', '出院日期', '入院时间', '联系电话'])
    rows = [
        ('0012345', '张三', '心内科', dt.datetime(2026, 3, 5), dt.datetime(2026, 2, 27, 14, 30), '13800138000'),
        ('0012346', '李四', '骨科', dt.datetime(2026, 3, 31), dt.datetime(2026, 3, 1, 8, 5), 13912345678),
    ]
    for r in rows:
        ws.append(list(r))
    for r in (3, 4):
        ws.cell(r, 4).number_format = 'yyyy"年"m"月"d"日"'
        ws.cell(r, 5).number_format = 'yyyy-mm-dd hh:mm'
    # A rich-text comment, a time of day, a duration, a boolean, trailing spaces, a sparse row.
    ws['A5'] = CellRichText([TextBlock(InlineFont(b=True), '病情'), '稳定，', TextBlock(InlineFont(i=True), '已出院')])
    ws['B5'] = dt.time(9, 30)
    ws['C5'] = dt.timedelta(hours=30, minutes=15)
    ws['C5'].number_format = '[h]:mm:ss'
    ws['D5'] = True
    ws['E5'] = '  好转  '
    ws['F5'] = 45356.5
    ws['F5'].number_format = '[$-804]yyyy/m/d;@'
    ws['B8'] = '合计'
    ws['C8'] = 2
    hidden = wb.create_sheet('第二周')
    hidden.sheet_state = 'hidden'
    hidden.append(['回访日期', '结果'])
    hidden.append([dt.date(2026, 4, 2), '已接通'])
    hidden['A2'].number_format = 'yyyy/m/d'
    path = os.path.join(OUT, 'his_openpyxl.xlsx')
    wb.save(path)
    expected['his_openpyxl.xlsx'] = {
        'sheets': [{'name': '出院名单', 'visible': True}, {'name': '第二周', 'visible': False}],
        'lines': [
            line('出院名单', [
                [S('2026年3月出院病人一览表')],
                [S('住院号'), S('姓名'), S('出院科室'), S('出院日期'), S('入院时间'), S('联系电话')],
                [S('0012345'), S('张三'), S('心内科'), D('2026-03-05T00:00:00'), D('2026-02-27T14:30:00'), S('13800138000')],
                [S('0012346'), S('李四'), S('骨科'), D('2026-03-31T00:00:00'), D('2026-03-01T08:05:00'), N(13912345678)],
                [S('病情稳定，已出院'), {'t': 'tm', 'v': '09:30:00'}, {'t': 'dur', 'v': 108900}, {'t': 'b', 'v': True},
                 S('  好转  '), D('2024-03-05T12:00:00')],
                [], [],
                [None, S('合计'), N(2)],
            ]),
            line('第二周', [[S('回访日期'), S('结果')], [D('2026-04-02T00:00:00'), S('已接通')]]),
        ],
    }


def mac_1904_xlsx():
    wb = openpyxl.Workbook()
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = wb.active
    ws.title = 'Mac'
    ws['A1'] = dt.datetime(2026, 3, 5, 14, 30)
    ws['A1'].number_format = 'yyyy-mm-dd hh:mm'
    ws['B1'] = 100
    path = os.path.join(OUT, 'mac1904_openpyxl.xlsx')
    wb.save(path)
    expected['mac1904_openpyxl.xlsx'] = {
        'sheets': [{'name': 'Mac', 'visible': True}],
        'lines': [line('Mac', [[D('2026-03-05T14:30:00'), N(100)]])],
    }


def calls_xls():
    wb = xlwt.Workbook(encoding='utf-8')
    ws = wb.add_sheet('回访登记')
    date_style = xlwt.easyxf(num_format_str='YYYY-MM-DD')
    dt_style = xlwt.easyxf(num_format_str='YYYY-MM-DD HH:MM:SS')
    for c, h in enumerate(['住院号', '姓名', '回访日期', '回访时间', '满意度']):
        ws.write(0, c, h)
    ws.write(1, 0, '0012345')
    ws.write(1, 1, '张三')
    ws.write(1, 2, dt.date(2026, 4, 2), date_style)
    ws.write(1, 3, dt.datetime(2026, 4, 2, 10, 15, 0), dt_style)
    ws.write(1, 4, 5)
    ws.write(2, 0, '0012346')
    ws.write(2, 1, '李四')
    ws.write(2, 4, 4.5)
    ws.write(5, 0, '备注：未接通者次日再拨')
    ws2 = wb.add_sheet('Sheet2')
    ws2.write(0, 0, 'x')
    path = os.path.join(OUT, 'calls_xlwt.xls')
    wb.save(path)
    expected['calls_xlwt.xls'] = {
        'sheets': [{'name': '回访登记', 'visible': True}, {'name': 'Sheet2', 'visible': True}],
        'lines': [
            line('回访登记', [
                [S('住院号'), S('姓名'), S('回访日期'), S('回访时间'), S('满意度')],
                [S('0012345'), S('张三'), D('2026-04-02T00:00:00'), D('2026-04-02T10:15:00'), N(5)],
                [S('0012346'), S('李四'), None, None, N(4.5)],
                [], [],
                [S('备注：未接通者次日再拨')],
            ]),
            line('Sheet2', [[S('x')]]),
        ],
    }


CSV_ROWS = [
    ['2026年3月出院病人一览表'],
    ['住院号', '姓名', '出院科室', '出院诊断', '联系电话'],
    ['0012345', '张三', '心内科', '冠心病,高血压', '13800138000'],
    ['0012346', '李四', '骨科', '右股骨颈骨折\n术后', '="0139"'],
    ['0012347', '王"五"', '', '', ''],
    [],
    ['合计', '3'],
]


def csv_text(rows, delim=','):
    out = []
    for r in rows:
        cells = []
        for c in r:
            if any(ch in c for ch in (delim, '"', '\n', '\r')) and not c.startswith('="'):
                c = '"' + c.replace('"', '""') + '"'
            cells.append(c)
        out.append(delim.join(cells))
    return '\r\n'.join(out) + '\r\n'


def csv_lines(name, unwrap=True):
    rows = []
    for r in CSV_ROWS:
        cells = []
        for c in r:
            if unwrap and c.startswith('="') and c.endswith('"'):
                c = c[2:-1]
            cells.append(S(c) if c else None)
        while cells and cells[-1] is None:
            cells.pop()
        rows.append(cells)
    return [line(name, rows)]


def csvs():
    files = {
        'his_gb18030.csv': csv_text(CSV_ROWS).encode('gb18030'),
        'his_utf8_bom.csv': b'\xef\xbb\xbf' + csv_text(CSV_ROWS).encode('utf-8'),
        'his_utf16.txt': b'\xff\xfe' + csv_text(CSV_ROWS, '\t').encode('utf-16-le'),
        'his_gb18030_tab.xls': csv_text(CSV_ROWS, '\t').encode('gb18030'),
        'his_semicolon.csv': csv_text(CSV_ROWS, ';').encode('utf-8'),
    }
    for name, data in files.items():
        with open(os.path.join(OUT, name), 'wb') as f:
            f.write(data)
        expected[name] = {'sheets': [{'name': name, 'visible': True}], 'lines': csv_lines(name)}


def his_html():
    """The first sheet of his_openpyxl.xlsx alone (his_one_sheet.xlsx, openpyxl), saved as HTML
    by LibreOffice (his_libreoffice.html: the shape of a HIS "export to Excel" that is really a
    web page); the tests read both and expect the same staged rows."""
    import shutil, subprocess, tempfile
    wb = openpyxl.load_workbook(os.path.join(OUT, 'his_openpyxl.xlsx'))
    for ws in wb.worksheets[1:]:
        wb.remove(ws)
    one = os.path.join(OUT, 'his_one_sheet.xlsx')
    wb.save(one)
    tmp = tempfile.mkdtemp()
    try:
        subprocess.run(['soffice', '-env:UserInstallation=file://' + tmp + '/profile', '--headless',
                        '--convert-to', 'html', '--outdir', tmp, one],
                       check=True, capture_output=True, timeout=300)
        shutil.copy(os.path.join(tmp, 'his_one_sheet.html'), os.path.join(OUT, 'his_libreoffice.html'))
    finally:
        shutil.rmtree(tmp)


def his_xml2003():
    """A HIS export (title, dates, date-times, phones, a blank row, a totals row) as UTF-8 CSV
    (his_2003_source.csv), opened and saved by LibreOffice as Excel 2003 XML
    (his_libreoffice_2003.xml: LibreOffice types the dates and numbers as it imports). The
    tests expect the same staged rows from both. (LibreOffice 7.4's 2003-XML export fails on
    workbooks it imported from .xlsx, so the source is CSV.)"""
    import shutil, subprocess, tempfile
    rows = [
        ['2026年3月出院病人一览表'],
        ['住院号', '姓名', '出院科室', '入院日期', '出院日期', '联系电话'],
        ['ZY0012345', '张三', '心内科', '2026-02-27 14:30', '2026-03-05', '13800138000'],
        ['ZY0012346', '李喆', '骨科', '2026-03-01 08:05', '2026-03-31 16:00', '13912345678'],
        ['ZY0012347', '王五', '眼科', '2026-03-09', '', '0571-87654321'],
        [],
        ['', '合计', '3'],
    ]
    src = os.path.join(OUT, 'his_2003_source.csv')
    with open(src, 'w', encoding='utf-8', newline='') as f:
        f.write(''.join(','.join(r) + '\n' for r in rows))
    tmp = tempfile.mkdtemp()
    try:
        subprocess.run(['soffice', '-env:UserInstallation=file://' + tmp + '/profile', '--headless',
                        '--infilter=CSV:44,34,76,1', '--convert-to', 'xml:MS Excel 2003 XML', '--outdir', tmp, src],
                       check=True, capture_output=True, timeout=300)
        shutil.copy(os.path.join(tmp, 'his_2003_source.xml'), os.path.join(OUT, 'his_libreoffice_2003.xml'))
    finally:
        shutil.rmtree(tmp)


def main():
    os.makedirs(OUT, exist_ok=True)
    his_xml2003()
    his_xlsx()
    his_html()
    mac_1904_xlsx()
    calls_xls()
    csvs()
    with open(os.path.join(OUT, 'expected.json'), 'w') as f:
        json.dump(expected, f, ensure_ascii=False, indent=1)
    print('wrote', len(expected), 'fixtures to', os.path.normpath(OUT))


if __name__ == '__main__':
    main()
