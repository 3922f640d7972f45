#!/usr/bin/env python3
"""Writes .xls fixtures for the native BIFF reader with independent writers, plus the benchmark file.

  python3 scripts/make_xls_fixtures.py            fixtures into Tests/FollowupCoreTests/Fixtures/readers/
                                                  (xls_libreoffice.xls, xls_xlwt_1904.xls, xls_expected.json)
  python3 scripts/make_xls_fixtures.py --bench OUT.xls [--rows 200000]
                                                  a multi-sheet xlwt workbook for `followup-bench xls`

xls_libreoffice.xls is an openpyxl .xlsx converted by LibreOffice (`soffice --headless --convert-to xls`),
which recalculates the formulas and stores their cached results, writes MULRK for runs of numbers and
splits a long shared string over CONTINUE records. xls_expected.json has the same shape as
expected.json: for each file its sheets and the exact `followup inspect` JSON lines, from what was written.
Needs openpyxl and xlwt (PyPI) and LibreOffice (apt-get install libreoffice-calc-nogui).
"""
import argparse, datetime as dt, json, os, shutil, subprocess, tempfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'Tests', 'FollowupCoreTests', 'Fixtures', 'readers')
S = lambda v: {'t': 's', 'v': v}
N = lambda v: {'t': 'n', 'v': v}
D = lambda v: {'t': 'd', 'v': v}
B = lambda v: {'t': 'b', 'v': v}
E = lambda v: {'t': 'e', 'v': v}
TM = lambda v: {'t': 'tm', 'v': v}
LONG = 'x' * 5000 + '中文' * 3000 + 'é' * 300   # 11,300 characters: several CONTINUE records


def line(name, rows):
    return json.dumps({'sheet': name, 'rows': rows}, ensure_ascii=False, separators=(',', ':'))


def libreoffice(expected):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = '出院'
    ws.append(['住院号', '姓名', '出院日期', '入院时间', '天数', '费用', '合计', '科室', '已回访', '错误', '缺失', '大于'])
    ws.append(['0012345', '张三', dt.datetime(2026, 3, 5), dt.datetime(2026, 2, 27, 14, 30, 45), 6, 1234.56,
               '=E2*2', '=B2&"科"', True, '=1/0', '=NA()', '=E2>1'])
    ws['C2'].number_format = 'yyyy-mm-dd'
    ws['D2'].number_format = 'yyyy-mm-dd hh:mm:ss'
    ws.append([1, 2, 3, 4.25, -5, 100000000, 7, 8])
    ws['A5'] = dt.time(9, 30)
    ws['B5'] = LONG
    ws['C5'] = '=IF(E2>100,"yes","")'
    hidden = wb.create_sheet('备注')
    hidden.sheet_state = 'hidden'
    hidden['B2'] = '电话未接通'
    tmp = tempfile.mkdtemp()
    try:
        src = os.path.join(tmp, 'xls_libreoffice.xlsx')
        wb.save(src)
        subprocess.run(['soffice', '--headless', '--convert-to', 'xls', '--outdir', tmp, src],
                       check=True, capture_output=True, timeout=300)
        shutil.copy(os.path.join(tmp, 'xls_libreoffice.xls'), os.path.join(OUT, 'xls_libreoffice.xls'))
    finally:
        shutil.rmtree(tmp)
    expected['xls_libreoffice.xls'] = {
        'sheets': [{'name': '出院', 'visible': True}, {'name': '备注', 'visible': False}],
        'lines': [
            line('出院', [
                [S('住院号'), S('姓名'), S('出院日期'), S('入院时间'), S('天数'), S('费用'), S('合计'), S('科室'),
                 S('已回访'), S('错误'), S('缺失'), S('大于')],
                [S('0012345'), S('张三'), D('2026-03-05T00:00:00'), D('2026-02-27T14:30:45'), N(6), N(1234.56),
                 N(12), S('张三科'), B(True), E('#DIV/0!'), E('#N/A'), B(True)],
                [N(1), N(2), N(3), N(4.25), N(-5), N(100000000), N(7), N(8)],
                [],
                [TM('09:30:00'), S(LONG)],
            ]),
            line('备注', [[], [None, S('电话未接通')]]),
        ],
    }


