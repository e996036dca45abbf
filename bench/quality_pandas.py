#!/usr/bin/env python3
"""The pandas baseline of the 抽测 benchmark: what an analyst would write.

Reads the city's score file (long layout CSV, or the wide xlsx), drops the
缺考 entries, and computes what jiaodu_quality_bench --measure computes, with
pandas and numpy (statsmodels is not installed on the project's machine, so
the random-effects ANOVA and the value-added model are written out by hand,
vectorised): for the city, per subject, the distribution (mean, SD,
percentiles, 10-point histogram, pass / excellent rates and level counts
from the same cut-score file), every school's mean with its t interval
(scipy.stats.t when present); then for the city and every county, per
subject, the one-way ANOVA variance components with n0, the ICC, the
student-weighted CV of school means, the 城区/镇区/乡村 gaps, and the
value-added model (student-level OLS on prior score and background index,
school mean residuals, empirical-Bayes shrinkage, intervals, flags).

    quality_pandas.py FILE --schools schools.csv [--check-out CSV] [--compare jiaodu.csv]

Prints one JSON line (seconds: read, statistics, total; peak RSS). With
--compare, checks every figure against jiaodu's --check-out file and prints
the largest difference.
"""
import argparse
import json
import os
import resource
import sys
import time
import tomllib

import numpy as np
import pandas as pd

try:
    from scipy import stats as scipy_stats
except ImportError:  # the normal quantile is close enough for n ≥ 30
    scipy_stats = None

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "quality")
SUBJECT_ORDER = ["语文", "数学", "英语"]


def load_cuts():
    with open(os.path.join(DATA, "cuts-example-2025-spring-g8.toml"), "rb") as f:
        doc = tomllib.load(f)
    cuts = {}
    for s in doc["subjects"]:
        names = [l["name"] for l in s["levels"]]
        mins = [l["min"] for l in s["levels"] if "min" in l]
        cuts[s["subject"]] = dict(full=s["full_marks"], names=names, mins=mins,
                                  pass_min=mins[names.index(s["pass"])],
                                  excellent_min=mins[names.index(s["excellent"])])
    return cuts


def read_scores(path):
    if path.endswith(".csv"):
        df = pd.read_csv(path, dtype={"学校标识码": str, "考号": str, "成绩": str})
    else:
        wide = pd.read_excel(path, dtype={"学校标识码": str, "考号": str})
        df = wide.melt(id_vars=["学校标识码", "学校名称", "班级", "考号", "性别", "家庭背景指数", "前测成绩"],
                       value_vars=SUBJECT_ORDER, var_name="科目", value_name="成绩")
        df["成绩"] = df["成绩"].astype(str)
    df["成绩"] = pd.to_numeric(df["成绩"].where(df["成绩"] != "缺考"), errors="coerce")
    return df.dropna(subset=["成绩"])


def school_summary(g):
    s = g.groupby("学校标识码", sort=False)["成绩"].agg(["count", "mean", "var"])
    s["var"] = s["var"].fillna(0.0)
    s["ss"] = s["var"] * (s["count"] - 1)
    return s


def anova(s):
    n, m, ss = s["count"].to_numpy(float), s["mean"].to_numpy(), s["ss"].to_numpy()
    N, k = n.sum(), len(n)
    grand = (n * m).sum() / N
    msb = (n * (m - grand) ** 2).sum() / (k - 1)
    msw = ss.sum() / (N - k)
    n0 = (N - (n ** 2).sum() / N) / (k - 1)
    sb = max(0.0, (msb - msw) / n0)
    icc = sb / (sb + msw) if sb + msw > 0 else -1.0
    cv = np.sqrt((n * (m - grand) ** 2).sum() / N) / grand
    return sb, msw, icc, cv


def value_added(g):
    X = np.column_stack([np.ones(len(g)), g["前测成绩"].to_numpy(), g["家庭背景指数"].to_numpy()])
    y = g["成绩"].to_numpy()
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    resid = pd.DataFrame({"学校标识码": g["学校标识码"].to_numpy(), "成绩": y - X @ beta})
    s = school_summary(resid)
    sb, sw, _, _ = anova(s)
    n = s["count"].to_numpy(float)
    lam = np.where(sb + sw / n > 0, sb / (sb + sw / n), 0.0)
    eff = lam * s["mean"].to_numpy()
    psd = np.sqrt(lam * sw / n)
    z = 1.959963984540054
    above = int((eff - z * psd > 0).sum())
    below = int((eff + z * psd < 0).sum())
    return beta, sb, eff.min(), eff.max(), above, below


