#!/usr/bin/env python3
"""A data-heavy Ladder source for benchmarks (synthetic, deterministic).

    python3 bench/gen_data_source.py --out DIR [--pages 200] [--charts 1000]
                                     [--tables 50] [--rows 10000]

Writes report.yaml (with groups, labels, order and stats), index.md, PAGES pages
spread over sections of 20, CHARTS chart blocks spread evenly over the pages (all
five chart types), and TABLES tables of ROWS rows each in data/ (year x grade x
region x answer x count, long form, with some small counts so disclosure control
has work to do).
"""

import argparse
import os
import random

GRADES = ["AA/AO", "EO", "HEO/SEO", "G7/G6", "SCS"]
ANSWERS = ["Modern professional", "Senior manager", "Clerical and intermediate",
           "Small business owner", "Technical and craft", "Routine or semi-routine",
           "Long-term unemployed", "Prefer not to say"]
AGREE = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
KINDS = ["stacked-bar", "bar", "grouped-bar", "line", "diverging"]


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def table_rows(rng, rows):
    """Long-form rows: year, grade, region, seb, answer, count."""
    out = ["year,grade,region,seb,answer,count"]
    n = 0
    region = 0
    while n < rows:
        region += 1
        for year in (2023, 2024, 2025):
            for grade in GRADES:
                for seb in ANSWERS:
                    for answer in AGREE:
                        if n >= rows:
                            break
                        count = rng.choice([rng.randint(0, 9), rng.randint(10, 400)])
                        out.append(f"{year},{grade},Region {region},{seb},{answer},{count}")
                        n += 1
    return "\n".join(out) + "\n"


def chart(kind, table, k):
    common = f"data: {table}\nsource: Synthetic benchmark data\n"
    if kind == "stacked-bar":
        return f"type: stacked-bar\ntitle: Chart {k} by grade\n{common}where: {{year: 2025}}\nx: grade\ngroup: seb\nshow: share\nbenchmark: {{lower: 39}}\n"
    if kind == "bar":
        return f"type: bar\ntitle: Chart {k} staff by grade\n{common}where: {{year: 2025}}\nx: grade\nshow: count\n"
    if kind == "grouped-bar":
        return f"type: grouped-bar\ntitle: Chart {k} by year\n{common}x: year\ngroup: seb\nshow: count\n"
    if kind == "line":
        return f"type: line\ntitle: Chart {k} trend\n{common}where: {{grade: SCS}}\nx: year\ngroup: seb\nshow: share\n"
    return f"type: diverging\ntitle: Chart {k} agreement\n{common}where: {{year: 2025}}\nx: seb\ngroup: answer\nshow: share\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--pages", type=int, default=200)
    ap.add_argument("--charts", type=int, default=1000)
    ap.add_argument("--tables", type=int, default=50)
    ap.add_argument("--rows", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=20261122)
    a = ap.parse_args()
    rng = random.Random(a.seed)

    write(os.path.join(a.out, "report.yaml"), """title: Benchmark report (synthetic)
organisation: Department for Benchmarks
year: 2025
published: 2025-10-01
groups:
  seb:
    professional: [Modern professional, Senior manager]
    intermediate: [Clerical and intermediate, Small business owner]
    lower: [Technical and craft, Routine or semi-routine, Long-term unemployed]
labels:
  seb: {professional: Professional, intermediate: Intermediate, lower: Lower socio-economic}
order:
  grade: [AA/AO, EO, HEO/SEO, G7/G6, SCS]
  answer: [Strongly disagree, Disagree, Neither agree nor disagree, Agree, Strongly agree]
stats:
  staff: {data: t01, where: {year: 2025}, sum: count}
  lower_scs: {data: t01, where: {year: 2025, grade: SCS}, share: {seb: lower}}
  lower_change: {data: t01, where: {grade: SCS}, share: {seb: lower}, change: year}
""")
    write(os.path.join(a.out, "index.md"),
          "---\ntitle: Benchmark report\n---\n\nThe report has {{ staff }} staff; {{ lower_scs }} at SCS are from a lower background ({{ lower_change }}).\n")
    for t in range(1, a.tables + 1):
        write(os.path.join(a.out, "data", f"t{t:02d}.csv"), table_rows(rng, a.rows))
        write(os.path.join(a.out, "data", f"t{t:02d}.meta.yaml"),
              f"title: Table {t} (synthetic)\nsource: Synthetic benchmark data\ncolumns: {{seb: Socio-economic background, count: Number of staff}}\n")
    per_page = [a.charts // a.pages + (1 if i < a.charts % a.pages else 0) for i in range(a.pages)]
    k = 0
    for i in range(a.pages):
        section = i // 20 + 1
        blocks = []
        for _ in range(per_page[i]):
            k += 1
            table = f"t{(k % a.tables) + 1:02d}"
            blocks.append(f"## Figure section {k}\n\nSome words about the figure.\n\n```chart\n{chart(KINDS[k % len(KINDS)], table, k)}```\n")
        body = f"---\ntitle: Page {i + 1}\nweight: {i + 1}\n---\n\nPage {i + 1} of the benchmark.\n\n" + "\n".join(blocks)
        write(os.path.join(a.out, f"s{section:02d}", f"p{i + 1:03d}.md"), body)
    for s in range(1, (a.pages - 1) // 20 + 2):
        write(os.path.join(a.out, f"s{s:02d}", "_index.md"), f"---\ntitle: Section {s}\nweight: {s}\n---\n\nSection {s}.\n")


if __name__ == "__main__":
    main()
