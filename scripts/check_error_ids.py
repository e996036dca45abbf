#!/usr/bin/env python3
"""Fails when an error id used in src/ is not documented in docs/errors.md."""
import pathlib, re, sys

root = pathlib.Path(__file__).resolve().parent.parent
pattern = re.compile(r'"((?:import|xlsx|csv|number|year|kind|school|area|field|judgment|expr|cv|storage|'
                     r'standard_file|app|http|job|server|cli|pdf|fitness|fitness_standard|fitness_file|fitness_import|plan|plan_file|task|task_table)\.[a-z_0-9]+)"')
used = set()
for path in (root / "src").rglob("*"):
    if path.suffix in (".cc", ".h") and not path.name.endswith("_test.cc"):
        used.update(pattern.findall(path.read_text(encoding="utf-8")))
doc = (root / "docs" / "errors.md").read_text(encoding="utf-8")
missing = sorted(i for i in used if f"`{i}`" not in doc)
if missing:
    print("error ids used in src/ but missing from docs/errors.md:", ", ".join(missing))
    sys.exit(1)
print(f"{len(used)} error ids, all documented")
