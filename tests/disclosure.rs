//! Statistical disclosure control on the built site (FORMAT.md section 7): small counts,
//! and the measures of small groups, planted in the data never reach any output file, in
//! any form a reader would see; and a withheld value cannot be worked out by subtracting
//! published figures.
//!
//! The data pages publish a column mapped by `groups:` (`seb`) by reporting group, and
//! every figure is checked against them: a bar, a share's base or a stat that covers part
//! of a published row, or gives away a count the data page withholds, is withheld too.
//!
//! The charts fixture plants these (threshold 10):
//!
//! | value | where | used by |
//! |---|---|---|
//! | 7 | `applications.csv`: offers to intermediate applicants (of 72 offers) | figure 2, stat `offers` (the row total), data page |
//! | 7 | `workforce.csv`: G7/G6 intermediate in 2024 (of 212 classified) | figure 5 (line of shares), data page |
//! | 7 | `workforce.csv`: SCS "Prefer not to say" in 2025 (unclassified: "Not classified" on the data page) | stat `scs_unsure`, figure 3 (in the SCS total, 107: withheld), figure 4 (the SCS base, 100: withheld), data page |
//! | 3 | `workforce.csv`: SCS "Technical and craft" in 2025, a raw answer of the group `lower` (with "Routine or semi-routine" 15) | data page (inside the lower group, 18), figure 4, stats `lower_share_*` |
//! | 3 | `attitudes.csv`: "I can progress" strongly disagree (of 150) | figure 6 (diverging), data page |
//! | 4 people, pay 54321 | `pay.csv`: SCS lower | figure 7, stat `scs_lower_pay`, data page |
//!
//! The 2025 "Not classified" counts of EO (12) and SCS (the planted 7) exist for those two
//! grades only, so the line totals of the data page alone would give them back whatever
//! else were withheld: they are *exposed* (`disclosure::protect_cells_exposed`), and no
//! figure may add them up (`datapages::Guard`). So the totals of EO and SCS in 2025 (412
//! and 107) are withheld wherever they would appear, figure 3 included.

mod common;

use std::collections::BTreeMap;

use common::charts::{figure, html_table, mentions_number, number, parse_csv};
use common::{Project, between, text_of};

/// The forms in which a reader would see the count `n` in a page, an SVG or a CSV file.
fn count_forms(n: u64) -> Vec<String> {
    vec![
        format!(">{n}<"),
        format!(",{n},"),
        format!(",{n}\r\n"),
        format!(",{n}\n"),
        format!("({n})"),
        format!(": {n}<"),
        format!(" {n} people"),
    ]
}

/// Every place in the output where one of `forms` (or, for `numbers`, a whole-number
/// mention) occurs, as `file: form`.
fn find_in_output(project: &Project, forms: &[String], numbers: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for (path, bytes) in project.output_files() {
        let text = String::from_utf8_lossy(&bytes);
        for form in forms {
            if text.contains(form.as_str()) {
                found.push(format!("{path}: {form:?}"));
            }
        }
        for token in numbers {
            if mentions_number(&text, token) {
                found.push(format!("{path}: {token:?}"));
            }
        }
    }
    found
}

/// The rows of a CSV file of the output.
fn csv(project: &Project, path: &str) -> Vec<Vec<String>> {
    parse_csv(&project.page(path))
}

/// The data pages of the charts fixture: name, the columns that are categories (a
/// column of years is one), and the column counting people.
const DATA_PAGES: &[(&str, &[usize], usize)] = &[
    ("applications", &[0, 1], 2),
    ("attitudes", &[0, 1], 2),
    ("networks", &[0, 1], 2),
    ("pay", &[0, 1], 2),
    ("survey", &[0, 1], 2),
    ("workforce", &[0, 1, 2], 3),
];

/// The lines of a published long table (`rows` without the header): for each category
/// column, the rows that differ only in it, two or more. A chart or a stat can publish
/// the total of any of them (a bar, a share's base, `sum:`).
fn lines(rows: &[Vec<String>], dims: &[usize]) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    for &d in dims {
        let mut by_others: BTreeMap<Vec<&str>, Vec<usize>> = BTreeMap::new();
        for (r, row) in rows.iter().enumerate() {
            let others = dims
                .iter()
                .filter(|&&o| o != d)
                .map(|&o| row[o].as_str())
                .collect();
            by_others.entry(others).or_default().push(r);
        }
        out.extend(by_others.into_values().filter(|line| line.len() > 1));
    }
    out
}

/// The rank of a matrix (Gaussian elimination; the entries here are small integers).
fn rank(mut m: Vec<Vec<f64>>) -> usize {
    let columns = m.first().map_or(0, Vec::len);
    let mut rank = 0;
    for c in 0..columns {
        let Some(pivot) = (rank..m.len()).max_by(|&a, &b| m[a][c].abs().total_cmp(&m[b][c].abs()))
        else {
            break;
        };
        if m[pivot][c].abs() < 1e-9 {
            continue;
        }
        m.swap(rank, pivot);
        let pivot_row = m[rank].clone();
        for (r, row) in m.iter_mut().enumerate() {
            if r != rank {
                let f = row[c] / pivot_row[c];
                for (x, p) in row.iter_mut().zip(&pivot_row) {
                    *x -= f * p;
                }
            }
        }
        rank += 1;
    }
    rank
}

