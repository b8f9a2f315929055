#!/usr/bin/env python3
"""Baseline for spp's ingest speed (docs/PERFORMANCE.md): the same job in Python, written as a
good Python programmer would, with lxml and sqlite3.

For every XML file under the given paths: hash the bytes (BLAKE2b), parse with lxml, read the
notice (eForms or TED XML: id, version, form type, dispatch date, buyer country and NUTS, and
per lot: CPV, estimated value, awarded value, winners and their SME flag), and store notices,
lots and the raw body in SQLite with the indexes spp's store has (notice id, content hash, lot
year, country, CPV). Parsing runs in a process pool (one worker per core); one writer commits
batches of 1,000 notices.

Usage: baseline_ingest.py DB PATH... [--jobs N]
"""

import argparse
import hashlib
import os
import sqlite3
import sys
import time
from multiprocessing import Pool

from lxml import etree

CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
EFAC = "http://data.europa.eu/p27/eforms-ubl-extension-aggregate-components/1"
EFBC = "http://data.europa.eu/p27/eforms-ubl-extension-basic-components/1"
NS = {"cbc": CBC, "cac": CAC, "efac": EFAC, "efbc": EFBC}

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def text(el, path, ns=NS):
    found = el.find(path, ns)
    return found.text.strip() if found is not None and found.text else None


def amount(raw):
    if raw is None:
        return None
    try:
        return float(raw.replace(" ", "").replace(",", "."))
    except ValueError:
        return None


def read_eforms(root):
    ext = root.find(".//efac:NoticeResult", NS)
    orgs = {}
    for org in root.iterfind(".//efac:Organization", NS):
        oid = text(org, "efac:Company/cac:PartyIdentification/cbc:ID")
        orgs[oid] = (
            text(org, "efac:Company/cac:PostalAddress/cac:Country/cbc:IdentificationCode"),
            text(org, "efac:Company/efbc:CompanySizeCode"),
        )
    buyer = text(root, "cac:ContractingParty/cac:Party/cac:PartyIdentification/cbc:ID")
    country, _ = orgs.get(buyer, (None, None))
    notice = {
        "id": text(root, "cbc:ID"),
        "version": int(text(root, "cbc:VersionID") or 1),
        "form": text(root, "cbc:NoticeTypeCode"),
        "date": text(root, "cbc:IssueDate"),
        "country": country,
        "format": "eforms",
    }
    tender_value, tender_party = {}, {}
    winners_of_party = {}
    if ext is not None:
        for t in ext.iterfind("efac:LotTender", NS):
            tid = text(t, "cbc:ID")
            tender_value[tid] = amount(text(t, "cac:LegalMonetaryTotal/cbc:PayableAmount"))
            tender_party[tid] = text(t, "efac:TenderingParty/cbc:ID")
        for p in ext.iterfind("efac:TenderingParty", NS):
            winners_of_party[text(p, "cbc:ID")] = [
                text(m, "cac:PartyIdentification/cbc:ID") for m in p.iterfind("efac:Tenderer", NS)
            ]
    results = {}
    if ext is not None:
        for r in ext.iterfind("efac:LotResult", NS):
            lot = text(r, "efac:TenderLot/cbc:ID")
            tenders = [text(t, "cbc:ID") for t in r.iterfind("efac:LotTender", NS)]
            results.setdefault(lot, []).extend(tenders)
    lots = []
    for lot in root.iterfind("cac:ProcurementProjectLot", NS):
        lid = text(lot, "cbc:ID")
        tenders = results.get(lid, [])
        values = [tender_value.get(t) for t in tenders]
        winners = [w for t in tenders for w in winners_of_party.get(tender_party.get(t), [])]
        lots.append(
            {
                "lot": lid,
                "cpv": text(lot, "cac:ProcurementProject/cac:MainCommodityClassification/cbc:ItemClassificationCode"),
                "estimated": amount(text(lot, "cac:ProcurementProject/cac:RequestedTenderTotal/cbc:EstimatedOverallContractAmount")),
                "awarded": sum(values) if values and None not in values else None,
                "winners": len(winners),
                "sme": sum(1 for w in winners if orgs.get(w, (None, None))[1] in ("micro", "small", "medium", "sme")),
            }
        )
    return notice, lots


