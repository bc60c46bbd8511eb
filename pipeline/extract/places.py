"""Place names: China's administrative divisions, for telling whether a name names a place.

The list is the one the `cpca` package (0.5.5, MIT) ships in `cpca/resources/adcodes.csv`:
every province, prefecture-level city and county-level division (county, district,
county-level city, banner) with its 12-digit division code, as the National Bureau of
Statistics published them in 2020. Only the file is read (found where the package is installed):
importing `cpca` itself would load pandas and its matcher for nothing.

A division is known by its full name (`合肥市`, `鹿城区`, `广西壮族自治区`) and by its
name without the suffix (`合肥`, `鹿城`, `广西`) where that is two characters or more:
a one-character stem (`忠` of 忠县, `城` of 城区) is part of too many ordinary words.
"""
from __future__ import annotations

import csv
import importlib.util
from functools import lru_cache
from pathlib import Path

DIVISIONS_FILE = "resources/adcodes.csv"
NATIONS_FILE = "resources/56_nations.csv"
# codes that stand for a grouping, not a division (省直辖县级行政区划, 市辖区)
NOT_A_DIVISION = ("直辖", "市辖")
# the suffixes a division's name ends with, longest first
SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区", "新区",
            "省", "市", "县", "区", "旗", "盟")
# an autonomous division's suffix follows the names of its peoples (延边朝鲜族自治州,
# 广西壮族自治区, 积石山保安族东乡族撒拉族自治县), which go with the suffix
AUTONOMOUS = ("自治区", "自治州", "自治县", "自治旗")


def resource(name: str) -> Path:
    """A file of the installed `cpca` package, found without importing it."""
    spec = importlib.util.find_spec("cpca")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cpca package is not installed: pip install -e . installs it")
    return Path(next(iter(spec.submodule_search_locations))) / name


def stem_of(name: str, peoples: tuple[str, ...]) -> str:
    """The name without its suffix (and the peoples an autonomous division names)."""
    for suffix in SUFFIXES:
        if name.endswith(suffix):
            stem = name[:-len(suffix)]
            break
    else:
        return name
    if suffix in AUTONOMOUS:
        stripped = True
        while stripped:
            stripped = False
            for people in peoples:
                if stem.endswith(people) and len(stem) - len(people) >= 2:
                    stem, stripped = stem[:-len(people)], True
                    break
    return stem


@lru_cache(maxsize=1)
def division_names() -> frozenset[str]:
    """Every division's full name and its stem of two characters or more."""
    with open(resource(NATIONS_FILE), encoding="utf-8") as f:
        nations = [ln.strip() for ln in f if ln.strip()]
    # 朝鲜族 and 朝鲜 (黔东南苗族侗族自治州, but 延边朝鲜族自治州), longest first
    peoples = tuple(sorted({*nations, *(n[:-1] for n in nations if len(n) > 2)}, key=len, reverse=True))
    names: set[str] = set()
    with open(resource(DIVISIONS_FILE), encoding="utf-8") as f:
        rows = csv.reader(f)
        column = next(rows).index("name")
        for row in rows:
            name = row[column]
            if len(name) < 2 or any(w in name for w in NOT_A_DIVISION) or not name.endswith(SUFFIXES):
                continue
            names.add(name)
            stem = stem_of(name, peoples)
            if len(stem) >= 2:
                names.add(stem)
    return frozenset(names)


def is_place(word: str) -> bool:
    """Whether `word` (a whole word, as jieba cuts it) is a division's name."""
    return word in division_names()