/// Of the `unknown` rows of a published long table, those that the totals of `lines`
/// (with the other rows known) give back exactly. Each unknown is a column and each line
/// total an equation; an unknown is given back when its own unit vector is a combination
/// of the equations (adding and subtracting totals), that is when adding it to them does
/// not raise the rank.
fn given_back(unknown: &[usize], lines: &[Vec<usize>]) -> Vec<usize> {
    let equations: Vec<Vec<f64>> = lines
        .iter()
        .map(|line| {
            unknown
                .iter()
                .map(|u| if line.contains(u) { 1.0 } else { 0.0 })
                .collect()
        })
        .collect();
    let base = rank(equations.clone());
    (0..unknown.len())
        .filter(|&k| {
            let mut with = equations.clone();
            with.push((0..unknown.len()).map(|j| f64::from(j == k)).collect());
            rank(with) == base
        })
        .map(|k| unknown[k])
        .collect()
}

#[test]
fn the_planted_values_are_really_in_the_data() {
    // A check of the fixture, so that the scans below prove something.
    let project = Project::charts();
    let applications = project.source("data/applications.csv");
    assert!(applications.contains("Offer,intermediate,7\n"));
    let workforce = project.source("data/workforce.csv");
    assert!(workforce.contains("2024,G7/G6,intermediate,7\n"));
    assert!(workforce.contains("2025,SCS,Prefer not to say,7\n"));
    assert!(workforce.contains("2025,SCS,Technical and craft,3\n"));
    assert!(
        project
            .source("data/attitudes.csv")
            .contains("Strongly disagree,3\r\n")
    );
    assert!(
        project
            .source("data/pay.csv")
            .contains("SCS,lower,4,54321\n")
    );
    // And a build without disclosure control would show them: threshold 1 withholds
    // nothing, so the scan finds each planted value.
    project.replace("report.yaml", "threshold: 10", "threshold: 1");
    project.build_ok(&[]);
    for n in [7, 3, 4] {
        assert!(
            !find_in_output(&project, &count_forms(n), &[]).is_empty(),
            "{n} would be found"
        );
    }
    assert!(!find_in_output(&project, &["54,321".to_string()], &[]).is_empty());
}

#[test]
fn planted_small_counts_never_appear_in_any_output_file() {
    for settings in [
        ("round_to: 0", "symbol: \"[c]\""),
        ("round_to: 5", "symbol: \"[c]\""),
        ("round_to: 0", "symbol: \"*\""),
    ] {
        let project = Project::charts();
        project.replace("report.yaml", "round_to: 0", settings.0);
        project.replace("report.yaml", "symbol: \"[c]\"", settings.1);
        project.build_ok(&[]).assert_quiet();
        let mut forms: Vec<String> = [7, 3, 4].into_iter().flat_map(count_forms).collect();
        forms.extend(["54321", "54,321", "54321.0", "54.3"].map(String::from));
        // The percentages that would give the small counts away: 7 of 212 (figure 5),
        // 3 of 150 (figure 6), 3 and 7 of the 100 and 107 people at SCS, 7 of 72 offers.
        let percents: Vec<String> = [
            (7.0, 212.0),
            (3.0, 150.0),
            (3.0, 100.0),
            (7.0, 107.0),
            (7.0, 72.0),
        ]
        .iter()
        .flat_map(|(n, base)| {
            let p: f64 = 100.0 * n / base;
            [format!("{p:.0}%"), format!("{p:.1}")]
        })
        .collect();
        let found = find_in_output(&project, &forms, &percents);
        assert!(
            found.is_empty(),
            "with {settings:?}, small values are published:\n{}",
            found.join("\n")
        );
        // Every output file was looked at: pages, SVG in them, both kinds of CSV.
        let files = project.output_files();
        for path in [
            "who-gets-on/index.html",
            "who-gets-on/figure-5.csv",
            "data/workforce.csv",
            "data/workforce/index.html",
        ] {
            assert!(files.contains_key(path), "{path}");
        }
    }
}

