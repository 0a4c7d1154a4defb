"""Benchmark: a 10,000-row member sheet, read + planned + applied, against a bare openpyxl read-only pass.

    .venv/bin/python benchmarks/bench_import.py [--rows 10000] [--rounds 3] [--layout table|book]

--layout book: the official book (Sổ danh sách đảng viên, Mẫu 7-HSĐV) in its stacked one-row-per-member
layout — lines inside the cells, the card number one digit per cell across 8 columns, members who left
and came in during the year (issue 10).

Targets (issue 3): the import takes ≤ 5 s, and the reading + planning (the part that scales with the
file) within 2× of a bare openpyxl read-only pass over the same file; undoing the whole import ≤ 2 s.
Prints the figures.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Nông", "Lục", "Hà", "Lương", "Vi"]
MIDDLE = ["Văn", "Thị", "Đức", "Ngọc", "Minh", "Thanh", "Quang", "Hồng", "Xuân", "Công"]
GIVEN = ["Hùng", "Lan", "Hương", "Dũng", "Tuấn", "Mai", "Hạnh", "Long", "Phong", "Nga", "Bình", "Thắng", "Vân"]
UNITS = ["Chi bộ thôn Bản Chu", "Chi bộ thôn Nà Sla", "Chi bộ trường Tiểu học", "Chi bộ Công an xã",
         "Chi bộ thôn Đồng Tâm", "Chi bộ thôn Tân Lập", "Chi bộ Trạm Y tế", "Chi bộ trường THCS"]
RATINGS = ["HTTNV", "HTXSNV", "Hoàn thành tốt nhiệm vụ", "HTNV", "Tốt"]


def make_sheet(path: Path, rows: int, seed: int = 3) -> None:
    import openpyxl

    rnd = random.Random(seed)
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Danh sach")
    ws.append(["DANH SÁCH ĐẢNG VIÊN ĐẢNG BỘ XÃ (Tính đến ngày 31/12/2025)"])
    ws.append([])
    ws.append(["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Dân tộc", "Tôn giáo", "Học vấn", "Chuyên môn",
               "LLCT", "Ngày vào Đảng", "Ngày chính thức", "Chi bộ", "Số CCCD", "Xếp loại 2024", "Xếp loại 2025"])
    for i in range(1, rows + 1):
        born = date(1945, 1, 1) + timedelta(days=rnd.randrange(0, 365 * 55))
        admitted = born + timedelta(days=365 * rnd.randint(19, 40) + rnd.randrange(300))
        admitted = min(admitted, date(2023, 6, 1))
        official = admitted + timedelta(days=370)
        ws.append([i, f"{rnd.choice(FAMILY)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}",
                   rnd.choice(["Nam", "Nữ"]), born, rnd.choice(["Kinh", "Tày", "Nùng", "H'Mông"]),
                   None, rnd.choice(["12/12", "10/10", "9/12"]),
                   rnd.choice(["Đại học", "Trung cấp", "ĐH Sư phạm", None]),
                   rnd.choice(["Sơ cấp", "Trung cấp", "Cao cấp", None]), admitted, official, rnd.choice(UNITS),
                   f"0{rnd.randrange(10**10, 10**11)}", rnd.choice(RATINGS), rnd.choice(RATINGS)])
    ws.append([])
    ws.append([None, "Tổng số: %d đồng chí" % rows])
    wb.save(path)


def make_book(path: Path, rows: int, seed: int = 3) -> None:
    """The book's 14 columns with stacked lines; one in ten members moved, died or left during 2025."""
    import openpyxl

    rnd = random.Random(seed)
    wb = openpyxl.Workbook(write_only=True)
    per_unit = -(-rows // len(UNITS))
    n = 0
    for u, unit in enumerate(UNITS):
        ws = wb.create_sheet(f"CB{u + 1}")
        ws.append([unit.upper()])
        ws.append(["SỔ DANH SÁCH ĐẢNG VIÊN (Tính đến ngày 31/12/2025)"])
        ws.append([])
        ws.append(["Số TT", "Họ và tên\nHọ và tên khai sinh", "Nam, nữ, dân tộc, tôn giáo", "Quê quán",
                   "Văn hoá, lý luận, CMNV, ngoại ngữ", "Nghề nghiệp trước khi vào Đảng, nghề nghiệp hiện nay",
                   "Ngày vào Đảng, ngày chính thức", "Số thẻ đảng viên, số lý lịch"] + [None] * 7 +
                  ["Bộ đội, công an, hưu trí", "Ngày chuyển đi, đến đảng bộ cơ sở",
                   "Ngày chuyển đến, ở đảng bộ cơ sở nào đến", "Ngày từ trần, lý do",
                   "Ngày ra khỏi Đảng, hình thức ra khỏi Đảng", "Ghi chú"])
        ws.append([str(i) for i in range(1, 9)] + [None] * 7 + [str(i) for i in range(9, 15)])
        for seq in range(1, per_unit + 1):
            n += 1
            if n > rows:
                break
            born = date(1945, 1, 1) + timedelta(days=rnd.randrange(0, 365 * 55))
            admitted = min(born + timedelta(days=365 * rnd.randint(19, 40) + rnd.randrange(300)), date(2023, 6, 1))
            official = admitted + timedelta(days=370)
            card = f"{rnd.randrange(10**7, 10**8)}"
            dossier = f"{rnd.randrange(10**4, 10**5)}"
            digits = [card[k] + ("\n" + dossier[k - 3] if k >= 3 else "") for k in range(8)]
            history = [None] * 4
            fate = rnd.random()
            when = (date(2025, 1, 1) + timedelta(days=rnd.randrange(360))).strftime("%d/%m/%Y")
            if fate < 0.03:
                history[0] = f"{when}\nĐảng ủy phường Tân Thịnh"
            elif fate < 0.06:
                history[1] = f"{when}\nĐảng ủy xã Yên Lạc"
            elif fate < 0.08:
                history[2] = f"{when}\nBệnh"
            elif fate < 0.10:
                history[3] = f"{when}\n{rnd.choice(['Xóa tên', 'Xin ra khỏi Đảng', 'Khai trừ'])}"
            ws.append([seq, f"{rnd.choice(FAMILY)} {rnd.choice(MIDDLE)} {rnd.choice(GIVEN)}".upper()
                       + f"\n{born:%d/%m/%Y}",
                       f"{rnd.choice(['Nam', 'Nữ'])}\n{rnd.choice(['Kinh', 'Tày', 'Nùng', 'Mông'])}\nKhông",
                       "Minh Tiến - Đại Từ - Thái Nguyên",
                       f"{rnd.choice(['12/12', '10/10', '9/12'])}\n{rnd.choice(['Sơ cấp', 'Trung cấp', ''])}\n"
                       f"{rnd.choice(['Đại học', 'Trung cấp', 'ĐH Sư phạm', ''])}\n",
                       f"{rnd.choice(['Nông dân', 'Học sinh'])}\n{rnd.choice(['Nông dân', 'Giáo viên'])}",
                       f"{admitted:%d/%m/%Y}\n{official:%d/%m/%Y}"] + digits +
                      [rnd.choice([None, "Hưu trí"])] + history + [None])
        ws.append([])
        ws.append([None, None, None, None, None, None, None, None, None, None, None, "T/M CHI ỦY"])
    wb.save(path)


def bare_pass(path: Path) -> float:
    import openpyxl

    t0 = time.perf_counter()
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    n = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            n += len(row)
    wb.close()
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--layout", choices=("table", "book"), default="table")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench_import_"))
    os.environ["DANGVU_DATA_DIR"] = str(tmp / "data")
    sheet = tmp / "bench.xlsx"
    (make_book if args.layout == "book" else make_sheet)(sheet, args.rows)

    from app.db import Database
    from app.importing import apply_plan, plan_import, read_workbooks, run, undo_import

    runs = []
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for i in range(args.rounds):
        # bare pass and import back to back in each round: the machine is shared and its speed drifts
        bare = bare_pass(sheet)
        db = Database(tmp / f"bench{i}.sqlite3")
        t0 = time.perf_counter()
        tables = read_workbooks([sheet])
        t_read = time.perf_counter() - t0
        with db.session() as s:
            plan = plan_import(s, tables)
        t_plan = time.perf_counter() - t0
        result = run(apply_plan(db, plan))
        t_total = time.perf_counter() - t0
        t1 = time.perf_counter()
        undone = undo_import(db, result.batch_id)
        t_undo = time.perf_counter() - t1
        db.dispose()
        runs.append((t_total, t_read, t_plan, bare, result, t_undo, undone))
        print(f"round {i + 1}: bare {bare:.2f} s, read {t_read:.2f} s, dry run {t_plan:.2f} s, "
              f"full import {t_total:.2f} s ({t_total / bare:.2f}× bare), undo {t_undo:.2f} s")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    t_total, t_read, t_plan, bare, result, _t_undo, _undone = min(runs, key=lambda r: r[0])
    print(f"best round of {len(runs)}, {args.rows} rows:")
    print(f"bare openpyxl read-only  : {bare:.2f} s")
    print(f"read + detect            : {t_read:.2f} s  ({t_read / bare:.2f}× bare)")
    print(f"read + plan (dry run)    : {t_plan:.2f} s  ({t_plan / bare:.2f}× bare)")
    print(f"full import (apply too)  : {t_total:.2f} s  ({t_total / bare:.2f}× bare)")
    ratios = sorted(r[0] / r[3] for r in runs)
    totals = sorted(r[0] for r in runs)
    print(f"full import, median round: {statistics.median(totals):.2f} s; ratio to its round's bare pass: "
          f"best {ratios[0]:.2f}×, median {statistics.median(ratios):.2f}×, worst {ratios[-1]:.2f}×")
    print(f"members created          : {result.members_created}, evaluations: {result.evaluations_created}, "
          f"skipped: {result.rows_skipped}")
    undos = sorted(r[5] for r in runs)
    undone = runs[0][6]
    print(f"undo the whole import    : best {undos[0]:.2f} s, median {statistics.median(undos):.2f} s, "
          f"worst {undos[-1]:.2f} s ({undone['members_deleted']} members, {undone['units_deleted']} units deleted)")
    print(f"targets                  : full import ≤ 5 s: {'yes' if t_total <= 5 else 'NO'}; "
          f"within 2× bare: {'yes' if t_total <= 2 * bare else 'NO'} "
          f"(dry run within 2×: {'yes' if t_plan <= 2 * bare else 'NO'}); "
          f"undo ≤ 2 s: {'yes' if undos[-1] <= 2 else 'NO'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
