#!/usr/bin/env python3
"""The pandas baseline of the fitness benchmark: what an analyst would write.

Reads a city's 体测 file (the national upload layout, CSV or xlsx), scores
every student from the same data file jiaodu uses (data/fitness/cn-tzjk-2014.toml,
with vectorised table lookups: np.searchsorted per grade, sex and item), screens
myopia per WS/T 663 (data/fitness/ws-t-663-2020.toml) and counts per city and
county: roster, scored, 免测, 缓测, 缺项, the four levels, screened, 筛查性近视,
视力不良未验光. bench/run.sh checks the counts equal jiaodu's before it reports
times. With --store, it then stores the students as jiaodu's import does: one
row per student in a fresh SQLite file (DataFrame.to_sql), the results as a
JSON object by item id in natural units ({"run_50m":8.5,"run_800":235}), and
an index on 学籍号 as jiaodu's table has.

    fitness_pandas.py FILE.csv|FILE.xlsx [--rollup-out CSV] [--store DB]

Prints one JSON line: seconds (read; score + roll-up; store; total) and peak RSS.
Needs pandas (python3-pandas) and, for xlsx, openpyxl (python3-openpyxl).
"""
import argparse
import json
import os
import re
import resource
import sqlite3
import sys
import time
import tomllib

import numpy as np
import pandas as pd

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "fitness")
TEXT_COLUMNS = ["学校标识码", "班级编号", "班级名称", "学籍号", "民族代码", "姓名", "出生日期", "测试状态"]


# ---- the standard, from the same TOML files -----------------------------------------------------

def load_standard():
    with open(os.path.join(DATA, "cn-tzjk-2014.toml"), "rb") as f:
        std = tomllib.load(f)
    with open(os.path.join(DATA, "ws-t-663-2020.toml"), "rb") as f:
        vision = tomllib.load(f)["vision"]
    items = {it["id"]: it for it in std["items"]}

    def ticks(item, v):
        if v == "" or v is None:
            return None
        fmt = items[item].get("format", "integer")
        if fmt == "min_sec":
            if isinstance(v, str):
                m, s = v.replace('"', "").split("'")
                return int(m) * 60 + int(s)
            return int(v)
        if fmt == "decimal1":
            return int(round(float(v) * 10))
        return int(v)

    # (item, sex) -> column -> (thresholds, scores) with blank cells skipped
    tables = {}
    for t in std["tables"]:
        for c, col in enumerate(t["columns"]):
            rows = [(r[0], ticks(t["item"], r[1 + c])) for r in t["rows"]]
            rows = [(s, v) for s, v in rows if v is not None]
            tables[(t["item"], t["sex"], col)] = rows
    bonus = {}
    for t in std.get("bonus_tables", []):
        for c, col in enumerate(t["columns"]):
            bonus[(t["item"], t["sex"], col)] = [(r[0], r[1 + c]) for r in t["rows"] if r[1 + c] != ""]

    def band(text):
        text = text.strip()
        if text.startswith("≤"):
            return None, int(round(float(text[1:]) * 10))
        if text.startswith("≥"):
            return int(round(float(text[1:]) * 10)), None
        lo, hi = text.split("~")
        return int(round(float(lo) * 10)), int(round(float(hi) * 10))

    bmi = {}
    for b in std["bmi_tables"]:
        for c, col in enumerate(b["columns"]):
            bmi[(b["sex"], col)] = [(bd["score"],) + band(bd["ranges"][c]) for bd in b["bands"]]
    weights = {w["group"]: {"male": w["male"], "female": w["female"]} for w in std["weights"]}
    levels = sorted(((int(round(l["min"] * 100)), i) for i, l in enumerate(std["levels"])), reverse=True)
    return {
        "items": items, "tables": tables, "bonus": bonus, "bmi": bmi, "weights": weights,
        "grades": {g["code"]: g for g in std["grades"]}, "levels": levels,
        "max_bonus": std["standard"]["max_bonus"],
        "ucva_normal": int(round(vision["ucva_normal_min"] * 10)),
        "se_myopia": int(round(vision["se_myopia_max"] * 100)),
    }


# ---- reading ------------------------------------------------------------------------------------

def read(path):
    dtype = {c: str for c in TEXT_COLUMNS}
    if path.lower().endswith(".csv"):
        return pd.read_csv(path, dtype=dtype, encoding="utf-8-sig")
    return pd.read_excel(path, dtype=dtype, engine="openpyxl")


def to_ticks(std, df):
    """Each result column as integer ticks (float with NaN for missing)."""
    out = {}
    for item_id, item in std["items"].items():
        if item.get("kind") == "bmi" or item["name"] not in df.columns:
            continue
        col = df[item["name"]]
        if item.get("format") == "min_sec":
            parts = col.astype("string").str.extract(r"^(\d+)'(\d{2})\"?$")
            out[item_id] = parts[0].astype(float) * 60 + parts[1].astype(float)
        elif item.get("format") == "decimal1":
            out[item_id] = np.rint(pd.to_numeric(col, errors="coerce") * 10)
        else:
            out[item_id] = np.rint(pd.to_numeric(col, errors="coerce"))
    return out


