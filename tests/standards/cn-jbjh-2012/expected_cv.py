#!/usr/bin/env python3
"""Independent oracle for the 2012 monitoring cases (no jiaodu code): the
student-weighted CV of each of the 8 indicators and the composite = mean of
the 8 unrounded CVs (docs/standards-notes.md §2). Prints one row per
indicator, then the composite, printed (3 places) and naive (mean of the
printed single CVs, 3 places).

Usage: python3 expected_cv.py <case>
"""
import csv, math, sys, pathlib

here = pathlib.Path(__file__).parent
case = sys.argv[1]
schools = {r["school"]: r for r in csv.DictReader(open(here / "schools.csv")) if r["case"] == case}
sections = [r for r in csv.DictReader(open(here / "sections.csv")) if r["case"] == case]


def f(r, k):
    return float(r[k]) if r.get(k) else 0.0


def indicators(sec, sch):
    p = f(sec, "students")
    qual = f(sec, "teachers_postgrad") + f(sec, "teachers_bachelor") + (
        f(sec, "teachers_associate") if sec["stage"] == "小学" else 0)
    return {
        "B1": (f(sch, "teaching_aux_area") - f(sch, "indoor_sports_area")) / p,
        "B2": (f(sch, "sports_ground_area") + f(sch, "indoor_sports_area")) / p,
        "B3": f(sch, "equipment_value") / p,
        "B4": 100 * f(sch, "computers") / p,
        "B5": f(sch, "books") / p,
        "B6": 100 * f(sec, "teachers") / p,
        "B7": 100 * qual / p,
        "B8": 100 * f(sec, "teachers_senior_title") / p,
    }


def half_up(x, n):
    return math.floor(x * 10 ** n + 0.5) / 10 ** n


rows = [(indicators(s, schools[s["school"]]), f(s, "students")) for s in sections]
cvs = []
for key in ["B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8"]:
    xs = [r[0][key] for r in rows]
    ps = [r[1] for r in rows]
    P = sum(ps)
    mean = sum(x * p for x, p in zip(xs, ps)) / P
    sd = math.sqrt(sum(p / P * (x - mean) ** 2 for x, p in zip(xs, ps)))
    cvs.append(sd / mean)
    print(f"{case},{sections[0]['stage']},{key},{sd / mean:.6f}")
composite = sum(cvs) / len(cvs)
naive = sum(half_up(c, 3) for c in cvs) / len(cvs)
print(f"# composite {composite:.6f} printed {half_up(composite, 3):.3f}; "
      f"mean of printed singles {naive:.5f} -> {half_up(naive, 3):.3f}")