#[test]
fn the_planted_values_are_withheld_where_they_are_used() {
    let project = Project::charts();
    project.build_ok(&[]);
    // Figure 2: offers to intermediate applicants.
    let fig2 = html_table(&figure(&project.page("who-gets-in/index.html"), 2));
    assert_eq!(fig2.rows[1][0], "Offer");
    assert_eq!(fig2.rows[1][2], "[c]");
    // Figure 4: SCS holds the 3 (in the lower group) and the 7 who preferred not to say
    // (in SCS's total, which figure 3 withholds, not in the base): every cell of it is
    // withheld, as on the data page, and so is the base (SCS's total less it would be 7).
    let on = project.page("who-gets-on/index.html");
    let fig4 = html_table(&figure(&on, 4));
    assert_eq!(fig4.rows[3], ["SCS", "[c]", "[c]", "[c]", "[c]"]);
    // Figure 5: G7/G6 intermediate in 2024.
    let fig5 = html_table(&figure(&on, 5));
    assert_eq!(fig5.rows[0][0], "2024");
    assert_eq!(fig5.rows[0][2], "[c]");
    // Figure 6: strongly disagree that they can progress.
    let fig6 = html_table(&figure(&on, 6));
    assert_eq!(fig6.rows[1][1], "[c]");
    // Figure 7 and the stat: the pay of 4 people.
    let fig7 = html_table(&figure(&project.page("pay/index.html"), 7));
    assert_eq!(fig7.rows[1], ["SCS", "81,000", "[c]"]);
    let pay = text_of(&project.main("pay/index.html"));
    assert!(
        pay.contains("in the senior civil service it is [c]."),
        "{pay}"
    );
    // The stat over the unclassified answers at SCS.
    assert!(
        text_of(&project.main("who-gets-on/index.html")).contains("preferred not to say is [c].")
    );
    // Data pages: each planted value, in its published row.
    let rows = csv(&project, "data/pay.csv");
    assert_eq!(rows[4], ["SCS", "Lower socio-economic", "[c]", "[c]"]);
    let rows = csv(&project, "data/workforce.csv");
    for (year, grade, group) in [
        ("2024", "G7/G6", "Intermediate"),
        ("2025", "SCS", "Not classified"),
        ("2025", "SCS", "Lower socio-economic"),
    ] {
        assert!(
            rows.contains(&[year, grade, group, "[c]"].map(String::from).to_vec()),
            "{year} {grade} {group}: {rows:?}"
        );
    }
    assert!(
        project
            .page("data/applications.csv")
            .contains("Offer,Intermediate,[c]\r\n")
    );
    assert!(
        project
            .page("data/attitudes.csv")
            .contains("\"I can progress, with support\",Strongly disagree,[c]\r\n")
    );
}

#[test]
fn the_data_page_groups_answers_and_withholds_these_cells() {
    // Every line of the table (the rows that differ in one column only) could have its
    // total published by a chart or a stat, so no line may have exactly one withheld
    // count. Starting from the two counts below 10 (2024 G7/G6 intermediate, 7; 2025 SCS
    // not classified, 7), the lines are taken in turn (across years, then across grades,
    // then across groups) until none has one withheld cell, each time withholding the
    // smallest other count of the line:
    // - G7/G6 intermediate across the years (7, 45): 45 in 2025;
    // - 2024 intermediate across grades (75, 65, 7, 12): SCS, 12;
    // - 2025 not classified across grades (EO 12, SCS 7): EO, 12;
    // - 2025 intermediate across grades (80, 70, 45, 12): SCS, 12;
    // - 2024 G7/G6 (150, 7, 55): lower, 55; 2024 SCS (62, 12, 14): lower, 14;
    // - 2025 EO (120, 80, 200, 12): intermediate, 80; 2025 G7/G6 (160, 45, 60): lower, 60;
    // - EO intermediate across the years (75, 80): 75 in 2024;
    // - SCS lower across the years (14, 18): 18 in 2025;
    // - 2024 EO (110, 75, 190): professional, 110;
    // - EO professional across the years (110, 120): 120 in 2025;
    // - professional across grades, 2024 (110, 140, 150, 62) and 2025 (120, 150, 160,
    //   70): SCS, 62 and 70.
    // 16 of 26 counts: SCS wholly, and every EO group but lower.
    let project = Project::charts();
    project.build_ok(&[]);
    let c = "[c]";
    let expected: Vec<Vec<String>> = [
        ["year", "grade", "seb", "count"],
        ["2024", "EO", "Professional", c],
        ["2024", "EO", "Intermediate", c],
        ["2024", "EO", "Lower socio-economic", "190"],
        ["2024", "HEO/SEO", "Professional", "140"],
        ["2024", "HEO/SEO", "Intermediate", "65"],
        ["2024", "HEO/SEO", "Lower socio-economic", "100"],
        ["2024", "G7/G6", "Professional", "150"],
        ["2024", "G7/G6", "Intermediate", c],
        ["2024", "G7/G6", "Lower socio-economic", c],
        ["2024", "SCS", "Professional", c],
        ["2024", "SCS", "Intermediate", c],
        ["2024", "SCS", "Lower socio-economic", c],
        ["2025", "EO", "Professional", c],
        ["2025", "EO", "Intermediate", c],
        ["2025", "EO", "Lower socio-economic", "200"],
        ["2025", "EO", "Not classified", c],
        ["2025", "HEO/SEO", "Professional", "150"],
        ["2025", "HEO/SEO", "Intermediate", "70"],
        ["2025", "HEO/SEO", "Lower socio-economic", "110"],
        ["2025", "G7/G6", "Professional", "160"],
        ["2025", "G7/G6", "Intermediate", c],
        ["2025", "G7/G6", "Lower socio-economic", c],
        ["2025", "SCS", "Professional", c],
        ["2025", "SCS", "Intermediate", c],
        ["2025", "SCS", "Lower socio-economic", c],
        ["2025", "SCS", "Not classified", c],
    ]
    .iter()
    .map(|row| row.map(String::from).to_vec())
    .collect();
    assert_eq!(csv(&project, "data/workforce.csv"), expected);
    assert!(
        text_of(&project.main("data/workforce/index.html"))
            .contains("16 values are withheld ([c])")
    );
}