def describe_city(df, cuts):
    """The city's distributions and school means (their figures are not all
    in the check file, but they are computed, as jiaodu computes them)."""
    out = {}
    for subject, g in df.groupby("科目", sort=False):
        y = g["成绩"].to_numpy()
        c = cuts[subject]
        pct = np.percentile(y, [10, 25, 50, 75, 90])  # numpy's default = type 7
        hist = np.histogram(np.minimum(y, c["full"]), bins=10, range=(0, c["full"]))[0]
        levels = np.searchsorted(-np.array(c["mins"]), -y, side="right")  # ≥ cut → that level
        level_counts = np.bincount(levels, minlength=len(c["names"]))
        s = school_summary(g)
        df_ = (s["count"] - 1).clip(lower=1)
        t = scipy_stats.t.ppf(0.975, df_) if scipy_stats else 1.959963984540054
        half = t * np.sqrt(s["var"]) / np.sqrt(s["count"])
        rates = g.assign(p=g["成绩"] >= c["pass_min"], e=g["成绩"] >= c["excellent_min"]) \
            .groupby("学校标识码", sort=False)[["p", "e"]].mean()
        out[subject] = dict(pct=pct, hist=hist, levels=level_counts, lo=s["mean"] - half,
                            hi=s["mean"] + half, rates=rates)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--schools", required=True)
    ap.add_argument("--check-out")
    ap.add_argument("--compare")
    a = ap.parse_args()
    cuts = load_cuts()
    meta = pd.read_csv(a.schools, dtype=str).set_index("学校标识码")

    t0 = time.perf_counter()
    df = read_scores(a.file)
    t1 = time.perf_counter()
    df = df.join(meta, on="学校标识码")
    describe_city(df, cuts)
    rows = []
    scopes = [("city", df)] + [(c, g) for c, g in df.groupby("县区", sort=True)]
    for name, d in scopes:
        for subject in SUBJECT_ORDER:
            g = d[d["科目"] == subject]
            y = g["成绩"].to_numpy()
            c = cuts[subject]
            s = school_summary(g)
            sb, sw, icc, cv = anova(s)
            by_locale = g.groupby("城乡")["成绩"].mean()
            rural_gap = by_locale.get("乡村", np.nan) - by_locale.get("城区", np.nan)
            beta, vsb, vmin, vmax, above, below = value_added(g)
            rows.append(dict(scope=name, subject=subject, n=len(y), mean=y.mean(), sd=y.std(ddof=1),
                             p50=np.percentile(y, 50), pass_rate=(y >= c["pass_min"]).mean(),
                             excellent_rate=(y >= c["excellent_min"]).mean(), icc=icc, cv=cv,
                             sigma2_b=sb, sigma2_w=sw, rural_gap=rural_gap, va_b1=beta[1],
                             va_b2=beta[2], va_sigma2_b=vsb, va_min=vmin, va_max=vmax,
                             va_above=above, va_below=below))
    t2 = time.perf_counter()
    result = pd.DataFrame(rows)
    if a.check_out:
        result.to_csv(a.check_out, index=False, float_format="%.10g")
    out = dict(file=os.path.basename(a.file), scores=int(len(df)), read_s=round(t1 - t0, 3),
               stats_s=round(t2 - t1, 3), total_s=round(t2 - t0, 3),
               peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1))
    if a.compare:
        j = pd.read_csv(a.compare, dtype={"scope": str})
        p = result.astype({"scope": str})
        merged = j.merge(p, on=["scope", "subject"], suffixes=("_j", "_p"))
        worst = 0.0
        for col in [c for c in j.columns if c not in ("scope", "subject")]:
            x, y = merged[col + "_j"].to_numpy(float), merged[col + "_p"].to_numpy(float)
            rel = np.abs(x - y) / np.maximum(1.0, np.abs(y))
            worst = max(worst, float(np.nanmax(rel)))
        out["compared"] = int(len(merged))
        out["max_rel_diff"] = worst
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
