"""Place names: China's administrative divisions, for telling whether a name names a place.

The list is the one the `cpca` package (0.5.5, MIT) ships in `cpca/resources/adcodes.csv`:
every province, prefecture-level city and county-level division (county, district,
county-level city, banner) with its 12-digit division code, as the National Bureau of
Statistics published them in 2020. Only the file is read (by its path in the installed
distribution): importing `cpca` itself would load pandas and its matcher for nothing.

A division is known by its full name (`合肥市`, `鹿城区`, `广西壮族自治区`) and by its
name without the suffix (`合肥`, `鹿城`, `广西`) where that is two characters or more:
a one-character stem (`忠` of 忠县, `城` of 城区) is part of too many ordinary words.
"""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib.metadata import distribution

DIVISIONS_FILE = "cpca/resources/adcodes.csv"
NATIONS_FILE = "cpca/resources/56_nations.csv"
# codes that stand for a grouping, not a division (省直辖县级行政区划, 市辖区)
NOT_A_DIVISION = ("直辖", "市辖")
# the suffixes a division's name ends with, longest first; `自治州` etc. may follow the
# names of the peoples (延边朝鲜族自治州), which go with the suffix
SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区", "新区",
            "省", "市", "县", "区", "旗", "盟")


def resource(name: str) -> str:
    return str(distribution("cpca").locate_file(name))


@lru_cache(maxsize=1)
def division_names() -> frozenset[str]:
    """Every division's full name and its stem of two characters or more."""
    with open(resource(NATIONS_FILE), encoding="utf-8") as f:
        nations = sorted((ln.strip() for ln in f if ln.strip()), key=len, reverse=True)
    # 壮族 before 族: the peoples' names, then any run of them, then the suffix
    people = "|".join(re.escape(n) for n in nations) + "|" + "|".join(
        re.escape(n[:-1]) for n in nations if len(n) > 2)
    suffix_re = re.compile(rf"(?:(?:{people})*(?:{'|'.join(SUFFIXES)}))$")
    names: set[str] = set()
    with open(resource(DIVISIONS_FILE), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            name = row["name"]
            if any(w in name for w in NOT_A_DIVISION) or not suffix_re.search(name) or len(name) < 2:
                continue
            names.add(name)
            stem = suffix_re.sub("", name)
            if len(stem) >= 2:
                names.add(stem)
    return frozenset(names)


def is_place(word: str) -> bool:
    """Whether `word` (a whole word, as jieba cuts it) is a division's name."""
    return word in division_names()
