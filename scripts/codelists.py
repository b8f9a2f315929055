#!/usr/bin/env python3
"""Copies the code-list labels the web pages show (NL, FR, EN) out of the eForms SDK
Genericode files into data/codelists/<list>.tsv (code, en, nl, fr), which spp-web embeds.

Usage: python3 scripts/codelists.py [SDK_CODELISTS_DIR]
(default ../shared/reference/eforms-sdk-1.15.1/codelists). Run it again after an SDK update.
"""
import os
import sys
import xml.etree.ElementTree as ET

LISTS = [
    "procurement-procedure-type",
    "country",
    "nuts_nuts-bel-lvl3",
    "strategic-procurement",
    "environmental-impact",
    "social-objective",
    "innovative-acquisition",
    "gpp-criteria",
    "form-type",
    "contract-nature",
    "economic-operator-size",
    "permission_esubmission",
    "award-criterion-type",
    "reserved-procurement",
    "framework-agreement",
    "buyer-legal-type",
]
LANGS = ["eng", "nld", "fra"]


def rows(path):
    root = ET.parse(path).getroot()
    for row in root.iter("Row"):
        values = {}
        for value in row.iter("Value"):
            simple = value.find("SimpleValue")
            if simple is not None and simple.text is not None:
                values[value.get("ColumnRef")] = " ".join(simple.text.split())
        code = values.get("code")
        if not code:
            continue
        labels = [values.get(f"{lang}_label") or values.get("Name") or code for lang in LANGS]
        yield [code] + labels


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "..", "..", "shared", "reference", "eforms-sdk-1.15.1", "codelists")
    if not os.path.isdir(default):
        default = os.path.join(here, "..", "..", "shared", "reference", "eforms-sdk-1.15.1", "codelists")
    src = sys.argv[1] if len(sys.argv) > 1 else default
    out = os.path.join(here, "..", "data", "codelists")
    os.makedirs(out, exist_ok=True)
    for name in LISTS:
        lines = ["code\ten\tnl\tfr"]
        for r in rows(os.path.join(src, name + ".gc")):
            if any("\t" in v for v in r):
                raise SystemExit(f"{name}: a tab in {r}")
            lines.append("\t".join(r))
        with open(os.path.join(out, name + ".tsv"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        print(f"{name}: {len(lines) - 1} codes")


if __name__ == "__main__":
    main()