# ---- scoring --------------------------------------------------------------------------------------

def table_score(rows, better, v):
    """Score of each value in v (float array, no NaN) on one grade column."""
    thr = np.array([t for _, t in rows], dtype=np.int64)
    sc = np.array([s for s, _ in rows], dtype=np.int64)
    order = np.argsort(thr, kind="stable")
    thr, sc = thr[order], sc[order]
    if better == "higher":  # the best row reached: the last threshold <= v
        pos = np.searchsorted(thr, v, side="right") - 1
        return np.where(pos >= 0, sc[np.clip(pos, 0, None)], 0)
    pos = np.searchsorted(thr, v, side="left")  # times: the first threshold >= v
    return np.where(pos < len(thr), sc[np.clip(pos, 0, len(thr) - 1)], 0)


def bonus_points(rows, brows, better, v):
    top = next(t for s, t in rows if s == max(s2 for s2, _ in rows))
    gain = v - top if better == "higher" else top - v
    need = np.array([d if better == "higher" else -d for _, d in brows], dtype=np.int64)
    pts = np.array([p for p, _ in brows], dtype=np.int64)
    order = np.argsort(need, kind="stable")
    need, pts = need[order], pts[order]
    pos = np.searchsorted(need, gain, side="right") - 1
    return np.where(pos >= 0, pts[np.clip(pos, 0, None)], 0)


def score(std, df, ticks):
    n = len(df)
    grade = df["年级编号"].to_numpy(dtype=np.int64)
    sex = df["性别"].to_numpy(dtype=np.int64)
    status = df["测试状态"].fillna("") if "测试状态" in df.columns else pd.Series([""] * n)
    exempt = (status == "免测").to_numpy()
    deferred = (status == "缓测").to_numpy()
    tested = ~(exempt | deferred)
    height = np.rint(pd.to_numeric(df["身高"], errors="coerce").to_numpy() * 10)
    weight = np.rint(pd.to_numeric(df["体重"], errors="coerce").to_numpy() * 10)

    total = np.zeros(n, dtype=np.int64)
    bonus = np.zeros(n, dtype=np.int64)
    missing = np.zeros(n, dtype=bool)
    scored = np.zeros(n, dtype=bool)
    for (g, s), idx in pd.Series(np.arange(n)).groupby([grade, sex]).groups.items():
        idx = np.asarray(idx)
        idx = idx[tested[idx]]
        gdef = std["grades"].get(int(g))
        if gdef is None or len(idx) == 0:
            continue
        sx = "male" if s == 1 else "female"
        scored[idx] = True
        for item_id, w in std["weights"][gdef["group"]][sx].items():
            item = std["items"][item_id]
            if item.get("kind") == "bmi":
                h, wt = height[idx], weight[idx]
                ok = ~(np.isnan(h) | np.isnan(wt))
                h2 = np.where(ok, h, 1).astype(np.int64) ** 2
                b = (2 * np.where(ok, wt, 0).astype(np.int64) * 1_000_000 + h2) // (2 * h2)
                sc = np.zeros(len(idx), dtype=np.int64)
                for bscore, lo, hi in std["bmi"][(sx, gdef["bmi_column"])]:
                    m = np.ones(len(idx), dtype=bool)
                    if lo is not None:
                        m &= b >= lo
                    if hi is not None:
                        m &= b <= hi
                    sc = np.where(m & (sc == 0), bscore, sc)
                sc = np.where(ok, sc, 0)
                missing[idx] |= ~ok
            else:
                v = ticks[item_id].to_numpy()[idx] if item_id in ticks else np.full(len(idx), np.nan)
                ok = ~np.isnan(v)
                vv = np.where(ok, v, 0)
                rows = std["tables"][(item_id, sx, gdef["column"])]
                sc = np.where(ok, table_score(rows, item["better"], vv), 0)
                brows = std["bonus"].get((item_id, sx, gdef["column"]))
                if brows:
                    top_score = max(r[0] for r in rows)
                    bp = bonus_points(rows, brows, item["better"], vv)
                    bonus[idx] += np.where(ok & (sc == top_score), bp, 0)
                missing[idx] |= ~ok
            total[idx] += sc * w
    total += np.minimum(bonus, std["max_bonus"]) * 100
    level = np.full(n, -1)
    for lo, i in sorted(std["levels"]):  # ascending: the highest band reached wins
        level = np.where(scored & (total >= lo), i, level)
    return {
        "scored": scored, "exempt": exempt, "deferred": deferred,
        "incomplete": scored & missing, "level": level,
    }


