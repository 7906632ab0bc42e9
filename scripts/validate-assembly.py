#!/usr/bin/env python3
"""Validates every manifest.json (cloud-assembly schema) and *.assets.json (assets schema) below a
directory, except the replaced assembly kept in `.previous`. Usage: validate-assembly.py
<schema dir> <assembly dir>. Exit 1 on any violation, or when there is nothing to check."""
import json, sys, pathlib, jsonschema
schemas = pathlib.Path(sys.argv[1])
assembly = jsonschema.Draft7Validator(json.loads((schemas / "cloud-assembly.schema.json").read_text()))
assets = jsonschema.Draft7Validator(json.loads((schemas / "assets.schema.json").read_text()))
problems, checked = [], 0
for path in sorted(pathlib.Path(sys.argv[2]).rglob("*.json")):
    if ".previous" in path.relative_to(sys.argv[2]).parts:
        continue
    validator = assembly if path.name == "manifest.json" else assets if path.name.endswith(".assets.json") else None
    if validator is None:
        continue
    checked += 1
    for error in validator.iter_errors(json.loads(path.read_text())):
        problems.append(f"{path}: {'/'.join(map(str, error.absolute_path))}: {error.message}")
print("\n".join(problems) if problems else f"{checked} files valid")
sys.exit(1 if problems or checked == 0 else 0)
