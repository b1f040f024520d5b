"""Makes the synthetic data of Ladder's example report.

Every figure here is made up. The totals are chosen to reproduce the figures that the
example pages state (who-gets-on.md, who-gets-in.md, how-it-feels.md, about.md), and the
split of each reporting group into the raw answers of the main question is invented, with
a few small cells planted on purpose so that the data pages show disclosure control at
work. Run it from this folder: `python3 _make_data.py`. Ladder ignores files whose names
start with `_`, so this script is not part of the built report.
"""

import csv

PROFESSIONAL = [
    ("Modern professional", 0.30),
    ("Traditional professional", 0.20),
    ("Senior manager", 0.22),
    ("Middle or junior manager", 0.28),
]
INTERMEDIATE = [("Clerical and intermediate", 0.62), ("Small business owner", 0.38)]
LOWER = [
    ("Technical and craft", 0.40),
    ("Routine or semi-routine", 0.52),
    ("Long-term unemployed", 0.08),
]
UNCLASSIFIED = [("Other", 0.35), ("Prefer not to say", 0.45), ("Don't know", 0.20)]
ANSWERS = [a for a, _ in PROFESSIONAL + INTERMEDIATE + LOWER + UNCLASSIFIED]
NO_ANSWER = "No answer"


def split(total, parts):
    """Splits `total` in the given proportions, whole numbers adding up exactly."""
    raw = [total * p for _, p in parts]
    out = [int(x) for x in raw]
    rest = total - sum(out)
    order = sorted(range(len(parts)), key=lambda i: raw[i] - out[i], reverse=True)
    for i in order[:rest]:
        out[i] += 1
    return {name: n for (name, _), n in zip(parts, out)}


def expand(prof, inter, lower, other, overrides=None):
    """Raw answers from group totals; `overrides` fixes chosen cells within a group."""
    cells = {}
    for total, parts in ((prof, PROFESSIONAL), (inter, INTERMEDIATE), (lower, LOWER), (other, UNCLASSIFIED)):
        cells.update(split(total, parts))
    for group, fixed in (overrides or {}).items():
        parts = {"prof": PROFESSIONAL, "inter": INTERMEDIATE, "lower": LOWER, "other": UNCLASSIFIED}[group]
        total = sum(cells[name] for name, _ in parts)
        free = [(n, p) for n, p in parts if n not in fixed]
        left = total - sum(fixed.values())
        cells.update(fixed)
        weight = sum(p for _, p in free)
        cells.update(split(left, [(n, p / weight) for n, p in free]))
    return cells


GRADES = ["AA/AO", "EO", "HEO/SEO", "G7/G6", "SCS"]

# year -> grade -> (staff in post, professional, intermediate, lower, other answers)
# Classified = professional + intermediate + lower; no answer = staff - classified - other.
WORKFORCE = {
    2023: {
        "AA/AO": (560, 119, 58, 133, 85),
        "EO": (1040, 290, 100, 210, 135),
        "HEO/SEO": (1420, 473, 120, 237, 160),
        "G7/G6": (950, 379, 76, 110, 100),
        "SCS": (110, 62, 11, 10, 12),
    },
    2024: {
        "AA/AO": (540, 128, 62, 145, 80),
        "EO": (1060, 320, 110, 240, 130),
        "HEO/SEO": (1470, 539, 135, 276, 170),
        "G7/G6": (965, 410, 82, 125, 100),
        "SCS": (115, 62, 11, 11, 11),
    },
    2025: {
        "AA/AO": (520, 132, 64, 154, 60),
        "EO": (1080, 355, 124, 281, 110),
        "HEO/SEO": (1500, 604, 152, 324, 145),
        "G7/G6": (980, 454, 92, 154, 93),
        "SCS": (120, 67, 11, 14, 10),
    },
}

# Small cells planted on purpose: the data pages must withhold them.
PLANTED = {
    ("G7/G6",): {"lower": {"Long-term unemployed": 8}},
    ("SCS",): {
        "inter": {"Clerical and intermediate": 7, "Small business owner": 4},
        "lower": {"Technical and craft": 6, "Routine or semi-routine": 7, "Long-term unemployed": 1},
        "other": {"Other": 4, "Prefer not to say": 4, "Don't know": 2},
    },
}


def workforce():
    rows = []
    for year, grades in WORKFORCE.items():
        for grade in GRADES:
            staff, prof, inter, lower, other = grades[grade]
            overrides = PLANTED.get((grade,), {})
            if grade == "SCS" and year != 2025:
                # Earlier years: keep the same kind of small cells, fitted to the totals.
                overrides = {
                    "inter": {"Clerical and intermediate": 7, "Small business owner": inter - 7},
                    "lower": {"Technical and craft": 4, "Routine or semi-routine": lower - 5, "Long-term unemployed": 1},
                    "other": {"Other": 4, "Prefer not to say": other - 6, "Don't know": 2},
                }
            cells = expand(prof, inter, lower, other, overrides)
            cells[NO_ANSWER] = staff - prof - inter - lower - other
            assert cells[NO_ANSWER] > 0
            for answer in ANSWERS + [NO_ANSWER]:
                rows.append((year, grade, answer, cells[answer]))
    return rows


