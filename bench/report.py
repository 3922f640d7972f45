#!/usr/bin/env python3
"""Markdown tables from bench/timed.py results: the tool beside pandas and polars, and where the
time goes per stage.

    bench/report.py bench/out/results-….jsonl
"""
import json
import os
import re
import sys


def fmt(v, spec=".1f"):
    return "—" if v is None else format(v, spec)


def ratio(a, b):
    """a ÷ b, or None when either is missing or b is 0."""
    return a / b if a is not None and b else None


def data_info(here, size):
    """The generated data set's description (data-SIZE.json), or None."""
    info_path = os.path.join(here, "out", f"data-{size}.json")
    return json.load(open(info_path, encoding="utf-8")) if os.path.exists(info_path) else None


def input_rows(here, size):
    """HIS + call rows of the generated data set, or None."""
    info = data_info(here, size)
    return info["his_rows"] + info["call_rows"] if info else None


# The rows each tool stage works through, from the data set's description: the reads their
# format's rows, the HIS stages the HIS rows, the call stages the call rows, the rest all input rows.
STAGE_ROWS = {
    "read .csv": lambda i: i["his_rows"],
    "read .xlsx": lambda i: i["xlsx_call_rows"],
    "read .xls": lambda i: i["xls_call_rows"],
    "resolve discharges": lambda i: i["his_rows"],
    "clean phone numbers": lambda i: i["his_rows"],
    "index stays": lambda i: i["his_rows"],
    "resolve calls": lambda i: i["call_rows"],
    "compute metrics": lambda i: i["his_rows"] + i["call_rows"],
    "write reports": lambda i: i["his_rows"] + i["call_rows"],
}


# The same work in the tool and in the baselines, stage against stage (issue 8: faster than polars
# on the stages polars covers). The tool's HIS stages include what the baselines leave out (header
# detection, identity conflicts, every number of a cell); its call stages the satisfaction and
# theme coding; its reports the HTML page, the CSV files and the manifest (docs/performance.md).
STAGE_GROUPS = {
    "HIS exports: read, clean phones, dedupe": (
        ("survey .csv", "read .csv", "resolve discharges", "clean phone numbers"), ("read_his", "clean_his")),
    "agents' files: read, classify, match": (
        ("survey .xls", "survey .xlsx", "index stays", "read .xls", "read .xlsx", "resolve calls"),
        ("read_calls", "clean_match_calls")),
    "metrics": (("compute metrics",), ("metrics",)),
    "reports": (("write reports",), ("write_xlsx",)),
}


def group_seconds(run, stages):
    """Seconds a run spent in the given stages, or None when it logged none of them."""
    if not run or run["rc"] != 0:
        return None
    found = [run["stages"][st] for st in stages if st in run["stages"]]
    return sum(found) if found else None


# The stages that run on the load's single SQLite connection, after the reads.
SINGLE_CONNECTION = ("resolve discharges", "clean phone numbers", "index stays", "resolve calls", "compute metrics")


def floor_figures(here, size):
    """From `followup-bench floor` (bench/out/run-SIZE/floor.txt): CPU seconds of all copies and
    index builds, and of the raw tables' copies (written by the reads' second thread), or None."""
    path = os.path.join(here, "out", f"run-{size}", "floor.txt")
    if not os.path.exists(path):
        return None
    cpu = {}
    for line in open(path, encoding="utf-8"):
        m = re.match(r"^(\S.*?)\s+(?:\d+\s+\d+\s+)?[\d.]+ s wall\s+([\d.]+) s CPU$", line.rstrip())
        if m:
            cpu[m.group(1)] = float(m.group(2))
    total = cpu.get("floor (copies + indexes)")
    if total is None:
        return None
    return total, cpu.get("copy his_rows", 0.0) + cpu.get("copy call_rows", 0.0)


