#!/usr/bin/env python3
"""Fails when an error id used in src/ is not documented in docs/errors.md.

An error id is a string literal "prefix.name" that either
  - comes right after an ErrorCode:: (Error{ErrorCode::kX, "id", ...},
    Fail(ErrorCode::kX, "id", ...)), or
  - has a prefix that docs/errors.md already uses for some id, or one of the
    known prefixes below (ids built by helper functions, e.g. Refuse("review.x")).
Other dotted literals (TOML keys such as "forecast.horizon_years", file names)
are not ids.
"""
import pathlib, re, sys

root = pathlib.Path(__file__).resolve().parent.parent
ID = r'"([a-z][a-z_0-9]*\.[a-z][a-z_0-9]*)"'
literal = re.compile(ID)
after_code = re.compile(r'ErrorCode::k\w+\s*,\s*' + ID)
known = {"import", "xlsx", "csv", "number", "year", "kind", "school", "area", "field", "judgment",
         "expr", "cv", "storage", "standard_file", "app", "http", "job", "server", "cli", "pdf",
         "fitness", "fitness_standard", "fitness_file", "fitness_import", "fitness_export", "plan",
         "plan_file", "task", "task_table", "access", "review"}
doc = (root / "docs" / "errors.md").read_text(encoding="utf-8")
documented = set(re.findall(r'`([a-z][a-z_0-9]*\.[a-z][a-z_0-9]*)`', doc))
# "standard" is also a TOML table whose keys appear in messages ("standard.stages").
prefixes = (known | {i.split(".")[0] for i in documented}) - {"standard"}
used = set()
for path in (root / "src").rglob("*"):
    # Tests and their helpers (xlsx_test_util.cc) may make up ids of their own.
    if path.suffix in (".cc", ".h") and not path.name.endswith("_test.cc") and "_test_util." not in path.name:
        text = path.read_text(encoding="utf-8")
        used.update(after_code.findall(text))
        used.update(i for i in literal.findall(text) if i.split(".")[0] in prefixes)
missing = sorted(i for i in used if i not in documented)
if missing:
    print("error ids used in src/ but missing from docs/errors.md:", ", ".join(missing))
    sys.exit(1)
print(f"{len(used)} error ids, all documented")