# year -> stage -> (total, professional, intermediate, lower); the rest are not classified.
RECRUITMENT = {
    2024: {
        "Applications": (9100, 3900, 992, 2752),
        "Passed the sift": (2300, 1083, 282, 613),
        "Appointed": (380, 178, 51, 94),
    },
    2025: {
        "Applications": (9800, 4165, 1083, 3082),
        "Passed the sift": (2450, 1151, 299, 682),
        "Appointed": (410, 193, 54, 106),
    },
}


def recruitment():
    rows = []
    for year, stages in RECRUITMENT.items():
        for stage, (total, prof, inter, lower) in stages.items():
            other = total - prof - inter - lower
            cells = expand(prof, inter, lower, other)
            for answer in ANSWERS:
                rows.append((year, stage, answer, cells[answer]))
    return rows


# Pay: full-time equivalent basic salary; counts are the classified staff of each group.
PAY = [
    (2024, "Mean pay", "Professional", 1459, 40300),
    (2024, "Mean pay", "Intermediate", 400, 37900),
    (2024, "Mean pay", "Lower", 797, 36030),
    (2024, "Median pay", "Professional", 1459, 37600),
    (2024, "Median pay", "Intermediate", 400, 35600),
    (2024, "Median pay", "Lower", 797, 34780),
    (2025, "Mean pay", "Professional", 1612, 41200),
    (2025, "Mean pay", "Intermediate", 443, 38900),
    (2025, "Mean pay", "Lower", 927, 37150),
    (2025, "Median pay", "Professional", 1612, 38500),
    (2025, "Median pay", "Intermediate", 443, 36600),
    (2025, "Median pay", "Lower", 927, 35800),
]

SCALE = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]
SURVEY_GROUPS = ["Professional", "Intermediate", "Lower", "Not classified"]

# year -> respondents per group (every respondent answered every statement)
RESPONDENTS = {
    2024: {"Professional": 1370, "Intermediate": 390, "Lower": 830, "Not classified": 390},
    2025: {"Professional": 1469, "Intermediate": 416, "Lower": 887, "Not classified": 378},
}

# (year, statement) -> group -> counts per answer, Strongly disagree .. Strongly agree.
# Written out by hand so that "agree or strongly agree" gives the shares on the page.
SURVEY = {
    (2024, "I feel I belong in the Department"): {
        "Professional": (55, 137, 219, 685, 274),      # 70.0% agree
        "Intermediate": (18, 47, 75, 193, 57),         # 64.1%
        "Lower": (50, 116, 174, 398, 92),              # 59.0%
        "Not classified": (25, 55, 90, 170, 50),
    },
    (2025, "I feel I belong in the Department"): {
        "Professional": (44, 118, 264, 735, 308),      # 71.0%
        "Intermediate": (17, 38, 78, 212, 71),         # 68.0%
        "Lower": (44, 107, 186, 444, 106),             # 62.0%
        "Not classified": (23, 49, 84, 170, 52),
    },
    (2025, "I can be myself at work"): {
        "Professional": (37, 103, 242, 742, 345),      # 74.0%
        "Intermediate": (13, 36, 72, 218, 77),         # 70.9%
        "Lower": (35, 89, 178, 463, 122),              # 65.9%
        "Not classified": (20, 45, 80, 175, 58),
    },
    (2025, "My line manager supports my career development"): {
        "Professional": (59, 147, 294, 676, 293),      # 66.0%
        "Intermediate": (17, 45, 88, 196, 70),         # 64.0%
        "Lower": (44, 115, 187, 430, 111),             # 61.0%
        "Not classified": (25, 50, 90, 165, 48),
    },
    (2025, "I have the same chance to progress as colleagues with similar skills"): {
        "Professional": (88, 206, 323, 646, 206),      # 58.0%
        "Intermediate": (33, 71, 96, 175, 41),         # 51.9%
        "Lower": (98, 195, 204, 337, 53),              # 44.0%
        "Not classified": (40, 70, 100, 130, 38),
    },
    (2025, "I understand what it takes to get promoted here"): {
        "Professional": (73, 184, 316, 661, 235),      # 61.0%
        "Intermediate": (29, 62, 96, 183, 46),         # 55.0%
        "Lower": (89, 178, 212, 356, 52),              # 46.0%
        "Not classified": (38, 65, 100, 135, 40),
    },
}


def survey():
    rows = []
    for (year, statement), groups in SURVEY.items():
        for group in SURVEY_GROUPS:
            counts = groups[group]
            assert sum(counts) == RESPONDENTS[year][group], (year, statement, group, sum(counts))
            for answer, n in zip(SCALE, counts):
                rows.append((year, statement, group, answer, n))
    return rows


# Apprentices who joined in the year to 31 March 2025, by reporting group. The
# intermediate group is below 10 on purpose: the data page withholds it.
APPRENTICES = [
    ("Professional", 16),
    ("Intermediate", 9),
    ("Lower", 23),
    ("Not classified", 12),
]


def write(name, header, rows):
    with open(f"{name}.csv", "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(header)
        out.writerows(rows)


if __name__ == "__main__":
    write("workforce", ["year", "grade", "seb", "count"], workforce())
    write("recruitment", ["year", "stage", "seb", "count"], recruitment())
    write("pay", ["year", "measure", "seb", "count", "pay"], PAY)
    write("survey", ["year", "statement", "seb", "answer", "count"], survey())
    write("apprentices", ["seb", "count"], APPRENTICES)
