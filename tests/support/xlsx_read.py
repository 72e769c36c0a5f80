#!/usr/bin/python3
"""Prints the sheets of an XLSX file as JSON, as a person opening it would
see them: {"sheets": [{"name": ..., "rows": [[cell, ...], ...],
"formulas": ["B2", ...]}]}. Numbers stay numbers (whole ones as integers),
empty cells are null. Reads with openpyxl (Debian: python3-openpyxl), a
reader independent of the libxlsxwriter that wrote the file.

usage: xlsx_read.py FILE.xlsx"""
import json
import sys

import openpyxl


def value(v):
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if v is None or isinstance(v, (int, float, str, bool)):
        return v
    return str(v)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    wb = openpyxl.load_workbook(sys.argv[1], data_only=False)
    out = {"sheets": []}
    for ws in wb.worksheets:
        rows, formulas = [], []
        for row in ws.iter_rows():
            rows.append([value(c.value) for c in row])
            formulas += [c.coordinate for c in row if c.data_type == "f"]
        out["sheets"].append({"name": ws.title, "rows": rows, "formulas": formulas})
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
