"""`datapackage.json`: the CSV tables described as a Frictionless data package (field
names, types, Chinese titles and descriptions, missing values, primary and foreign
keys), so that a tool or a person can load them with their types and check them."""
from __future__ import annotations

import json
import os
from pathlib import Path

from pipeline.fields import FRICTIONLESS, PRIMARY_KEYS, TABLE_TITLES, columns, words
from pipeline.tables import COLUMNS

NAME = "datapackage.json"


def foreign_keys(table: str) -> list[dict]:
    """A row's document is in `documents`. (A row's clause is not declared: a mention
    outside every clause and a top clause have an empty clause_id, and a key with an
    empty part is checked all the same, and fails.)"""
    if table == "documents" or "doc_id" not in (c for c, _ in COLUMNS[table]):
        return []
    return [{"fields": ["doc_id"], "reference": {"resource": "documents", "fields": ["doc_id"]}}]


def field(table: str, column: str, kind: str) -> dict:
    title, description = words(table, column)
    described = {"name": column, "type": FRICTIONLESS[kind], "title": title, "description": description}
    if kind == "bool":
        described |= {"trueValues": ["true"], "falseValues": ["false"]}
    return described


def resource(table: str) -> dict:
    title, description = TABLE_TITLES[table]
    schema = {"fields": [field(table, c, k) for c, k in columns(table)], "missingValues": [""]}
    if table in PRIMARY_KEYS:
        schema["primaryKey"] = PRIMARY_KEYS[table]
    if keys := foreign_keys(table):
        schema["foreignKeys"] = keys
    return {"name": table, "path": f"{table}.csv", "profile": "tabular-data-resource",
            "title": title, "description": description, "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8-sig", "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
            "schema": schema}


def package(folder: Path) -> dict:
    return {
        "name": "policy-pipeline-tables",
        "title": "政策文件结构化表格",
        "description": "政策文件中的条款、金额、百分比、责任单位和引用文件，每行可追溯到原文的条款和字符偏移"
                       "（text/DOC_ID.txt）。列的含义见 docs/SPEC.md。",
        "profile": "tabular-data-package",
        "resources": [resource(t) for t in COLUMNS if (folder / f"{t}.csv").exists()],
    }


def write_datapackage(folder: Path) -> Path:
    """Describe the CSV tables in `folder` in `folder/datapackage.json`."""
    path = folder / NAME
    tmp = path.with_name(f".{NAME}.partial")
    tmp.write_text(json.dumps(package(folder), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path