#[test]
fn every_line_with_a_withheld_count_has_at_least_two() {
    // A line with a published total and exactly one withheld cell gives the cell away.
    let project = Project::charts();
    project.build_ok(&[]);
    // Figure CSVs: each category (a row of the CSV). Shares of a category add up to 100%,
    // so one withheld share would be given back too; the base column is left out.
    for path in [
        "figure-1.csv",
        "who-gets-in/figure-2.csv",
        "who-gets-on/figure-3.csv",
        "who-gets-on/figure-4.csv",
        "who-gets-on/figure-5.csv",
        "who-gets-on/figure-6.csv",
    ] {
        let rows = csv(&project, path);
        let width = rows[0]
            .iter()
            .filter(|h| *h != "People with a classified answer")
            .count();
        // A one-column chart's row is a single bar, its own total: withholding it gives
        // nothing away (figure 3 withholds EO and SCS, each adding up an exposed count).
        for row in rows[1..].iter().filter(|_| width > 2) {
            let hidden = row[1..width].iter().filter(|c| number(c).is_none()).count();
            assert!(hidden != 1, "{path}: {row:?} has one withheld cell");
        }
        // A chart of counts publishes its columns' totals too (figure 2: one bar per
        // background at each stage); a one-column chart is a single line.
        if !path.ends_with("figure-4.csv") && !path.ends_with("figure-5.csv") {
            for column in 1..width {
                let hidden = rows[1..]
                    .iter()
                    .filter(|r| number(&r[column]).is_none())
                    .count();
                assert!(
                    hidden != 1,
                    "{path}: column {} has one withheld cell",
                    rows[0][column]
                );
            }
        }
    }
    // Data pages: every line of every table, in the rows as published (grouped answers
    // added up into their groups).
    let mut checked = 0;
    for &(name, dims, count) in DATA_PAGES {
        let rows = csv(&project, &format!("data/{name}.csv"));
        let body = &rows[1..];
        for line in lines(body, dims) {
            let hidden = line
                .iter()
                .filter(|&&r| number(&body[r][count]).is_none())
                .count();
            let cells: Vec<&Vec<String>> = line.iter().map(|&r| &body[r]).collect();
            assert!(hidden != 1, "data/{name}.csv: {cells:?}");
            checked += usize::from(hidden > 0);
        }
    }
    // So that the check is not empty: the lines holding withheld counts (applications 4,
    // attitudes 5, pay 4, workforce 20).
    assert_eq!(checked, 33);
}

#[test]
fn a_row_total_minus_the_published_cells_never_gives_the_small_value() {
    let project = Project::charts();
    project.build_ok(&[]);
    // The stat `offers` publishes the total of the Offer row: 72.
    let gets_in = text_of(&project.main("who-gets-in/index.html"));
    assert!(
        gets_in.contains("We made 72 offers this year."),
        "{gets_in}"
    );
    let total = 72.0;
    // In the data page CSV, the Offer row has the small cell (intermediate, 7) withheld,
    // and a second cell of the row too.
    let rows = csv(&project, "data/applications.csv");
    let offers: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == "Offer").collect();
    assert_eq!(offers.len(), 3);
    let intermediate = offers.iter().find(|r| r[1] == "Intermediate").unwrap();
    assert_eq!(intermediate[2], "[c]");
    let hidden: Vec<&&Vec<String>> = offers
        .iter()
        .filter(|r| r[1] != "Intermediate" && number(&r[2]).is_none())
        .collect();
    assert!(
        !hidden.is_empty(),
        "a second cell of the row is withheld: {offers:?}"
    );
    let published: f64 = offers.iter().filter_map(|r| number(&r[2])).sum();
    assert_ne!(total - published, 7.0, "{offers:?}");
    // Nor in figure 2, which shows the same row.
    let fig = csv(&project, "who-gets-in/figure-2.csv");
    let offer = fig.iter().find(|r| r[0] == "Offer").unwrap();
    let published: f64 = offer[1..].iter().filter_map(|c| number(c)).sum();
    assert_ne!(total - published, 7.0, "{offer:?}");
    assert!(offer[1..].iter().filter(|c| number(c).is_none()).count() >= 2);
}

