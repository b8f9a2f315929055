#!/usr/bin/env python3
"""Validate an OCDS release package or JSON Lines of releases against the OCDS 1.1.5 release
schema with the lots and sustainability extensions merged in (JSON Merge Patch, RFC 7386),
offline, with the `jsonschema` package (draft 4, formats checked).

Usage: validate_ocds.py FILE   (prints one line per error and a final count; exit 1 on errors)
"""
import json
import pathlib
import sys

import jsonschema

SCHEMA = pathlib.Path(__file__).resolve().parent.parent / "crates/spp-ocds/schema"


def merge_patch(target, patch):
    if not isinstance(patch, dict):
        return patch
    out = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge_patch(out.get(key), value)
    return out


def release_schema():
    schema = json.loads((SCHEMA / "release-schema.json").read_text())
    for ext in ("lots", "sustainability"):
        patch = json.loads((SCHEMA / "extensions" / ext / "release-schema.json").read_text())
        schema = merge_patch(schema, patch)
    return schema


def releases(path):
    text = pathlib.Path(path).read_text()
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:
        doc = None
    if doc is not None:
        if "releases" in doc:
            for key in ("uri", "publishedDate", "publisher", "version"):
                if key not in doc:
                    yield None, f"package: missing required field {key}"
            for i, r in enumerate(doc["releases"]):
                yield i, r
            return
        yield 0, doc
        return
    for i, line in enumerate(text.splitlines()):
        if line.strip():
            yield i, json.loads(line)


def main():
    validator = jsonschema.Draft4Validator(
        release_schema(), format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )
    errors = 0
    count = 0
    for at, release in releases(sys.argv[1]):
        if at is None:
            print(release)
            errors += 1
            continue
        count += 1
        for e in validator.iter_errors(release):
            errors += 1
            path = "/".join(str(p) for p in e.absolute_path)
            print(f"release {at} ({release.get('id')}): {path}: {e.message}")
    print(f"{count} releases, {errors} errors")
    sys.exit(1 if errors or not count else 0)


if __name__ == "__main__":
    main()