def main():
    rows = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
    sizes = list(dict.fromkeys(r["size"] for r in rows))
    by = {(r["size"], r["label"]): r for r in rows}
    here = os.path.dirname(os.path.abspath(__file__))
    print("| size | input rows | tool s | tool MB | rerun s | rerun MB | pandas s | pandas MB | polars s | polars MB "
          "| pandas÷tool | polars÷tool | tool rows/s | polars rows/s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for s in sizes:
        n = input_rows(here, s)
        t, rr, pd_, pl_ = (by.get((s, k)) for k in ("tool", "tool-rerun", "pandas", "polars"))

        def w(r):
            return r["wall_s"] if r and r["rc"] == 0 else None

        def mb(r):
            return r["peak_mb"] if r and r["rc"] == 0 else None

        rate = lambda r: n / w(r) if n and w(r) else None  # noqa: E731
        print(f"| {s} | {n or '—'} | {fmt(w(t))} | {fmt(mb(t), '.0f')} | {fmt(w(rr))} | {fmt(mb(rr), '.0f')} "
              f"| {fmt(w(pd_))} | {fmt(mb(pd_), '.0f')} | {fmt(w(pl_))} | {fmt(mb(pl_), '.0f')} "
              f"| {fmt(ratio(w(pd_), w(t)), '.2f')} | {fmt(ratio(w(pl_), w(t)), '.2f')} "
              f"| {fmt(rate(t), ',.0f')} | {fmt(rate(pl_), ',.0f')} |")
    print("\nCPU seconds (user + sys; on a shared machine wall time includes waiting for a core)\n")
    labels = list(dict.fromkeys(r["label"] for r in rows))
    print("| size | " + " | ".join(labels) + " |")
    print("|---|" + "---:|" * len(labels))
    for s in sizes:
        print(f"| {s} | " + " | ".join(fmt(by[(s, l)]["user_s"] + by[(s, l)]["sys_s"]) if (s, l) in by else "—"
                                       for l in labels) + " |")
    cpu = lambda r: r["user_s"] + r["sys_s"] if r and r["rc"] == 0 else None  # noqa: E731
    print("\nGrowth and targets (issue 8: 1 M + 1 M rows in at most 15 s wall and 300 MB, at least 5× pandas)\n")
    print("| size | input rows | tool CPU s per 100 k rows | tool wall s per 100 k rows | pandas÷tool (CPU) "
          "| polars÷tool (CPU) | peak MB ≤ 300 | wall ≤ 15 s |")
    print("|---|---:|---:|---:|---:|---:|---|---|")
    for s in sizes:
        n = input_rows(here, s)
        t, pd_, pl_ = (by.get((s, k)) for k in ("tool", "pandas", "polars"))
        per = lambda v: v / n * 100_000 if v is not None and n else None  # noqa: E731
        ok = lambda b: "—" if b is None else ("yes" if b else "no")  # noqa: E731
        print(f"| {s} | {n or '—'} | {fmt(per(cpu(t)), '.2f')} | {fmt(per(t['wall_s'] if t else None), '.2f')} "
              f"| {fmt(ratio(cpu(pd_), cpu(t)), '.2f')} | {fmt(ratio(cpu(pl_), cpu(t)), '.2f')} "
              f"| {ok(t['peak_mb'] <= 300 if t else None)} | {ok(t['wall_s'] <= 15 if t else None)} |")
    failed = [r for r in rows if r["rc"] != 0]
    for r in failed:
        print(f"\n{r['label']} at {r['size']} exited {r['rc']}: see {r['log']}")

    tool_cols = [s for s in sizes if (s, "tool") in by]
    if tool_cols:
        print("\ntool stages, rows per second (the rows each stage works through; see STAGE_ROWS)\n")
        print("| stage | " + " | ".join(f"rows/s {s}" for s in tool_cols) + " |")
        print("|---|" + "---:|" * len(tool_cols))
        for st, rows_of in STAGE_ROWS.items():
            cells = []
            for s in tool_cols:
                info, secs = data_info(here, s), by[(s, "tool")]["stages"].get(st)
                cells.append(fmt(rows_of(info) / secs, ",.0f") if info and secs else "—")
            print(f"| {st} | " + " | ".join(cells) + " |")

    compared = [s for s in tool_cols if (s, "pandas") in by or (s, "polars") in by]
    if compared:
        print("\nthe same work stage against stage (wall s; ÷ is the baseline's time over the tool's, "
              "above 1 when the tool is faster)\n")
        print("| size | stages | tool | pandas | polars | pandas÷tool | polars÷tool |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for s in compared:
            for name, (tool_stages, base_stages) in STAGE_GROUPS.items():
                t = group_seconds(by.get((s, "tool")), tool_stages)
                pd_ = group_seconds(by.get((s, "pandas")), base_stages)
                pl_ = group_seconds(by.get((s, "polars")), base_stages)
                print(f"| {s} | {name} | {fmt(t, '.2f')} | {fmt(pd_, '.2f')} | {fmt(pl_, '.2f')} "
                      f"| {fmt(ratio(pd_, t), '.2f')} | {fmt(ratio(pl_, t), '.2f')} |")

    floors = [(s, floor_figures(here, s)) for s in tool_cols]
    if any(f for _, f in floors):
        print("\nsingle-connection SQL beside its floor (`followup-bench floor`: every table of the run's database "
              "copied once and every index built once, CPU s; the raw tables are written during the reads)\n")
        print("| size | floor, all tables | of which raw tables | floor of the stages below | "
              + " + ".join(SINGLE_CONNECTION) + " (s) | stages ÷ floor |")
        print("|---|---:|---:|---:|---:|---:|")
        for s, f in floors:
            if not f:
                continue
            total, raw = f
            stages = sum(by[(s, "tool")]["stages"].get(st) or 0 for st in SINGLE_CONNECTION)
            print(f"| {s} | {total:.2f} | {raw:.2f} | {total - raw:.2f} | {stages:.2f} "
                  f"| {fmt(stages / (total - raw) if total > raw else None, '.2f')} |")

    for labels, title in ((("tool", "tool-rerun"), "tool stages (s, from its ▸ lines)"),
                          (("pandas", "polars"), "baseline stages (s, their own timers)")):
        cols = [(s, l) for s in sizes for l in labels if (s, l) in by]
        if not cols:
            continue
        stages = list(dict.fromkeys(k for c in cols for k in by[c]["stages"]))
        print(f"\n{title}\n")
        print("| stage | " + " | ".join(f"{l} {s}" for s, l in cols) + " |")
        print("|---|" + "---:|" * len(cols))
        for st in stages:
            print(f"| {st} | " + " | ".join(fmt(by[c]["stages"].get(st), ".2f") for c in cols) + " |")
        print("| **wall** | " + " | ".join(fmt(by[c]["wall_s"], ".2f") for c in cols) + " |")


if __name__ == "__main__":
    main()