#[test]
fn a_small_raw_answer_is_withheld_with_a_partner_from_its_group() {
    // "Technical and craft" (3) is one of two answers of the group lower at SCS in 2025,
    // with "Routine or semi-routine" (15). The data page shows the group only, so the 3
    // is never on it; and no figure may show the 15 (nor the 3) alone, as the group's
    // total less one answer gives the other.
    let project = Project::charts();
    project.build_ok(&[]);
    let rows = csv(&project, "data/workforce.csv");
    let scs_2025: Vec<&[String]> = rows
        .iter()
        .filter(|r| r[0] == "2025" && r[1] == "SCS")
        .map(|r| &r[2..])
        .collect();
    // Withheld as a whole here (see `the_data_page_groups_answers_and_withholds_these_cells`).
    assert_eq!(
        scs_2025,
        [
            ["Professional", "[c]"],
            ["Intermediate", "[c]"],
            ["Lower socio-economic", "[c]"],
            ["Not classified", "[c]"],
        ]
    );
    for answer in ["Technical and craft", "Routine or semi-routine"] {
        assert!(
            !project.page("data/workforce.csv").contains(answer),
            "{answer}"
        );
    }

    // Where the group's total is published, a figure of one of its answers is withheld
    // all the same: a table of senior staff alone, with nothing below 10 but the 3 inside
    // the group.
    let project = Project::charts();
    project.write(
        "data/senior.csv",
        "grade,seb,count\nSCS,Modern professional,48\nSCS,Senior manager,22\nSCS,Clerical and intermediate,12\nSCS,Routine or semi-routine,15\nSCS,Technical and craft,3\nSCS,Prefer not to say,20\n",
    );
    for stat in [
        "  senior_lower: {data: senior, where: {seb: [Routine or semi-routine, Technical and craft]}, sum: count}",
        "  senior_routine: {data: senior, where: {seb: Routine or semi-routine}, value: count}",
        "  senior_routine_sum: {data: senior, where: {seb: Routine or semi-routine}, sum: count}",
        "  senior_technical: {data: senior, where: {seb: Technical and craft}, sum: count}",
    ] {
        project.append("report.yaml", stat);
    }
    project.append(
        "who-gets-on.md",
        "Senior: lower {{ senior_lower }}, routine {{ senior_routine }} or {{ senior_routine_sum }}, technical {{ senior_technical }}.\n\n```chart\ntype: bar\ntitle: Senior staff from routine backgrounds\ndata: senior\nwhere: {seb: Routine or semi-routine}\nx: grade\n```",
    );
    project.build_ok(&[]);
    assert_eq!(
        csv(&project, "data/senior.csv"),
        [
            ["grade", "seb", "count"],
            ["SCS", "Professional", "70"],
            ["SCS", "Intermediate", "12"],
            ["SCS", "Lower socio-economic", "18"],
            ["SCS", "Not classified", "20"],
        ]
    );
    let on = text_of(&project.main("who-gets-on/index.html"));
    assert!(
        on.contains("Senior: lower 18, routine [c] or [c], technical [c]."),
        "{on}"
    );
    assert_eq!(
        project.page("who-gets-on/figure-7.csv"),
        "grade,Number of people\r\nSCS,[c]\r\n"
    );
}

#[test]
fn the_pay_of_a_small_group_is_withheld_on_every_page() {
    let project = Project::charts();
    project.build_ok(&[]);
    // The headcounts are a table of two grades by two groups: the 4 withheld leaves one
    // withheld cell in its row and in its column, so their partners (70 and 200) are
    // withheld, and then the last cell (120) too, or the EO row and the professional
    // column would give them back.
    let page = html_table(&project.main("data/pay/index.html"));
    assert_eq!(
        page.rows,
        [
            ["EO", "Professional", "[c]", "26,000"],
            ["EO", "Lower socio-economic", "[c]", "24,500"],
            ["SCS", "Professional", "[c]", "81,000"],
            ["SCS", "Lower socio-economic", "[c]", "[c]"],
        ]
    );
    // Pay of groups large enough is published, as written.
    assert_eq!(
        csv(&project, "pay/figure-7.csv"),
        [
            vec!["grade", "Professional", "Lower socio-economic"],
            vec!["EO", "26000", "24500"],
            vec!["SCS", "81000", "[c]"],
        ]
    );
}

#[test]
fn suppressing_zeros_withholds_a_zero_and_a_partner() {
    let project = Project::charts();
    project.replace(
        "report.yaml",
        "suppress_zeros: false",
        "suppress_zeros: true",
    );
    project.replace(
        "data/networks.yaml",
        "{network: Carers network, year: 2025, count: 18}",
        "{network: Carers network, year: 2025, count: 0}\n- {network: Race network, year: 2025, count: 25}",
    );
    project.build_ok(&[]);
    let rows = csv(&project, "figure-1.csv");
    assert_eq!(rows[3], ["Carers network", "[c]"]);
    // The grand total is published by the bar chart: a second bar is withheld.
    assert_eq!(rows[4], ["Race network", "[c]"]);
    let data = project.page("data/networks.csv");
    assert!(data.contains("Carers network,2025,[c]\r\n"), "{data}");
    // Without suppress_zeros, a zero is published: it identifies no one.
    let project = Project::charts();
    project.replace(
        "data/networks.yaml",
        "{network: Carers network, year: 2025, count: 18}",
        "{network: Carers network, year: 2025, count: 0}",
    );
    project.build_ok(&[]);
    assert_eq!(csv(&project, "figure-1.csv")[3], ["Carers network", "0"]);
}

#[test]
fn a_withheld_count_cannot_be_worked_out_from_two_figures() {
    let project = Project::charts();
    project.build_ok(&[]);
    // The stat `scs_unsure` withholds the 7 SCS staff who preferred not to say...
    let on = text_of(&project.main("who-gets-on/index.html"));
    assert!(on.contains("preferred not to say is [c]."), "{on}");
    // ...so figure 3 may not publish all SCS staff (107) and figure 4, on the same page,
    // everyone at SCS with a classified answer (100): 107 - 100 = 7. The same at EO,
    // whose 12 unclassified answers the data page withholds (412 - 400 = 12). Both
    // unclassified counts are exposed (only EO and SCS have them in 2025), so figure 3
    // withholds both totals, and figure 4 both bases, as they leave them out.
    let everyone = csv(&project, "who-gets-on/figure-3.csv");
    let classified = csv(&project, "who-gets-on/figure-4.csv");
    assert_eq!(
        everyone[1..]
            .iter()
            .map(|r| r[1].as_str())
            .collect::<Vec<_>>(),
        ["[c]", "330", "265", "[c]"]
    );
    assert_eq!(
        classified[1..]
            .iter()
            .map(|r| r[4].as_str())
            .collect::<Vec<_>>(),
        ["[c]", "330", "265", "[c]"]
    );
    for (all, with_answer) in everyone[1..].iter().zip(&classified[1..]) {
        assert_eq!(all[0], with_answer[0]);
        if let (Some(a), Some(b)) = (number(&all[1]), number(&with_answer[4])) {
            let unclassified = a - b;
            assert!(
                !(1.0..10.0).contains(&unclassified),
                "{}: {a} − {b} = {unclassified} people who preferred not to say, a withheld count",
                all[0]
            );
        }
    }
}

