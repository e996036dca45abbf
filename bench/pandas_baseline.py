#!/usr/bin/env python3
"""The same evaluation a bureau analyst would write in pandas, on the same
SQLite database jiaodu_bench created: load the year's school data, split the
shared resources of multi-section schools by students, compute L1–L7 per
section, apply the 6-of-7 / 85 % rule, and the student-weighted CV per county,
stage and indicator. Prints a JSON line with the median time; with --cv-out,
writes the CVs so bench/run.sh can check both implementations agree.

Usage: pandas_baseline.py DB [--repeat N] [--cv-out FILE]
"""
import argparse, json, sqlite3, statistics, time

import numpy as np
import pandas as pd

STD = {  # 教督〔2017〕6号 thresholds, as an analyst would type them in
    "primary": {"L1": 4.2, "L2": 1.0, "L3": 0.9, "L4": 4.5, "L5": 7.5, "L6": 2000, "L7": 2.3},
    "junior": {"L1": 5.3, "L2": 1.0, "L3": 0.9, "L4": 5.8, "L5": 10.2, "L6": 2500, "L7": 2.4},
}
SHARED = ["teaching_aux_area", "indoor_sports_area", "sports_ground_area", "equipment_value", "multimedia_rooms"]
IND = ["L1", "L2", "L3", "L4", "L5", "L6", "L7"]


def evaluate(db):
    con = sqlite3.connect(db)
    heads = pd.read_sql("SELECT id, school_code, county, type FROM school_years WHERE year = 2024 AND is_current = 1", con)
    rows = pd.read_sql(
        "SELECT v.school_year_id AS id, v.section, v.data FROM school_sections v "
        "JOIN school_years s ON s.id = v.school_year_id WHERE s.year = 2024 AND s.is_current = 1 AND v.kind = 0",
        con)
    con.close()
    # Each row holds a section's values as a JSON object: expand to columns.
    wide = pd.concat([rows[["id", "section"]], pd.DataFrame([json.loads(d) for d in rows["data"]])], axis=1)
    school = wide[wide.section == ""].set_index("id")
    sec = wide[wide.section != ""].dropna(axis=1, how="all").reset_index(drop=True)
    sec = sec.merge(heads, on="id")
    # Shared resources split by each section's share of the school's students (decision D3).
    total = sec.groupby("id")["students"].transform("sum")
    share = sec["students"] / total
    for f in SHARED:
        sec[f] = sec["id"].map(school[f]) * share
    sec = sec[sec.section.isin(["primary", "junior"])]
    excluded = (sec["type"].isin(["special", "vocational"])) | ((sec["type"] == "teaching_point") & (sec["students"] < 50))
    sec = sec[~excluded].copy()
    p = sec["students"]
    qualified = sec["teachers_postgrad"] + sec["teachers_bachelor"] + np.where(
        sec.section == "primary", sec["teachers_associate"], 0)
    sec["L1"] = 100 * qualified / p
    sec["L2"] = 100 * sec["teachers_backbone"] / p
    sec["L3"] = 100 * (sec["teachers_pe"] + sec["teachers_music"] + sec["teachers_art"]) / p
    sec["L4"] = (sec["teaching_aux_area"] - sec["indoor_sports_area"]) / p
    sec["L5"] = (sec["sports_ground_area"] + sec["indoor_sports_area"]) / p
    sec["L6"] = sec["equipment_value"] / p
    sec["L7"] = 100 * sec["multimedia_rooms"] / p
    std = pd.DataFrame([STD[s] for s in sec.section], index=sec.index)
    ratio = sec[IND] / std
    meets = (ratio >= 1 - 1e-9).sum(axis=1)
    below_floor = (ratio < 0.85 - 1e-9).sum(axis=1)
    sec["passes"] = (meets >= 6) & (below_floor == 0)
    rows = []
    for (county, stage), g in sec.groupby(["county", "section"]):
        w = g["students"] / g["students"].sum()
        for ind in IND:
            mean = (w * g[ind]).sum()
            sd = np.sqrt((w * (g[ind] - mean) ** 2).sum())
            rows.append((county, stage, ind, sd / mean, int((~g["passes"]).sum())))
    return pd.DataFrame(rows, columns=["county", "stage", "indicator", "cv", "schools_failing"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--cv-out")
    a = ap.parse_args()
    times = []
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        result = evaluate(a.db)
        times.append((time.perf_counter() - t0) * 1000)
    if a.cv_out:
        result.to_csv(a.cv_out, index=False, float_format="%.12f")
    print(json.dumps({"pandas_version": pd.__version__, "repeat": a.repeat,
                      "load_and_evaluate_ms": round(statistics.median(times), 2), "rows": len(result)}))


if __name__ == "__main__":
    main()
