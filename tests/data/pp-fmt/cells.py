#!/usr/bin/env python3
"""Cells of a table, as a JSON list of rows, for the round-trip tests.

cells.py expect FIELDS NDJSON   what pp-fmt should write, from the records
cells.py csv FILE               Python's csv module reading -o csv
cells.py tsv FILE               Python's csv module reading -o tsv, unescaped
cells.py arrays CSV KEY        the cells of column KEY split back into
                                arrays by the rule of pp-fmt(1), as JSON
cells.py objects FILE           a JSON array of objects (mlr --ojson, sqlite3
                                .mode json), its keys as the header row
"""
import csv
import json
import sys


def text(v, top=True):
    if v is None:
        return ""
    if v is True or v is False:
        return "true" if v else "false"
    if isinstance(v, str):
        if not top and (";" in v or '"' in v or v[:1] in ("[", "{")):
            return json.dumps(v, ensure_ascii=False)
        return v.replace("\0", "\ufffd")
    if isinstance(v, list) and top:
        return "; ".join(text(e, False) for e in v)
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))


def unescape(cell):
    out, i = [], 0
    while i < len(cell):
        if cell[i] == "\\" and i + 1 < len(cell):
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\"}[cell[i + 1]])
            i += 2
        else:
            out.append(cell[i])
            i += 1
    return "".join(out)


mode = sys.argv[1]
if mode == "expect":
    fields = sys.argv[2].split(",")
    rows = [fields]
    with open(sys.argv[3], encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            rows.append([text(rec.get(k)) for k in fields])
elif mode == "csv":
    with open(sys.argv[2], newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
elif mode == "tsv":
    with open(sys.argv[2], newline="", encoding="utf-8") as f:
        rows = [[unescape(c) for c in row]
                for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE)]
elif mode == "arrays":
    # split at "; " outside JSON strings and brackets; a part that begins
    # with a quote, bracket or brace is JSON
    with open(sys.argv[2], newline="", encoding="utf-8") as f:
        table = list(csv.reader(f))
    col = table[0].index(sys.argv[3])
    dec = json.JSONDecoder()
    rows = []
    for row in table[1:]:
        cell, out, i = row[col], [], 0
        while cell and i <= len(cell):
            if cell[i:i + 1] in ('"', "[", "{"):
                v, i = dec.raw_decode(cell, i)
            else:
                j = cell.find("; ", i)
                j = len(cell) if j < 0 else j
                v, i = cell[i:j], j
            out.append(v)
            if cell.startswith("; ", i):
                i += 2
            else:
                break
        rows.append(out)
elif mode == "objects":
    with open(sys.argv[2], encoding="utf-8") as f:
        objs = json.load(f)
    rows = [list(objs[0].keys())] + [list(o.values()) for o in objs]
print(json.dumps(rows, ensure_ascii=False))