#[test]
fn a_stat_cannot_give_away_a_withheld_partner() {
    let project = Project::charts();
    project.append(
        "report.yaml",
        "  routine_scs: {data: workforce, where: {year: 2025, grade: SCS, seb: Routine or semi-routine}, value: count}",
    );
    project.append(
        "who-gets-on.md",
        "Of them, {{ routine_scs }} grew up in routine or semi-routine households.",
    );
    project.build_ok(&[]);
    // The data page publishes SCS 2025 by group: routine or semi-routine (15) is part of
    // the row of the lower group (with technical and craft, 3), and has no row of its own.
    let data = project.page("data/workforce.csv");
    assert!(
        data.contains("2025,SCS,Lower socio-economic,[c]\r\n"),
        "{data}"
    );
    assert!(!data.contains("Routine or semi-routine"), "{data}");
    // The stat must not print 15: with the group's 18, 18 − 15 = 3.
    let on = text_of(&project.main("who-gets-on/index.html"));
    let stat = between(&on, "Of them, ", " grew up");
    assert_eq!(
        stat, "Of them, [c] grew up",
        "the stat publishes one answer of a group, and 18 - 15 = 3"
    );
}

#[test]
fn a_measure_plotted_as_a_count_is_still_withheld_for_a_small_group() {
    let project = Project::charts();
    // `value:` a pay column, `show:` left out: the column is plotted as it is.
    project.append(
        "pay.md",
        "```chart\ntype: bar\ntitle: Senior pay by background\ndata: pay\nwhere: {grade: SCS}\nx: seb\nvalue: median_pay\n```",
    );
    project.build_ok(&[]).assert_quiet();
    assert_eq!(
        project.page("pay/figure-8.csv"),
        "seb,Median pay (£)\r\nProfessional,81000\r\nLower socio-economic,[c]\r\n"
    );
    let found = find_in_output(&project, &["54321".into(), "54,321".into()], &[]);
    assert!(
        found.is_empty(),
        "the pay of a group of 4 is published:\n{}",
        found.join("\n")
    );
}

#[test]
fn a_share_of_a_raw_answer_is_not_the_share_of_its_group() {
    // A share is of a reporting group. A share of one answer of a group (3 of the 100
    // classified SCS staff) must not print its group's share (18%): it is an error that
    // says why.
    let project = Project::charts();
    let line = project.append(
        "report.yaml",
        "  technical_scs: {data: workforce, where: {year: 2025, grade: SCS}, share: {seb: Technical and craft}}",
    );
    project.append(
        "who-gets-on.md",
        "Technical and craft backgrounds: {{ technical_scs }}.",
    );
    project
        .build(&[])
        .assert_source_error()
        .assert_place("report.yaml", line)
        .assert_stderr("technical_scs")
        .assert_stderr("`Technical and craft` is an answer within the group `lower`")
        .assert_stderr("`lower`");
    assert!(!project.out().exists());
    // So is a share of an answer outside the groups, which shares leave out.
    let project = Project::charts();
    let line = project.append(
        "report.yaml",
        "  unsure_scs: {data: workforce, where: {year: 2025, grade: SCS}, share: {seb: Prefer not to say}}",
    );
    project.append("who-gets-on.md", "Unsure: {{ unsure_scs }}.");
    project
        .build(&[])
        .assert_source_error()
        .assert_place("report.yaml", line)
        .assert_stderr("`Prefer not to say` is not a reporting group");
}

