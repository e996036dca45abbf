#!/usr/bin/env python3
"""Generates tests/fixtures/fitness/item_cases.csv from the SECOND, independent
reading of the official tables (data/fitness/check/cn-tzjk-2014.reading2.csv),
never from the data file the engine reads, so the cases test the engine and
the data file against another copy of the text.

For every score-table column: a result exactly on each row scores that row;
one recording unit worse scores the next printed row (a result between rows
scores the lower row); one unit worse than the 10-point row scores 0. For
every bonus column: exactly on each 加分 step earns it, one unit short earns
the step below. For every BMI column: both ends of each band.

Usage: tools/gen_fitness_cases.py [repo root]
"""
import csv
import os
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
src = os.path.join(root, "data/fitness/check/cn-tzjk-2014.reading2.csv")
dst = os.path.join(root, "tests/fixtures/fitness/item_cases.csv")

GRADES = {"一年级": [11], "二年级": [12], "三年级": [13], "四年级": [14], "五年级": [15],
          "六年级": [16], "初一": [21], "初二": [22], "初三": [23], "高一": [31], "高二": [32],
          "高三": [33], "大一大二": [41, 42], "大三大四": [43, 44], "大学": [41, 42, 43, 44]}
# item: (better, unit ticks per printed unit, format)
ITEMS = {"vital_capacity": ("higher", 1, "int"), "run_50m": ("lower", 10, "dec"),
         "sit_and_reach": ("higher", 10, "dec"), "rope_skipping": ("higher", 1, "int"),
         "sit_ups": ("higher", 1, "int"), "shuttle_50x8": ("lower", 1, "ms"),
         "standing_long_jump": ("higher", 1, "int"), "pull_ups": ("higher", 1, "int"),
         "run_800": ("lower", 1, "ms"), "run_1000": ("lower", 1, "ms")}


def ticks(item, text):
    better, scale, fmt = ITEMS[item]
    if fmt == "ms":
        m, s = text.split("'")
        return int(m) * 60 + int(s)
    return round(float(text) * scale)


def show(item, t):
    better, scale, fmt = ITEMS[item]
    if fmt == "ms":
        return f"{t // 60}'{t % 60:02d}"
    if fmt == "dec":
        sign = "-" if t < 0 else ""
        return f"{sign}{abs(t) // 10}.{abs(t) % 10}"
    return str(t)


cells = {}
bonus = {}
bmi = {}
with open(src, encoding="utf-8") as f:
    for r in csv.DictReader(f):
        key = (r["item"], r["sex"], r["column"])
        if r["kind"] == "score":
            cells.setdefault(key, {})[int(r["row"])] = r["value"]
        elif r["kind"] == "bonus":
            bonus.setdefault(key, {})[int(r["row"])] = int(float(r["value"]))
        else:
            bmi.setdefault((r["sex"], r["column"]), {})[r["row"]] = r["value"]

out = []
for (item, sex, col), rows in sorted(cells.items()):
    if len(rows) != 20:
        continue  # only complete columns of the second reading
    better = ITEMS[item][0]
    worse = -1 if better == "higher" else 1
    printed = [(s, ticks(item, v)) for s, v in sorted(rows.items(), reverse=True) if v != ""]
    for grade in GRADES[col]:
        for i, (score, t) in enumerate(printed):
            out.append((grade, sex, item, show(item, t), score, 0, "on_row"))
            nxt = printed[i + 1][0] if i + 1 < len(printed) else 0
            out.append((grade, sex, item, show(item, t + worse), nxt,
                        0, "between_rows" if nxt else "below_lowest_row"))
        b = bonus.get((item, sex, col))
        if b:
            top = printed[0][1]
            steps = sorted(b.items())
            for j, (points, delta) in enumerate(steps):
                out.append((grade, sex, item, show(item, top + delta), 100, points, "bonus_step"))
                below = steps[j - 1][0] if j > 0 else 0
                out.append((grade, sex, item, show(item, top + delta + worse), 100, below,
                            "bonus_just_short"))

for (sex, col), bands in sorted(bmi.items()):
    if len(bands) != 4:
        continue
    score = {"正常": 100, "低体重": 80, "超重": 80, "肥胖": 60}
    for grade in GRADES[col]:
        for name, rng in bands.items():
            if rng.startswith("≤"):
                ends = [rng[1:]]
            elif rng.startswith("≥"):
                ends = [rng[1:]]
            else:
                ends = rng.split("~")
            for e in ends:
                out.append((grade, sex, "bmi", e, score[name], 0, "bmi_band_edge:" + name))

os.makedirs(os.path.dirname(dst), exist_ok=True)
with open(dst, "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["grade", "sex", "item", "result", "score", "bonus", "rule"])
    w.writerows(out)
print(f"{len(out)} cases → {dst}")