def xlwt_1904(expected):
    import xlwt
    wb = xlwt.Workbook(encoding='utf-8')
    wb.dates_1904 = True
    ws = wb.add_sheet('Mac')
    ws.write(0, 0, '日期')
    ws.write(0, 1, '时间')
    ws.write(0, 2, '通过')
    ws.write(1, 0, dt.datetime(2026, 4, 2, 10, 15, 30), xlwt.easyxf(num_format_str='yyyy/m/d h:mm:ss'))
    ws.write(1, 1, dt.time(18, 45), xlwt.easyxf(num_format_str='h:mm'))
    ws.write(1, 2, False)
    ws.write(2, 0, dt.date(1904, 1, 2), xlwt.easyxf(num_format_str='yyyy"年"m"月"d"日"'))
    ws.write(2, 2, True)
    wb.save(os.path.join(OUT, 'xls_xlwt_1904.xls'))
    expected['xls_xlwt_1904.xls'] = {
        'sheets': [{'name': 'Mac', 'visible': True}],
        'lines': [line('Mac', [
            [S('日期'), S('时间'), S('通过')],
            [D('2026-04-02T10:15:30'), TM('18:45:00'), B(False)],
            [D('1904-01-02T00:00:00'), None, B(True)],
        ])],
    }


def bench(path, rows):
    """`rows` data rows of 15 columns (text, numbers, dates) over as many 65,536-row sheets as needed."""
    import xlwt
    wb = xlwt.Workbook(encoding='utf-8')
    date_style = xlwt.easyxf(num_format_str='yyyy-mm-dd')
    dt_style = xlwt.easyxf(num_format_str='yyyy-mm-dd hh:mm:ss')
    header = ['住院号', '姓名', '性别', '年龄', '科室', '病区', '入院日期', '出院时间', '主诊断', '费用',
              '医保', '电话', '主治医生', '住院天数', '备注']
    depts = ['心内科', '骨科', '消化内科', '神经外科', '妇产科', '儿科']
    written = 0
    n = 0
    while written < rows:
        n += 1
        ws = wb.add_sheet(f'出院{n}')
        for c, h in enumerate(header):
            ws.write(0, c, h)
        r = 1
        while r < 65536 and written < rows:
            i = written
            ws.write(r, 0, f'{i:08d}')
            ws.write(r, 1, f'患者{i % 5000}')
            ws.write(r, 2, '男' if i % 2 else '女')
            ws.write(r, 3, 20 + i % 70)
            ws.write(r, 4, depts[i % len(depts)])
            ws.write(r, 5, f'{i % 30 + 1}病区')
            ws.write(r, 6, dt.date(2026, 1, 1) + dt.timedelta(days=i % 365), date_style)
            ws.write(r, 7, dt.datetime(2026, 1, 1, 8, 30) + dt.timedelta(days=i % 365, minutes=i % 600), dt_style)
            ws.write(r, 8, ['冠心病', '高血压', '肺炎', '骨折'][i % 4])
            ws.write(r, 9, round(1000 + (i * 37.17) % 90000, 2))
            ws.write(r, 10, '城镇职工' if i % 3 else '新农合')
            ws.write(r, 11, str(13800000000 + i))
            ws.write(r, 12, f'医生{i % 200}')
            ws.write(r, 13, i % 30 + 1)
            ws.write(r, 14, '' if i % 7 else '需回访')
            r += 1
            written += 1
    wb.save(path)
    print(f'{path}: {rows} data rows on {n} sheets, {os.path.getsize(path) / 1e6:.1f} MB')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--bench')
    ap.add_argument('--rows', type=int, default=200_000)
    a = ap.parse_args()
    if a.bench:
        bench(a.bench, a.rows)
        return
    expected = {}
    libreoffice(expected)
    xlwt_1904(expected)
    with open(os.path.join(OUT, 'xls_expected.json'), 'w', encoding='utf-8') as f:
        json.dump(expected, f, ensure_ascii=False, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