#[test]
fn a_withheld_base_cannot_be_worked_out_from_a_share_and_its_count() {
    // Figure 4 withholds EO's base (its 12 unclassified answers are withheld, so the
    // base may not be known: with everyone at EO, 412, it would give them back). A share
    // of it with its count published on the data page would give the base back: EO lower,
    // 200 / 50.0% = 400, 412 - 400 = 12; and a sum of the unclassified answers of 2025
    // (EO 12 + SCS 7 = 19) would then give the planted 7. That sum adds up two exposed
    // counts (the line totals alone give each back), so it is withheld too.
    let project = Project::charts();
    project.append(
        "report.yaml",
        "  unclassified_2025: {data: workforce, where: {year: 2025, seb: Prefer not to say}, sum: count}",
    );
    project.append(
        "who-gets-on.md",
        "In 2025, {{ unclassified_2025 }} people preferred not to say.",
    );
    project.build_ok(&[]);
    let shares = csv(&project, "who-gets-on/figure-4.csv");
    let everyone = csv(&project, "who-gets-on/figure-3.csv");
    let data = csv(&project, "data/workforce.csv");
    let mut recovered = Vec::new();
    for (row, all) in shares[1..].iter().zip(&everyone[1..]) {
        if number(&row[4]).is_some() {
            continue;
        }
        // The base is withheld: no published share of it may have its count published
        // on the data page, or count / share gives the base back.
        for (g, group) in shares[0][1..4].iter().enumerate() {
            let Some(share) = number(&row[g + 1]).filter(|s| *s > 0.0) else {
                continue;
            };
            let count = data
                .iter()
                .find(|r| r[0] == "2025" && r[1] == row[0] && r[2] == *group)
                .and_then(|r| number(&r[3]));
            // The base is withheld, so giving it back is a leak whether or not the total
            // (figure 3) is published.
            if let Some(count) = count {
                let base = (count / share * 100.0).round();
                let then = number(&all[1]).map_or(String::new(), |total| {
                    format!(", and {total} - {base} = {} unclassified", total - base)
                });
                recovered.push(format!("{}: {count} / {share}% = {base}{then}", row[0]));
            }
        }
    }
    let on = text_of(&project.main("who-gets-on/index.html"));
    assert!(
        recovered.is_empty(),
        "a withheld base is given back:\n{}\n(and {})",
        recovered.join("\n"),
        between(&on, "In 2025, ", " people preferred")
    );
    // The check is not empty: two bases are withheld. The sum of the exposed unclassified
    // answers (19) is withheld.
    let withheld_bases: Vec<&str> = shares[1..]
        .iter()
        .filter(|r| number(&r[4]).is_none())
        .map(|r| r[0].as_str())
        .collect();
    assert_eq!(withheld_bases, ["EO", "SCS"]);
    assert!(
        on.contains("In 2025, [c] people preferred not to say."),
        "{on}"
    );
    // The same for a share stat: the share at SCS is withheld (with the data page's
    // count it would give the base, 100, and SCS's total, 107, the 7).
    assert!(
        on.contains("They make up [c] of the senior civil service"),
        "{on}"
    );
}

#[test]
fn no_withheld_count_on_a_data_page_follows_from_its_line_totals() {
    // A chart or a stat can publish the total of any line of a data page (a bar, a
    // share's base, `sum:`), unless it adds up an *exposed* withheld count: one that the
    // line totals alone give back, whatever else is withheld (a cell of a kind only part
    // of the table has). The guard refuses any figure over those, so their lines' totals
    // are never published. Every other line total is taken as published (more than the
    // guard allows: it also refuses a sum hiding one withheld count, or several under the
    // threshold), and with the published counts it may not give back any withheld count.
    let project = Project::charts();
    project.build_ok(&[]);
    let mut found = Vec::new();
    let mut all_exposed = Vec::new();
    let mut unpublished_lines = Vec::new();
    for &(name, dims, count) in DATA_PAGES {
        let rows = csv(&project, &format!("data/{name}.csv"));
        let body = &rows[1..];
        let all_lines = lines(body, dims);
        // Exposed: given back by the line totals with every count unknown (the rank test
        // of `disclosure::protect_cells_exposed`), and withheld.
        let every: Vec<usize> = (0..body.len()).collect();
        let exposed: Vec<usize> = given_back(&every, &all_lines)
            .into_iter()
            .filter(|&r| number(&body[r][count]).is_none())
            .collect();
        let (blocked, published): (Vec<Vec<usize>>, Vec<Vec<usize>>) = all_lines
            .into_iter()
            .partition(|line| line.iter().any(|r| exposed.contains(r)));
        let withheld: Vec<usize> = (0..body.len())
            .filter(|&r| number(&body[r][count]).is_none())
            .collect();
        for r in given_back(&withheld, &published) {
            found.push(format!("data/{name}.csv: {:?}", body[r]));
        }
        all_exposed.extend(
            exposed
                .iter()
                .map(|&r| format!("{name}: {}", body[r][..count].join(" "))),
        );
        unpublished_lines.extend(blocked.iter().map(|line| {
            let cells: Vec<String> = line.iter().map(|&r| body[r][..count].join(" ")).collect();
            format!("{name}: {}", cells.join(" + "))
        }));
    }
    assert!(
        found.is_empty(),
        "withheld counts that the publishable line totals give back:\n{}",
        found.join("\n")
    );
    // The check is not empty: the 2025 "Not classified" counts exist for EO (12) and SCS
    // (the planted 7) only, so the line totals alone give them back (EO's 2025 total less
    // EO's classified answers across the years plus its 2024 total; likewise at SCS).
    // Without leaving out their lines, both would be found.
    assert_eq!(
        all_exposed,
        [
            "workforce: 2025 EO Not classified",
            "workforce: 2025 SCS Not classified"
        ]
    );
    assert_eq!(
        unpublished_lines,
        [
            "workforce: 2025 EO Not classified + 2025 SCS Not classified",
            "workforce: 2025 EO Professional + 2025 EO Intermediate + 2025 EO Lower socio-economic + 2025 EO Not classified",
            "workforce: 2025 SCS Professional + 2025 SCS Intermediate + 2025 SCS Lower socio-economic + 2025 SCS Not classified",
        ]
    );
    // And the site really withholds those three totals, as stats an author could write.
    let project = Project::charts();
    for stat in [
        "  unclassified_2025: {data: workforce, where: {year: 2025, seb: Prefer not to say}, sum: count}",
        "  eo_2025: {data: workforce, where: {year: 2025, grade: EO}, sum: count}",
        "  scs_2025: {data: workforce, where: {year: 2025, grade: SCS}, sum: count}",
    ] {
        project.append("report.yaml", stat);
    }
    project.append(
        "who-gets-on.md",
        "Totals: {{ unclassified_2025 }}; {{ eo_2025 }}; {{ scs_2025 }}.",
    );
    project.build_ok(&[]);
    let on = text_of(&project.main("who-gets-on/index.html"));
    assert!(on.contains("Totals: [c]; [c]; [c]."), "{on}");
}