def vision(std, df):
    u = [np.rint(pd.to_numeric(df[c], errors="coerce").to_numpy() * 10) for c in ("右眼裸眼视力", "左眼裸眼视力")]
    se = [np.rint(pd.to_numeric(df[c], errors="coerce").to_numpy() * 100) if c in df.columns
          else np.full(len(df), np.nan) for c in ("右眼等效球镜", "左眼等效球镜")]
    screened = ~(np.isnan(u[0]) | np.isnan(u[1]))
    poor = [screened & (x < std["ucva_normal"]) for x in u]
    myopic_eye = [p & ~np.isnan(s) & (s <= std["se_myopia"]) for p, s in zip(poor, se)]
    unrefracted = [p & np.isnan(s) for p, s in zip(poor, se)]
    myopia = myopic_eye[0] | myopic_eye[1]
    return {"vision_screened": screened, "myopia": myopia,
            "poor_no_refraction": ~myopia & (unrefracted[0] | unrefracted[1])}


def rollup(df, scores, eyes):
    t = pd.DataFrame({
        "county": df["学校标识码"].str.slice(0, 6),
        "roster": 1,
        "scored": scores["scored"], "exempt": scores["exempt"], "deferred": scores["deferred"],
        "incomplete": scores["incomplete"],
        "excellent": scores["level"] == 0, "good": scores["level"] == 1,
        "pass": scores["level"] == 2, "fail": scores["level"] == 3,
        **eyes,
    })
    counties = t.groupby("county").sum(numeric_only=True).astype(np.int64)
    city = counties.sum().to_frame().T
    city.index = ["990100"]
    out = pd.concat([city.assign(scope="city"), counties.assign(scope="county")])
    out.index.name = "code"
    cols = ["scope", "roster", "scored", "exempt", "deferred", "incomplete", "excellent", "good",
            "pass", "fail", "vision_screened", "myopia", "poor_no_refraction"]
    return out.reset_index()[["scope", "code"] + cols[1:]]


# ---- storing ----------------------------------------------------------------------------------------

def results_json(std, ticks):
    """Each student's results as a JSON object text, missing items left out."""
    cols = {}
    for item_id, item in std["items"].items():
        if item.get("kind") == "bmi" or item_id not in ticks:
            continue
        t = ticks[item_id]
        cols[item_id] = t / 10 if item.get("format") == "decimal1" else t.astype("Int64")
    lines = pd.DataFrame(cols).to_json(orient="records", lines=True).splitlines()
    return (pd.Series(lines, dtype=object)
            .str.replace(r'"[a-z0-9_]+":null,?', "", regex=True)
            .str.replace(",}", "}", regex=False))


def store(std, df, ticks, path):
    for suffix in ("", "-journal", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    status = df["测试状态"].fillna("") if "测试状态" in df.columns else pd.Series([""] * len(df))
    num = lambda c: pd.to_numeric(df[c], errors="coerce") if c in df.columns else np.nan
    out = pd.DataFrame({
        "school_code": df["学校标识码"],
        "seq": df.groupby("学校标识码").cumcount() + 1,
        "student_id": df["学籍号"],
        "name": df["姓名"].fillna(""),
        "sex": df["性别"].astype(np.int64),
        "grade": df["年级编号"].astype(np.int64),
        "class_code": df["班级编号"].fillna(""),
        "class_name": df["班级名称"].fillna(""),
        "ethnic": df["民族代码"].fillna(""),
        "birth": df["出生日期"].fillna(""),
        "status": status.map({"": 0, "免测": 1, "缓测": 2}).astype(np.int64),
        "height": num("身高"), "weight": num("体重"),
        "ucva_right": num("右眼裸眼视力"), "ucva_left": num("左眼裸眼视力"),
        "se_right": num("右眼等效球镜"), "se_left": num("左眼等效球镜"),
        "results": results_json(std, ticks).to_numpy(),
        "source_row": np.arange(2, len(df) + 2),
    })
    con = sqlite3.connect(path)
    out.to_sql("fitness_students", con, index=False, chunksize=100_000)
    con.execute("CREATE INDEX fitness_students_id ON fitness_students(student_id)")
    con.commit()
    con.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--rollup-out")
    ap.add_argument("--store")
    a = ap.parse_args()
    std = load_standard()
    t0 = time.perf_counter()
    df = read(a.file)
    t1 = time.perf_counter()
    ticks = to_ticks(std, df)
    scores = score(std, df, ticks)
    eyes = vision(std, df)
    table = rollup(df, scores, eyes)
    t2 = time.perf_counter()
    if a.store:
        store(std, df, ticks, a.store)
    t3 = time.perf_counter()
    if a.rollup_out:
        table.to_csv(a.rollup_out, index=False)
    print(json.dumps({
        "file": os.path.basename(a.file), "students": len(df), "pandas_version": pd.__version__,
        "read_s": round(t1 - t0, 3), "score_rollup_s": round(t2 - t1, 3), "store_s": round(t3 - t2, 3),
        "total_s": round(t3 - t0, 3), "stored": bool(a.store),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }))


if __name__ == "__main__":
    sys.exit(main())