def local(tag):
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def read_ted(root):
    coded = root.find("{*}CODED_DATA_SECTION")
    form = None
    for f in root.find("{*}FORM_SECTION") if root.find("{*}FORM_SECTION") is not None else []:
        if f.get("CATEGORY") == "ORIGINAL":
            form = f
            break
    country = coded.find(".//{*}ISO_COUNTRY") if coded is not None else None
    notice = {
        "id": root.get("DOC_ID"),
        "version": 1,
        "form": local(form.tag) if form is not None else None,
        "date": coded.findtext(".//{*}DS_DATE_DISPATCH") if coded is not None else None,
        "country": country.get("VALUE") if country is not None else None,
        "format": "ted-xml",
    }
    lots = []
    if form is None:
        return notice, lots
    for i, d in enumerate(form.iterfind(".//{*}OBJECT_DESCR")):
        cpv = d.find(".//{*}CPV_CODE")
        lots.append(
            {
                "lot": d.findtext("{*}LOT_NO") or str(i + 1),
                "cpv": cpv.get("CODE") if cpv is not None else None,
                "estimated": amount(d.findtext("{*}VAL_OBJECT")),
                "awarded": None,
                "winners": 0,
                "sme": 0,
            }
        )
    by_no = {l["lot"]: l for l in lots}
    for a in form.iterfind("{*}AWARD_CONTRACT"):
        no = a.findtext("{*}LOT_NO")
        lot = by_no.get(no) or (lots[0] if len(lots) == 1 else None)
        if lot is None:
            lot = {"lot": no or str(len(lots) + 1), "cpv": None, "estimated": None, "awarded": None, "winners": 0, "sme": 0}
            lots.append(lot)
            by_no[lot["lot"]] = lot
        awarded = a.find("{*}AWARDED_CONTRACT")
        if awarded is None:
            continue
        value = amount(awarded.findtext(".//{*}VAL_TOTAL"))
        if value is not None:
            lot["awarded"] = (lot["awarded"] or 0) + value
        for c in awarded.iterfind(".//{*}CONTRACTOR"):
            lot["winners"] += 1
            lot["sme"] += 1 if c.find("{*}SME") is not None else 0
    return notice, lots


def read_file(path):
    with open(path, "rb") as f:
        body = f.read()
    digest = hashlib.blake2b(body, digest_size=32).hexdigest()
    try:
        root = etree.fromstring(body, PARSER)
    except etree.XMLSyntaxError as e:
        return path, None, None, None, str(e)
    if local(root.tag) == "TED_EXPORT":
        notice, lots = read_ted(root)
    else:
        notice, lots = read_eforms(root)
    if not notice["id"]:
        return path, None, None, None, "no notice id"
    return path, digest, notice, lots, body


SCHEMA = """
CREATE TABLE IF NOT EXISTS notices (
  seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, version INTEGER, format TEXT, form TEXT,
  issue_date TEXT, country TEXT, content_hash TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS notices_hash ON notices(content_hash);
CREATE TABLE IF NOT EXISTS bodies (seq INTEGER PRIMARY KEY, body BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS lots (
  seq INTEGER NOT NULL, lot_id TEXT NOT NULL, year INTEGER, country TEXT, cpv TEXT,
  estimated REAL, awarded REAL, winners INTEGER, sme_winners INTEGER,
  PRIMARY KEY (seq, lot_id));
CREATE INDEX IF NOT EXISTS lots_year ON lots(year);
CREATE INDEX IF NOT EXISTS lots_country ON lots(country);
CREATE INDEX IF NOT EXISTS lots_cpv ON lots(cpv);
"""


def files_under(paths):
    for p in paths:
        if os.path.isdir(p):
            for dirpath, _, names in os.walk(p):
                for n in sorted(names):
                    if n.endswith(".xml"):
                        yield os.path.join(dirpath, n)
        else:
            yield p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("paths", nargs="+")
    ap.add_argument("--jobs", type=int, default=os.cpu_count())
    args = ap.parse_args()
    started = time.perf_counter()
    con = sqlite3.connect(args.db)
    con.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;" + SCHEMA)
    files = list(files_under(args.paths))
    stored = failed = 0
    with Pool(args.jobs) as pool:
        batch = 0
        con.execute("BEGIN")
        for path, digest, notice, lots, body in pool.imap_unordered(read_file, files, chunksize=16):
            if notice is None:
                failed += 1
                continue
            row = con.execute("SELECT seq, content_hash FROM notices WHERE id = ?", (notice["id"],)).fetchone()
            if row and row[1] == digest:
                continue
            if row:
                con.execute("DELETE FROM lots WHERE seq = ?", (row[0],))
                con.execute("DELETE FROM bodies WHERE seq = ?", (row[0],))
                con.execute("DELETE FROM notices WHERE seq = ?", (row[0],))
            cur = con.execute(
                "INSERT INTO notices (id, version, format, form, issue_date, country, content_hash) VALUES (?,?,?,?,?,?,?)",
                (notice["id"], notice["version"], notice["format"], notice["form"], notice["date"], notice["country"], digest),
            )
            seq = cur.lastrowid
            con.execute("INSERT INTO bodies (seq, body) VALUES (?, ?)", (seq, body))
            year = int(notice["date"][:4]) if notice["date"] and notice["date"][:4].isdigit() else None
            con.executemany(
                "INSERT OR REPLACE INTO lots VALUES (?,?,?,?,?,?,?,?,?)",
                [(seq, l["lot"], year, notice["country"], l["cpv"], l["estimated"], l["awarded"], l["winners"], l["sme"]) for l in lots],
            )
            stored += 1
            batch += 1
            if batch >= 1000:
                con.execute("COMMIT")
                con.execute("BEGIN")
                batch = 0
        con.execute("COMMIT")
    con.close()
    elapsed = time.perf_counter() - started
    print(f"python-lxml: {len(files)} files, {stored} stored, {failed} failed in {elapsed:.2f} s = {len(files) / elapsed:.0f} notices/s")


if __name__ == "__main__":
    sys.exit(main())