#[test]
fn the_planted_7_cannot_be_worked_out_from_stats_that_add_up_lines() {
    // Stats an author could well write, each adding up whole rows of the data page:
    // before exposed counts were guarded, 230 + 155 + 19 - 375 - 412 + 190 + 200 = 7.
    let project = Project::charts();
    for stat in [
        "  eo_professional: {data: workforce, where: {grade: EO, seb: professional}, sum: count}",
        "  eo_intermediate: {data: workforce, where: {grade: EO, seb: intermediate}, sum: count}",
        "  unclassified_2025: {data: workforce, where: {year: 2025, seb: Prefer not to say}, sum: count}",
        "  eo_2024: {data: workforce, where: {year: 2024, grade: EO}, sum: count}",
        "  eo_2025: {data: workforce, where: {year: 2025, grade: EO}, sum: count}",
    ] {
        project.append("report.yaml", stat);
    }
    project.append(
        "who-gets-on.md",
        "Sums: {{ eo_professional }}; {{ eo_intermediate }}; {{ unclassified_2025 }}; {{ eo_2024 }}; {{ eo_2025 }}.",
    );
    project.build_ok(&[]);
    let on = text_of(&project.main("who-gets-on/index.html"));
    let sums: Vec<Option<f64>> = between(&on, "Sums: ", ".")
        .trim_start_matches("Sums: ")
        .trim_end_matches('.')
        .split("; ")
        .map(number)
        .collect();
    // EO professional (110 + 120), EO intermediate (75 + 80) and EO in 2024 (110 + 75 +
    // 190) each hide two withheld counts adding up to 10 or more, none exposed: published.
    // The unclassified answers of 2025 (EO 12 + SCS 7) and EO in 2025 (with its 12) add
    // up exposed counts: withheld.
    assert_eq!(
        sums,
        [Some(230.0), Some(155.0), None, Some(375.0), None],
        "{on}"
    );
    // EO professional (both years) + EO intermediate (both years) + unclassified (2025,
    // EO and SCS) - EO 2024 - EO 2025 leaves SCS's unclassified answers less EO's lower
    // groups, which the data page publishes (190 and 200).
    let data = project.page("data/workforce.csv");
    assert!(data.contains("2024,EO,Lower socio-economic,190\r\n"));
    assert!(data.contains("2025,EO,Lower socio-economic,200\r\n"));
    if let [Some(a), Some(b), Some(c), Some(d), Some(e)] = sums[..] {
        assert_ne!(
            a + b + c - d - e + 190.0 + 200.0,
            7.0,
            "{a} + {b} + {c} - {d} - {e} + 190 + 200 gives the 7 who preferred not to say"
        );
    }
}

// Bugs found: each test shows one and is ignored until it is fixed.

#[test]
#[ignore = "bug: the guard checks each sum on its own, and a sum over several grades and groups (a `where:` with lists) less a smaller allowed sum gives back a withheld count: 342 - 185 - 150 = 7, the planted 2024 G7/G6 intermediate count"]
fn the_planted_7_cannot_be_worked_out_from_two_sums_over_several_grades() {
    // Two stats an author could write, each adding up whole rows of the data page and
    // hiding two or more withheld counts that add up to 10 or more (so the guard allows
    // each): in 2024, professional and intermediate staff at EO and G7/G6 (110 + 75 + 150
    // + 7), and at EO alone (110 + 75). Their difference is G7/G6's, of which the data
    // page publishes professional (150): what is left is the planted 7.
    let project = Project::charts();
    for stat in [
        "  two_grades: {data: workforce, where: {year: 2024, grade: [EO, G7/G6], seb: [professional, intermediate]}, sum: count}",
        "  eo_only: {data: workforce, where: {year: 2024, grade: EO, seb: [professional, intermediate]}, sum: count}",
    ] {
        project.append("report.yaml", stat);
    }
    project.append("who-gets-on.md", "Sums: {{ two_grades }}; {{ eo_only }}.");
    project.build_ok(&[]);
    let data = project.page("data/workforce.csv");
    assert!(data.contains("2024,G7/G6,Professional,150\r\n"), "{data}");
    assert!(data.contains("2024,G7/G6,Intermediate,[c]\r\n"), "{data}");
    let on = text_of(&project.main("who-gets-on/index.html"));
    let sums: Vec<Option<f64>> = between(&on, "Sums: ", ".")
        .trim_start_matches("Sums: ")
        .trim_end_matches('.')
        .split("; ")
        .map(number)
        .collect();
    assert_eq!(sums.len(), 2, "{on}");
    if let [Some(a), Some(b)] = sums[..] {
        assert_ne!(
            a - b - 150.0,
            7.0,
            "{a} - {b} - 150 gives the 7 G7/G6 intermediate staff of 2024"
        );
    }
}
