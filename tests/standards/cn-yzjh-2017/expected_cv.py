#!/usr/bin/env python3
"""Independent oracle for expect_cv.csv / expect_values.csv: the 2012 student-weighted
CV written from the formula in docs/standards-notes.md §2.1, with no jiaodu code.

    X̄ = Σ P_i X_i / P,  S = sqrt(Σ (P_i/P)(X_i − X̄)²),  CV = S / X̄

Usage: python3 expected_cv.py <case>   (prints one row per indicator)
Only handles single-section schools (the multi-school cases), which is all it is used for.
"""
import csv, math, sys, pathlib

here = pathlib.Path(__file__).parent
case = sys.argv[1]
schools = {r["school"]: r for r in csv.DictReader(open(here / "schools.csv")) if r["case"] == case}
sections = [r for r in csv.DictReader(open(here / "sections.csv")) if r["case"] == case]

def f(r, k):
    return float(r[k])

def indicators(stage, sec, sch):
    p = f(sec, "students")
    l1_num = f(sec, "teachers_postgrad") + f(sec, "teachers_bachelor")
    if stage == "小学":
        l1_num += f(sec, "teachers_associate")
    return {
        "L1": 100 * l1_num / p,
        "L2": 100 * f(sec, "teachers_backbone") / p,
        "L3": 100 * (f(sec, "teachers_pe") + f(sec, "teachers_music") + f(sec, "teachers_art")) / p,
        "L4": (f(sch, "teaching_aux_area") - f(sch, "indoor_sports_area")) / p,
        "L5": (f(sch, "sports_ground_area") + f(sch, "indoor_sports_area")) / p,
        "L6": f(sch, "equipment_value") / p,
        "L7": 100 * f(sch, "multimedia_rooms") / p,
    }

stage = sections[0]["stage"]
rows = [(indicators(stage, s, schools[s["school"]]), f(s, "students")) for s in sections]
cvs = []
for key in ["L1", "L2", "L3", "L4", "L5", "L6", "L7"]:
    xs = [r[0][key] for r in rows]
    ps = [r[1] for r in rows]
    P = sum(ps)
    mean = sum(x * p for x, p in zip(xs, ps)) / P
    sd = math.sqrt(sum(p / P * (x - mean) ** 2 for x, p in zip(xs, ps)))
    cvs.append(sd / mean)
    print(f"{case},{stage},{key},{sd / mean:.6f}")
print(f"# composite (mean of 7) = {sum(cvs) / 7:.6f}")
