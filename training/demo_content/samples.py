"""Sample data shared by the staff lessons and their pictures.

A made-up community needs survey of ten residents (names already masked, as the
privacy lesson recommends), the Python script the programming lesson teaches, and the
output that script prints — tests run the script on this data to keep them in step.
"""

from __future__ import annotations

HEADER = ("编号", "姓名", "年龄", "楼栋", "最需要的服务", "会用智能手机")

# Cleaned survey rows
RESIDENTS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("1", "王*英", "72", "3号楼", "助餐", "会"),
    ("2", "李*国", "68", "1号楼", "就医陪诊", "会"),
    ("3", "张*兰", "81", "3号楼", "助餐", "不会"),
    ("4", "刘*强", "65", "2号楼", "手机培训", "会"),
    ("5", "陈*珍", "77", "1号楼", "助餐", "不会"),
    ("6", "杨*明", "84", "2号楼", "就医陪诊", "不会"),
    ("7", "赵*芬", "70", "3号楼", "手机培训", "会"),
    ("8", "黄*生", "79", "1号楼", "助餐", "会"),
    ("9", "周*兰", "88", "2号楼", "就医陪诊", "不会"),
    ("10", "吴*华", "66", "3号楼", "家电维修", "会"),
)

# The same survey as typed in from paper: mixed spellings, a duplicate, a blank.
RAW_RESIDENTS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("1", "王*英", "72", "3号楼", "助餐", "是"),
    ("2", "李*国", "68岁", "1号楼", "就医陪诊", "会"),
    ("3", "张*兰", "81", "3号楼", "助餐", "不会"),
    ("4", "刘*强", "65", "2号楼", "手机培训", "Y"),
    ("5", "陈*珍", "77", "1号楼", "助餐", "不会"),
    ("5", "陈*珍", "77", "1号楼", "助餐", "不会"),
    ("6", "杨*明", "84", "2号楼", "就医陪诊", "不会"),
    ("7", "赵*芬", "七十", "3号楼", "手机培训", "会"),
    ("8", "黄*生", "79", "1号楼", "助餐", "会"),
    ("9", "周*兰", "88", "2号楼", "就医陪诊", "不会"),
    ("10", "吴*华", "66", "3号楼", "家电维修", ""),
)

RESIDENTS_CSV = "\n".join(",".join(r) for r in (HEADER, *RESIDENTS)) + "\n"

PY_SCRIPT = """import csv
from collections import Counter


def age_group(age):
    if age >= 80:
        return "80岁及以上"
    if age >= 70:
        return "70-79岁"
    if age >= 60:
        return "60-69岁"
    return "60岁以下"


counts = Counter()
with open("residents.csv", encoding="utf-8-sig") as f:
    for row in csv.DictReader(f):
        counts[age_group(int(row["年龄"]))] += 1

for group in ["60岁以下", "60-69岁", "70-79岁", "80岁及以上"]:
    print(group, counts[group], "人")
"""

PY_OUTPUT = "60岁以下 0 人\n60-69岁 3 人\n70-79岁 4 人\n80岁及以上 3 人\n"

# What the spreadsheet formulas in the lesson return on RESIDENTS
SUMMARY: tuple[tuple[str, str, str], ...] = (
    ("调查人数", "=COUNTA(B2:B11)", "10"),
    ("会用手机", '=COUNTIF(F2:F11,"会")', "6"),
    ("平均年龄", "=AVERAGE(C2:C11)", "75"),
    ("需要助餐", '=COUNTIF(E2:E11,"助餐")', "4"),
)

# Pivot: count of residents by most-needed service, largest first
PIVOT: tuple[tuple[str, int], ...] = (
    ("助餐", 4),
    ("就医陪诊", 3),
    ("手机培训", 2),
    ("家电维修", 1),
)

VOTE: tuple[tuple[str, int], ...] = (
    ("同意", 14),
    ("反对", 3),
    ("弃权", 1),
    ("未投", 2),
)
