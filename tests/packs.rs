//! The progression checklist and the submission packs (FORMAT.md sections 9 and 10, issue
//! 5): what `checklist/index.html`, `checklist/action-plan.csv`,
//! `submissions/NAME/index.html`, `submissions/NAME.txt` and `submissions/index.html` say,
//! how words are counted, and every way an author can get them wrong.
//!
//! Everything is built from `tests/fixtures/packs` (see tests/fixtures/README.md) with
//! the real binary. `published` is 2025-10-01 there, so:
//! - next steps due 2025-09-15 are overdue, 2025-10-01 (the publication date) is not;
//! - the Employer Index deadline (2025-10-31) is 30 days away, the award deadline
//!   (2025-07-04) closed 89 days before publication (27 days of July after the 4th, 31 of
//!   August, 30 of September, 1 of October: 27 + 31 + 30 + 1 = 89).
//!
//! Word counts are worked out by hand in the comments next to them, never read back from
//! the program.

mod common;

use common::{Project, anchors, between, column_of, count, line_of, nav_links, text_of};

/// A copy of the packs fixture.
fn packs() -> Project {
    Project::fixture("packs")
}

/// A copy of the packs fixture, built, with nothing on stderr.
fn built() -> Project {
    let project = packs();
    project.build_ok(&[]).assert_quiet();
    project
}

/// Builds and expects exit status 1 with nothing written.
fn fails(project: &Project) -> common::Run {
    let run = project.build(&[]);
    run.assert_source_error();
    assert!(
        !project.out().exists(),
        "a failed first build must not create the output folder"
    );
    run
}

/// Runs `ladder check src`.
fn check(project: &Project) -> common::Run {
    project.run(&["check", "src"])
}

const EI: &str = "submissions/employer-index.yaml";
const EI_PAGE: &str = "submissions/employer-index/index.html";
const AWARD_PAGE: &str = "submissions/award/index.html";
const CHECKLIST_PAGE: &str = "checklist/index.html";

/// The `<table class="CLASS" …>…</table>` of a page.
fn table<'a>(html: &'a str, class: &str) -> &'a str {
    between(html, &format!("<table class=\"{class}\""), "</table>")
}

/// The rows of a table (or part of one), each as the text of its cells (`th` and `td`).
fn rows(html: &str) -> Vec<Vec<String>> {
    html.split("<tr")
        .skip(1)
        .map(|row| {
            let row = &row[..row.find("</tr>").unwrap_or(row.len())];
            cells(row).into_iter().map(|c| text_of(&c)).collect()
        })
        .collect()
}

/// The cells (`<th …>…</th>` and `<td …>…</td>`, tags included) of one table row.
fn cells(row: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = row;
    loop {
        let next = ["<th", "<td"]
            .iter()
            .filter_map(|t| {
                rest.match_indices(t)
                    .find(|(i, m)| rest[i + m.len()..].starts_with([' ', '>']))
                    .map(|(i, _)| (i, *t))
            })
            .min();
        let Some((start, tag)) = next else {
            return found;
        };
        let close = format!("</{}>", &tag[1..]);
        let end = rest[start..]
            .find(&close)
            .map(|i| start + i + close.len())
            .expect("a cell is closed");
        found.push(rest[start..end].to_string());
        rest = &rest[end..];
    }
}

/// The body rows of a table (`<tbody>` only), as text.
fn body_rows(html: &str) -> Vec<Vec<String>> {
    html.split("<tbody>")
        .skip(1)
        .flat_map(|part| rows(&part[..part.find("</tbody>").unwrap_or(part.len())]))
        .collect()
}

/// The `<div class="submission-question">` of question `id` on a submission page.
fn question(html: &str, id: &str) -> String {
    let marker = format!("<h3 id=\"q-{id}\"");
    html.split("<div class=\"submission-question\">")
        .skip(1)
        .find(|part| part.trim_start().starts_with(&marker))
        .map(|part| {
            // The question ends where its section does, at the latest.
            part[..part.find("</section>").unwrap_or(part.len())].to_string()
        })
        .unwrap_or_else(|| panic!("question {id} is not on the page"))
}

/// The word-count line under question `id`: "31 of 300 words".
fn word_count(html: &str, id: &str) -> String {
    let block = question(html, id);
    let at = block
        .find("<p class=\"word-count")
        .unwrap_or_else(|| panic!("question {id} has no word count\n{block}"));
    text_of(between(&block[at..], "<p", "</p>"))
}

/// The text of an HTML fragment with every tag read as a space, for definition lists and
/// other blocks whose parts `text_of` would run together ("SchemeSocial…").
fn spaced(html: &str) -> String {
    text_of(&html.replace('<', " <"))
}

/// The SVG elements of an HTML fragment, in order.
fn svgs(html: &str) -> Vec<&str> {
    html.match_indices("<svg")
        .map(|(at, _)| between(&html[at..], "<svg", "</svg>"))
        .collect()
}

/// An SVG with every colour taken out: what is left is its shape.
fn shape_of(svg: &str) -> String {
    let mut out = String::new();
    let mut rest = svg;
    while let Some(at) = rest.find('#') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after
            .find(|c: char| !c.is_ascii_hexdigit())
            .unwrap_or(after.len());
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

// ---------------------------------------------------------------------------------------
// The fixture as it is

#[test]
fn the_fixture_builds_and_checks_without_a_single_diagnostic() {
    let project = built();
    let run = check(&project);
    run.assert_ok().assert_quiet();
    assert!(
        run.stdout.contains("0 errors, 0 warnings"),
        "check ends with the count\n{}",
        run.stdout
    );
    for file in [
        CHECKLIST_PAGE,
        "checklist/action-plan.csv",
        EI_PAGE,
        "submissions/employer-index.txt",
        AWARD_PAGE,
        "submissions/award.txt",
        "submissions/index.html",
    ] {
        assert!(project.has(file), "{file} is built");
    }
}

// ---------------------------------------------------------------------------------------
// The checklist page

#[test]
fn checklist_summarises_each_area_in_words_and_numbers() {
    let project = built();
    let html = project.main(CHECKLIST_PAGE);
    assert!(html.contains(">Progression review</h1>"), "the title");
    // The lead: 7 questions; not yet 1 + 2, limited 2 + 0, active 1 + 1.
    assert!(
        html.contains("7 questions in 2 areas: 3 not yet, 2 limited and 2 active."),
        "the summary sentence\n{html}"
    );

    let summary = table(&html, "checklist-summary");
    assert!(summary.contains("<caption>Number of questions in each area by status</caption>"));
    let all = rows(summary);
    assert_eq!(
        all[0],
        ["Area", "Not yet", "Limited", "Active", "Questions"],
        "the columns name each status in words"
    );
    assert_eq!(all[1], ["Leadership and culture", "1", "2", "1", "4"]);
    assert_eq!(all[2], ["Development and sponsorship", "2", "0", "1", "3"]);
    assert_eq!(all[3], ["All areas", "3", "2", "2", "7"]);
    assert_eq!(all.len(), 4);

    // The chart says the same in words, for people who cannot see it.
    let chart = between(&html, "<figure class=\"checklist-chart\">", "</figure>");
    assert!(chart.contains("role=\"img\""), "{chart}");
    let desc = text_of(between(chart, "<desc", "</desc>"));
    for words in [
        "Leadership and culture: 1 not yet (red), 2 limited (amber), 1 active (green)",
        "Development and sponsorship: 2 not yet (red), 0 limited (amber), 1 active (green)",
    ] {
        assert!(
            desc.contains(words),
            "the chart describes {words:?}\n{desc}"
        );
    }
}

#[test]
fn checklist_status_is_shown_with_words_and_a_shape_never_colour_alone() {
    let project = built();
    let html = project.main(CHECKLIST_PAGE);

    // The key: each level with its words, its colour named in words, and an icon.
    let key = between(&html, "<dl class=\"status-key\">", "</dl>");
    let items: Vec<&str> = key
        .split("<div class=\"status-key__item\">")
        .skip(1)
        .collect();
    assert_eq!(items.len(), 3, "{key}");
    let expected = [
        ("Not yet", "(red)", "Not something we do yet"),
        ("Limited", "(amber)", "We do something, but it is limited"),
        ("Active", "(green)", "We actively do this"),
    ];
    let mut shapes = Vec::new();
    for (item, (label, colour, meaning)) in items.iter().zip(expected) {
        let text = spaced(item);
        assert_eq!(text, format!("{label} {colour} {meaning}"), "{item}");
        let icons = svgs(item);
        assert_eq!(icons.len(), 1, "one icon per level\n{item}");
        assert!(
            icons[0].contains("aria-hidden=\"true\""),
            "the icon is decorative: the words carry the meaning"
        );
        shapes.push(shape_of(icons[0]));
    }
    assert!(
        shapes[0] != shapes[1] && shapes[1] != shapes[2] && shapes[0] != shapes[2],
        "the three icons differ in shape, not only in colour\n{shapes:#?}"
    );

    // In the full table every status cell has its words and the icon of its level.
    let full = table(&html, "checklist-table");
    let mut seen = 0;
    for row in full.split("<tr").skip(1) {
        let cells = cells(row);
        if cells.len() != 5 || row.contains("scope=\"col\"") {
            continue; // the header row, or an area's heading row
        }
        let status = &cells[1];
        let label = text_of(status);
        let level = expected
            .iter()
            .position(|(l, _, _)| *l == label)
            .unwrap_or_else(|| panic!("status {label:?} is one of the three, in words"));
        let icons = svgs(status);
        assert_eq!(icons.len(), 1, "{status}");
        assert_eq!(shape_of(icons[0]), shapes[level], "{status}");
        seen += 1;
    }
    assert_eq!(seen, 7, "every question has a status");
}

#[test]
fn checklist_full_table_has_a_caption_and_scoped_headers() {
    let project = built();
    let html = project.main(CHECKLIST_PAGE);
    let full = table(&html, "checklist-table");
    assert!(full.contains("<caption>Every question, its status and next step</caption>"));
    for table_class in ["checklist-summary", "checklist-table", "next-steps"] {
        let t = table(&html, table_class);
        let ths = t.matches("<th").count() - t.matches("<thead").count();
        let scoped = count(t, "<th scope=\"");
        assert_eq!(
            ths, scoped,
            "every header cell of {table_class} has a scope\n{t}"
        );
    }
    let all = rows(full);
    assert_eq!(all[0], ["Question", "Status", "Next step", "Owner", "Due"]);
    // Areas are row groups; questions are row headers, in the order of the file.
    assert!(full.contains(
        "<th scope=\"rowgroup\" colspan=\"5\" id=\"area-leadership-and-culture\">Leadership and culture</th>"
    ));
    assert!(
        full.contains(
            "<th scope=\"row\">Do you use data to inform your progression strategy?</th>"
        )
    );
    assert_eq!(
        all[1..],
        [
            vec!["Leadership and culture"],
            vec![
                "Do you use data to inform your progression strategy?",
                "Limited",
                "Add grade-by-background figures to the quarterly people report",
                "HR data team",
                "1 December 2025",
            ],
            vec![
                "Do senior leaders talk about socio-economic background?",
                "Not yet",
                "Brief the board, then the directors, on the &quot;belonging&quot; results",
                "Director of People",
                "15 September 2025 Overdue",
            ],
            vec![
                "Do you publish your progression data?",
                "Active",
                "None given",
                "None given",
                "None given",
            ],
            vec![
                "Do you set targets for progression?",
                "Limited",
                "Agree targets with the network",
                "Network chair",
                "None given",
            ],
            vec!["Development and sponsorship"],
            vec![
                "Is there a sponsorship programme?",
                "Not yet",
                "Pilot a sponsorship scheme in two directorates",
                "Talent team",
                "1 October 2025",
            ],
            vec![
                "Are development opportunities advertised openly?",
                "Active",
                "Publish the list of stretch assignments",
                "Learning team",
                "31 March 2026",
            ],
            vec![
                "Do line managers get training on background?",
                "Not yet",
                "None given",
                "None given",
                "None given",
            ],
        ]
    );
}

#[test]
fn next_steps_are_sorted_by_due_date_and_only_those_due_before_publication_are_overdue() {
    let project = built();
    let html = project.main(CHECKLIST_PAGE);
    let steps = table(&html, "next-steps");
    assert!(steps.contains("<caption>Next steps by due date</caption>"));
    let all = rows(steps);
    assert_eq!(all[0], ["Due", "Next step", "Owner", "Question", "Status"]);
    let due: Vec<&str> = all[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        due,
        [
            // Due before 1 October 2025: overdue.
            "15 September 2025 Overdue",
            // Due on the publication date: not overdue.
            "1 October 2025",
            "1 December 2025",
            "31 March 2026",
            // No due date: last.
            "No date set",
        ],
        "sorted by due date, soonest first, and not in the order of the file"
    );
    let next: Vec<&str> = all[1..].iter().map(|r| r[1].as_str()).collect();
    assert_eq!(
        next,
        [
            "Brief the board, then the directors, on the &quot;belonging&quot; results",
            "Pilot a sponsorship scheme in two directorates",
            "Add grade-by-background figures to the quarterly people report",
            "Publish the list of stretch assignments",
            "Agree targets with the network",
        ]
    );
    assert_eq!(
        all[1][3],
        "Do senior leaders talk about socio-economic background? (Leadership and culture)"
    );
    // Overdue in words (and a class for styling), on the one overdue row only.
    assert_eq!(count(steps, "Overdue"), 1, "{steps}");
    assert_eq!(count(steps, "next-steps__row--overdue"), 1);
    let overdue_row = between(steps, "<tr class=\"next-steps__row--overdue\">", "</tr>");
    assert!(
        overdue_row.contains("datetime=\"2025-09-15\""),
        "{overdue_row}"
    );
    assert!(
        text_of(&html).contains(
            "5 next steps by due date, soonest first. On the publication date, 1 October 2025, 1 was overdue"
        ),
        "the overdue count in words"
    );
    assert!(
        html.contains("<a href=\"action-plan.csv\" download>"),
        "the CSV is linked"
    );
}

#[test]
fn action_plan_csv_has_a_header_sorted_rows_and_an_overdue_column() {
    let project = built();
    let csv = project.page("checklist/action-plan.csv");
    let expected = [
        "Question,Area,Next step,Owner,Due,Status,Overdue",
        "Do senior leaders talk about socio-economic background?,Leadership and culture,\"Brief the board, then the directors, on the \"\"belonging\"\" results\",Director of People,2025-09-15,Not yet,yes",
        "Is there a sponsorship programme?,Development and sponsorship,Pilot a sponsorship scheme in two directorates,Talent team,2025-10-01,Not yet,no",
        "Do you use data to inform your progression strategy?,Leadership and culture,Add grade-by-background figures to the quarterly people report,HR data team,2025-12-01,Limited,no",
        "Are development opportunities advertised openly?,Development and sponsorship,Publish the list of stretch assignments,Learning team,2026-03-31,Active,no",
        "Do you set targets for progression?,Leadership and culture,Agree targets with the network,Network chair,,Limited,",
    ];
    assert_eq!(csv, format!("{}\r\n", expected.join("\r\n")));
}

#[test]
fn without_a_published_date_no_step_is_overdue_and_no_deadline_is_counted_down() {
    let project = packs();
    project.replace("report.yaml", "published: 2025-10-01\n", "");
    project.build_ok(&[]).assert_quiet();
    let html = project.main(CHECKLIST_PAGE);
    assert!(!html.contains("Overdue"), "nothing is flagged");
    assert!(!html.contains("publication date"), "{html}");
    let csv = project.page("checklist/action-plan.csv");
    for line in csv.lines().skip(1) {
        assert!(line.ends_with(','), "the Overdue column is empty: {line}");
    }
    let entry = project.main(EI_PAGE);
    assert!(entry.contains("31 October 2025"));
    assert!(
        !entry.contains("remaining"),
        "no days without a published date"
    );
}

// ---------------------------------------------------------------------------------------
// Checklist errors

#[test]
fn unknown_checklist_key_is_an_error_with_the_nearest_key_and_its_line() {
    let project = packs();
    let line = project.replace(
        "checklist.yaml",
        "        owner: Talent team",
        "        ownr: Talent team",
    );
    fails(&project)
        .assert_place_col("checklist.yaml", line, 9)
        .assert_stderr("unknown key `ownr`")
        .assert_stderr("did you mean `owner`");
    check(&project)
        .assert_source_error()
        .assert_place("checklist.yaml", line);
}

#[test]
fn unknown_top_level_checklist_key_is_reported_once() {
    let project = packs();
    let line = project.replace("checklist.yaml", "areas:", "areaz:");
    let run = fails(&project);
    run.assert_place("checklist.yaml", line)
        .assert_stderr("did you mean `areas`");
    assert_eq!(
        count(&run.stderr, "error:"),
        1,
        "a misspelt key is not also reported as missing\n{}",
        run.stderr
    );
}

#[test]
fn bad_checklist_status_is_an_error_at_its_line_with_the_fix() {
    let project = packs();
    let line = project.replace(
        "checklist.yaml",
        "status: none\n        next_step: Pilot",
        "status: red\n        next_step: Pilot",
    );
    let col = column_of(&project.source("checklist.yaml"), "red\n");
    fails(&project)
        .assert_place_col("checklist.yaml", line, col)
        .assert_stderr("`status: red` is not one of the checklist's statuses")
        .assert_stderr("`status: none`");

    let project = packs();
    let line = project.replace(
        "checklist.yaml",
        "status: active\n        next_step",
        "status: activ\n        next_step",
    );
    fails(&project)
        .assert_place("checklist.yaml", line)
        .assert_stderr("did you mean `active`");
}

#[test]
fn bad_due_date_is_an_error_at_its_line() {
    for bad in ["1 December 2025", "2025-02-30", "2025-13-01"] {
        let project = packs();
        let line = project.replace("checklist.yaml", "due: 2025-12-01", &format!("due: {bad}"));
        fails(&project)
            .assert_place_col("checklist.yaml", line, 14)
            .assert_stderr(&format!("`due: {bad}` is not a date"))
            .assert_stderr("year-month-day");
        check(&project)
            .assert_source_error()
            .assert_place("checklist.yaml", line);
    }
}

// ---------------------------------------------------------------------------------------
// A submission page

#[test]
fn submission_page_shows_scheme_deadline_prompts_and_rendered_answers() {
    let project = built();
    let html = project.main(EI_PAGE);
    assert!(html.contains(">Social Mobility Employer Index 2025</h1>"));
    let facts = spaced(between(&html, "<dl class=\"submission-facts\">", "</dl>"));
    assert_eq!(
        facts,
        "Scheme Social Mobility Employer Index 2025 \
         Deadline 31 October 2025 (30 days remaining at publication) \
         Answered 3 of 4 questions"
    );
    assert!(html.contains("<time datetime=\"2025-10-31\">31 October 2025</time>"));

    // Sections and prompts, in the order of the file.
    let headings: Vec<String> = html
        .split("<h2 id=\"s-")
        .skip(1)
        .map(|h| text_of(&h[h.find('>').unwrap() + 1..h.find("</h2>").unwrap()]))
        .collect();
    assert_eq!(
        headings,
        [
            "Data collection",
            "Progressing talent",
            "Outreach with schools"
        ]
    );
    let dc1 = question(&html, "dc1");
    assert!(dc1.contains(
        "<h3 id=\"q-dc1\"><span class=\"submission-question__id\">Question dc1:</span> How do you collect socio-economic data from applicants and staff?</h3>"
    ));

    // The answer file, rendered from markdown, its heading below the question's.
    assert!(
        dc1.contains("<h4 id=\"q-dc1-how-we-ask\">How we ask</h4>"),
        "{dc1}"
    );
    assert!(dc1.contains("We ask <strong>every</strong> new starter the <em>main</em> question"));
    assert!(dc1.contains("<li>Socio-economic background is one question.</li>"));
    assert!(
        dc1.contains(
            "<a href=\"https://www.socialmobility.org.uk/\">Social Mobility Commission</a>"
        )
    );
    // The inline answer, rendered too.
    let dc2 = question(&html, "dc2");
    assert!(dc2.contains("<strong>eight in ten</strong>"), "{dc2}");
    assert!(!html.contains("**"), "no markdown left on the page");
    // A question without an answer says so.
    let yp1 = question(&html, "yp1");
    assert!(yp1.contains("Not answered yet."), "{yp1}");

    // The text export is linked from the page.
    let links = anchors(&html);
    assert!(
        links.iter().any(|a| a.href == "../employer-index.txt"
            && a.text.contains("Download all the answers as plain text")),
        "{links:#?}"
    );
}

#[test]
fn word_counts_under_answers_match_counts_made_by_hand() {
    let project = built();
    let html = project.main(EI_PAGE);
    // answers/dc1.md:
    //   "How we ask" 3
    //   "We ask every new starter the main question from the Social Mobility Commission
    //    toolkit." 14 (the link's address is not a word)
    //   "Socio-economic background is one question." 5 (list marker not a word)
    //   "We ask at offer stage." 5
    //   "See who gets in." 4
    // 3 + 14 + 5 + 5 + 4 = 31
    assert_eq!(word_count(&html, "dc1"), "31 of 300 words");
    // "Most staff have answered: eight in ten of them, up from six in ten." 14
    assert_eq!(word_count(&html, "dc2"), "14 of 40 words");
    // answers/pt1.md: "Our well-being and socio-economic programme reached 3,500 staff,
    // 12.5% of the workforce — see https://example.org/report for details." 16: the lone
    // dash is not a word; the hyphenated words, numbers and the address are one each.
    assert_eq!(word_count(&html, "pt1"), "16 of 200 words");
    assert_eq!(word_count(&html, "yp1"), "0 of 150 words");

    let award = project.main(AWARD_PAGE);
    // "Our network brings together staff from every background." 8
    assert_eq!(word_count(&award, "summary"), "8 of 200 words");
}

#[test]
fn evidence_links_become_relative_page_urls_with_anchors() {
    let project = built();
    let html = project.main(EI_PAGE);
    let dc1 = question(&html, "dc1");
    let evidence = between(&dc1, "<ul class=\"evidence\">", "</ul>");
    let links: Vec<(String, String)> = anchors(evidence)
        .into_iter()
        .map(|a| (a.text, a.href))
        .collect();
    assert_eq!(
        links,
        [
            (
                "Who gets in: Applicants".to_string(),
                "../../who-gets-in/index.html#applicants".to_string()
            ),
            (
                "Who gets on".to_string(),
                "../../who-gets-on/index.html".to_string()
            ),
        ]
    );
    let pt1 = question(&html, "pt1");
    assert!(
        pt1.contains(
            "<a href=\"../../who-gets-on/index.html#promotion\">Who gets on: Promotion</a>"
        )
    );
    // A link inside an answer file is relative to that file, and rewritten the same way.
    assert!(dc1.contains("<a href=\"../../who-gets-in/index.html#applicants\">who gets in</a>"));
    // Every target exists, with its anchor.
    for link in anchors(&html) {
        let Some(rel) = link.href.strip_prefix("../../") else {
            continue;
        };
        let (file, anchor) = rel.split_once('#').unwrap_or((rel, ""));
        assert!(project.has(file), "{file} exists");
        if !anchor.is_empty() {
            assert!(
                project.page(file).contains(&format!("id=\"{anchor}\"")),
                "{file} has #{anchor}"
            );
        }
    }
    assert!(!html.contains(".md\""), "no link to a source file is left");
}

#[test]
fn employer_index_coverage_table_shows_which_areas_have_an_answer() {
    let project = built();
    let html = project.main(EI_PAGE);
    assert!(html.contains("<h2 id=\"coverage\">Employer Index areas covered</h2>"));
    let coverage = table(&html, "submission-coverage");
    assert!(
        coverage
            .contains("<caption>Which areas of the Employer Index this entry answers</caption>")
    );
    assert!(coverage.contains("<th scope=\"col\">Index area</th>"));
    assert!(coverage.contains("<th scope=\"row\">Data collection</th>"));
    assert_eq!(
        body_rows(coverage),
        [
            [
                "Work with young people",
                "Outreach with schools",
                "Not answered yet"
            ],
            ["Routes into the employer", "None", "No section"],
            ["Attraction", "None", "No section"],
            ["Recruitment and selection", "None", "No section"],
            ["Data collection", "Data collection", "Answered"],
            [
                "Progression, culture and experienced hires",
                "Progressing talent",
                "Answered"
            ],
            ["Advocacy", "None", "No section"],
        ]
    );
    // Covered or not is said in words and with the checklist's icons.
    assert_eq!(svgs(coverage).len(), 7);
    assert!(text_of(&html).contains("2 of the 7 written areas of the Index have an answer."));
    assert!(coverage.contains("<a href=\"#s-progressing-talent\">Progressing talent</a>"));
}

#[test]
fn award_entry_lists_its_sections_and_its_closed_deadline() {
    let project = built();
    let html = project.main(AWARD_PAGE);
    assert!(html.contains(">Network of the Year 2025</h1>"));
    assert!(spaced(&html).contains("Deadline 4 July 2025 (closed 89 days before publication)"));
    assert!(html.contains("deadline--closed"));
    assert!(html.contains("<h2 id=\"coverage\">Sections answered</h2>"));
    assert!(
        !html.contains("Employer Index"),
        "not an Employer Index entry"
    );
    let coverage = table(&html, "submission-coverage");
    assert_eq!(
        body_rows(coverage),
        [
            ["Summary", "1", "1", "8", "None"],
            ["The problem", "1", "1", "8", "None"],
            ["The activity", "1", "0", "0", "None"],
            ["Stakeholders", "1", "0", "0", "None"],
            ["Outcomes and impact", "1", "0", "0", "None"],
        ]
    );
}

#[test]
fn deadline_on_the_publication_date_or_one_day_after_is_said_in_words() {
    for (deadline, words) in [
        ("2025-10-01", "(closes on the publication date)"),
        ("2025-10-02", "(1 day remaining at publication)"),
        ("2025-09-30", "(closed 1 day before publication)"),
        ("2026-10-01", "(365 days remaining at publication)"),
    ] {
        let project = packs();
        project.replace(EI, "deadline: 2025-10-31", &format!("deadline: {deadline}"));
        project.build_ok(&[]).assert_quiet();
        let html = project.main(EI_PAGE);
        assert!(
            text_of(&html).contains(words),
            "deadline {deadline}: {words}\n{}",
            between(&html, "<dl", "</dl>")
        );
        assert!(
            text_of(&project.main("submissions/index.html")).contains(words),
            "the list of entries says it too"
        );
    }
}

#[test]
fn submissions_index_lists_every_entry() {
    let project = built();
    let html = project.main("submissions/index.html");
    let links: Vec<(String, String)> =
        anchors(between(&html, "<ul class=\"submission-list\">", "</ul>"))
            .into_iter()
            .map(|a| (a.text, a.href))
            .collect();
    assert_eq!(
        links,
        [
            (
                "Network of the Year 2025".to_string(),
                "award/index.html".to_string()
            ),
            (
                "Social Mobility Employer Index 2025".to_string(),
                "employer-index/index.html".to_string()
            ),
        ]
    );
    let text = text_of(&html);
    assert!(text.contains(
        "2 of 5 questions answered. Deadline: 4 July 2025 (closed 89 days before publication)."
    ));
    assert!(text.contains(
        "3 of 4 questions answered. Deadline: 31 October 2025 (30 days remaining at publication)."
    ));
}

// ---------------------------------------------------------------------------------------
// Word counting through the real build

#[test]
fn word_count_edge_cases_through_the_real_build() {
    // (id, markdown, words counted by hand)
    let cases: &[(&str, &str, usize)] = &[
        // A hyphenated word is one word.
        ("hyphen", "socio-economic well-being", 2),
        // A number is one word, whatever its punctuation.
        ("numbers", "3,500 staff, 12.5% of them", 5),
        ("money", "£6,287 and +2.1", 3),
        // Joined by a slash or an unspaced dash: one word.
        ("joined", "2024–25 and/or", 2),
        // A web address is one word, bare or in <…>.
        ("url", "See https://example.org/a/b?x=1 now", 3),
        ("autolink", "Visit <https://example.org/jobs> today", 3),
        // Markdown syntax is not counted: heading marks, emphasis, a link's address.
        (
            "markdown",
            "## Heading\n\n**Bold** and _italic_ text with a [link to page](https://example.org/long/path)",
            10,
        ),
        ("emphasis", "***very*** ~~old~~ new", 3),
        // Bullets are not words; the numbers of a numbered list are (they are pasted).
        ("lists", "- one\n- two\n\n1. three\n2. four", 6),
        // Lone dashes and an ampersand are not words.
        ("dashes", "A – B — C & D - E", 5),
        ("quote", "> quoted words here", 3),
        ("code", "`code` text", 2),
        // Table pipes and the delimiter row are not words.
        ("table", "| Year | Staff |\n|---|---|\n| 2025 | 3,500 |", 4),
    ];
    let mut yaml =
        String::from("scheme: Word counting\nsections:\n  - title: Edge cases\n    questions:\n");
    for (id, markdown, _) in cases {
        yaml.push_str(&format!(
            "      - id: {id}\n        prompt: Edge case {id}\n        word_limit: 100\n        answer: |\n"
        ));
        for line in markdown.lines() {
            yaml.push_str(&format!("          {line}\n"));
        }
    }
    let project = packs();
    project.write("submissions/words.yaml", yaml);
    project.build_ok(&[]).assert_quiet();
    let html = project.main("submissions/words/index.html");
    let wrong: Vec<String> = cases
        .iter()
        .filter_map(|(id, markdown, words)| {
            let got = word_count(&html, id);
            let want = format!("{words} of 100 words");
            (got != want).then(|| format!("{id} ({markdown:?}): {got}, expected {want}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The plain-text export counts the same.
    let text = project.page("submissions/words.txt");
    for (id, _, words) in cases {
        assert!(
            text.contains(&format!(
                "Question {id}: Edge case {id}\nWord count: {words} of 100 words\n"
            )),
            "{id} in the export\n{text}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Over the limit: a warning in build, an error in check

#[test]
fn over_limit_answer_is_a_warning_in_build_and_an_error_in_check() {
    let project = packs();
    // dc1 (an answer file) has 31 words: 11 over a limit of 20.
    project.replace(EI, "word_limit: 300", "word_limit: 20");
    // dc2 (inline) has 14 words: 4 over a limit of 10.
    project.replace(EI, "word_limit: 40", "word_limit: 10");
    let dc2_line = line_of(&project.source(EI), "answer: \"Most staff");
    // And one unrelated warning: an owner without a next step, at the item's line.
    project.replace(
        "checklist.yaml",
        "status: active\n      - question: Do you set",
        "status: active\n        owner: Comms team\n      - question: Do you set",
    );
    let warn_line = line_of(
        &project.source("checklist.yaml"),
        "- question: Do you publish your progression data?",
    );

    let build = project.build(&[]);
    build.assert_ok();
    assert!(
        build.stdout.contains("with 3 warnings"),
        "the summary counts the warnings\n{}",
        build.stdout
    );
    build
        .assert_stderr("warning: the answer to question `dc1` has 31 words, 11 words over its limit of 20 words")
        .assert_stderr("--> answers/dc1.md")
        .assert_stderr("warning: the answer to question `dc2` has 14 words, 4 words over its limit of 10 words")
        .assert_place(EI, dc2_line)
        .assert_place("checklist.yaml", warn_line);
    assert!(!build.stderr.contains("error:"), "{}", build.stderr);

    // The page flags it in words.
    let html = project.main(EI_PAGE);
    let dc1 = question(&html, "dc1");
    assert!(
        text_of(&dc1).contains("Over the word limit: 31 of 20 words, 11 words too many."),
        "{dc1}"
    );
    assert!(
        spaced(&html).contains("Over the word limit 2 answers"),
        "in the facts"
    );
    assert!(
        project
            .page("submissions/employer-index.txt")
            .contains("Word count: 31 of 20 words (over the limit by 11 words)")
    );

    let fresh = packs();
    fresh.write(EI, project.source(EI));
    fresh.write("checklist.yaml", project.source("checklist.yaml"));
    let run = check(&fresh);
    run.assert_source_error()
        .assert_stderr(
            "error: the answer to question `dc1` has 31 words, 11 words over its limit of 20 words",
        )
        .assert_stderr("--> answers/dc1.md")
        .assert_stderr(
            "error: the answer to question `dc2` has 14 words, 4 words over its limit of 10 words",
        )
        .assert_place(EI, dc2_line)
        .assert_stderr("cut at least 11 words");
    assert!(
        run.stdout.contains("2 errors, 1 warning"),
        "check ends with the counts\n{}",
        run.stdout
    );
    assert!(!fresh.out().exists(), "check writes nothing");
}

#[test]
fn an_answer_exactly_at_its_limit_is_not_over() {
    let project = packs();
    project.replace(EI, "word_limit: 300", "word_limit: 31");
    project.build_ok(&[]).assert_quiet();
    check(&project).assert_ok().assert_quiet();
    assert_eq!(word_count(&project.main(EI_PAGE), "dc1"), "31 of 31 words");
}

// ---------------------------------------------------------------------------------------
// Submission errors

#[test]
fn missing_answer_file_is_an_error_at_its_line() {
    let project = packs();
    project.remove("answers/pt1.md");
    let text = project.source(EI);
    let line = line_of(&text, "answer: answers/pt1.md");
    let col = column_of(&text, "answers/pt1.md");
    let run = fails(&project);
    run.assert_place_col(EI, line, col)
        .assert_stderr("the answer file answers/pt1.md does not exist");
    assert_eq!(count(&run.stderr, "error:"), 1, "{}", run.stderr);
    check(&project)
        .assert_source_error()
        .assert_place_col(EI, line, col);

    // A misspelt path suggests the nearest file.
    let project = packs();
    let line = project.replace(EI, "answer: answers/dc1.md", "answer: answers/dc2.md");
    fails(&project)
        .assert_place(EI, line)
        .assert_stderr("the answer file answers/dc2.md does not exist")
        .assert_stderr("did you mean `answers/dc1.md`?");
}

#[test]
fn evidence_link_to_a_missing_page_or_anchor_is_an_error_at_its_place() {
    let project = packs();
    let line = project.replace(EI, "who-gets-on.md]", "nowhere.md]");
    let col = column_of(&project.source(EI), "nowhere.md]");
    fails(&project)
        .assert_place_col(EI, line, col)
        .assert_stderr("nowhere.md, which is not a page of the report");

    let project = packs();
    let line = project.replace(EI, "who-gets-on.md#promotion", "who-gets-on.md#promotions");
    let col = column_of(&project.source(EI), "who-gets-on.md#promotions");
    fails(&project)
        .assert_place_col(EI, line, col)
        .assert_stderr("`#promotions`, which is not a heading on who-gets-on.md")
        .assert_stderr("#promotion");
    check(&project).assert_source_error().assert_place(EI, line);
}

#[test]
fn broken_link_in_an_answer_is_an_error_in_its_own_file() {
    let project = packs();
    let line = project.replace(
        "answers/dc1.md",
        "(../who-gets-in.md#applicants)",
        "(../who-gets-in.md#applicant)",
    );
    fails(&project)
        .assert_place("answers/dc1.md", line)
        .assert_stderr("did you mean `#applicants`?");

    // In an inline answer: the line of the answer in the submission file.
    let project = packs();
    let line = project.replace(
        EI,
        "up from six in ten.",
        "up from [six in ten](nowhere.md).",
    );
    fails(&project)
        .assert_place(EI, line)
        .assert_stderr("nowhere.md, which is not a page of the report");
}

#[test]
fn stats_cannot_be_used_in_answers_so_nothing_can_escape_disclosure_control() {
    // The stat works in a page (120 + 60 + 80 = 260)...
    let project = built();
    assert!(
        project
            .main("index.html")
            .contains("260 people answered the survey.")
    );

    // ...but not in an answer file...
    let project = packs();
    let line = project.append("answers/pt1.md", "We reached {{ responses }} people.");
    let run = fails(&project);
    run.assert_place_col("answers/pt1.md", line, 12)
        .assert_stderr("`{{ responses }}` cannot be used here")
        .assert_stderr("only be used in pages");
    check(&project)
        .assert_source_error()
        .assert_place("answers/pt1.md", line);

    // ...nor in an inline answer, even a multi-line one.
    let project = packs();
    project.replace(
        "submissions/award.yaml",
        "        answer: Few staff from lower backgrounds reached senior grades.\n",
        "        answer: |\n          Few staff from lower backgrounds reached senior grades.\n\n          We counted {{ responses }} of them.\n",
    );
    let line = line_of(&project.source("submissions/award.yaml"), "{{ responses }}");
    fails(&project)
        .assert_place("submissions/award.yaml", line)
        .assert_stderr("`{{ responses }}` cannot be used here");
}

// ---------------------------------------------------------------------------------------
// The plain-text export

#[test]
fn text_export_has_prompts_word_counts_and_answers_as_plain_text() {
    let project = built();
    let text = project.page("submissions/employer-index.txt");
    for markdown in ["**", "#", "](", "<", "_main_", "*main*", "- Socio"] {
        assert!(
            !text.contains(markdown),
            "no {markdown:?} in the export\n{text}"
        );
    }
    let expected_start = "Social Mobility Employer Index 2025\nDeadline: 31 October 2025\n3 of 4 questions answered.";
    assert!(text.starts_with(expected_start), "{text}");
    for part in [
        "Section 1: Data collection\n",
        "Question dc1: How do you collect socio-economic data from applicants and staff?\nWord count: 31 of 300 words\n",
        "\nHow we ask\n",
        "\nWe ask every new starter the main question from the Social Mobility Commission toolkit.\n",
        "Socio-economic background is one question.\n",
        "\nSee who gets in.\n",
        "Question dc2: How many staff have answered?\nWord count: 14 of 40 words\n",
        "\nMost staff have answered: eight in ten of them, up from six in ten.\n",
        "Section 2: Progressing talent\n",
        "Word count: 16 of 200 words\n",
        "Our well-being and socio-economic programme reached 3,500 staff, 12.5% of the workforce — see https://example.org/report for details.",
        "Section 3: Outreach with schools\n",
        "Question yp1: How do you work with young people?\nWord count: 0 of 150 words\n\nNot answered yet.\n",
    ] {
        assert!(text.contains(part), "{part:?} is in the export\n{text}");
    }
    // Sections and questions in the order of the file.
    let order: Vec<usize> = [
        "Question dc1",
        "Question dc2",
        "Question pt1",
        "Question yp1",
    ]
    .iter()
    .map(|q| text.find(q).unwrap())
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");

    let award = project.page("submissions/award.txt");
    assert!(award.starts_with("Network of the Year 2025\nDeadline: 4 July 2025\n"));
    assert!(award.contains("Question summary: Summarise your entry.\nWord count: 8 of 200 words\n\nOur network brings together staff from every background.\n"));
}

// ---------------------------------------------------------------------------------------
// Answer files are not pages; search and print view

#[test]
fn answer_files_named_by_a_submission_are_not_built_as_pages() {
    let project = built();
    let files = project.output_files();
    let answers: Vec<&String> = files.keys().filter(|f| f.contains("answers")).collect();
    assert!(answers.is_empty(), "no answer page: {answers:?}");
    let home = project.page("index.html");
    let nav: Vec<String> = nav_links(&home, "Main")
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert!(
        !nav.iter()
            .any(|t| t.contains("How we ask") || t.contains("dc1")),
        "{nav:?}"
    );

    // An answer file no submission names is an ordinary page (and needs front matter).
    let project = packs();
    project.write(
        "answers/spare.md",
        "---\ntitle: A spare page\n---\n\nNot an answer.\n",
    );
    project.build_ok(&[]).assert_quiet();
    assert!(project.has("answers/spare/index.html"));
    assert!(!project.has("answers/dc1/index.html"));
}

#[test]
fn search_index_and_print_view_hold_the_pages_and_no_answer_file() {
    let project = built();
    let index = project.page("search/index.js");
    for url in [
        "\"../index.html\"",
        "\"../who-gets-in/index.html\"",
        "\"../who-gets-on/index.html\"",
    ] {
        assert!(index.contains(url), "{url} is searchable\n{index}");
    }
    assert!(
        index.contains("Outreach with schools"),
        "headings are indexed"
    );
    assert!(
        !index.contains("answers/"),
        "no answer file is a page\n{index}"
    );

    let print = project.main("print/index.html");
    for title in ["Social mobility at Example", "Who gets in", "Who gets on"] {
        assert!(
            print.contains(&format!(">{title}</h2>")),
            "{title} is in the print view"
        );
    }
    assert!(print.contains("260 people answered the survey."));
    assert!(
        !print.contains("answers/"),
        "no answer file in the print view"
    );
    assert!(
        !print.contains("How we ask"),
        "no answer file in the print view"
    );
}

// ---------------------------------------------------------------------------------------
// Navigation

#[test]
fn checklist_and_submissions_are_in_the_main_navigation() {
    let project = built();
    for (page, checklist, submissions) in [
        (
            "index.html",
            "checklist/index.html",
            "submissions/index.html",
        ),
        (
            "who-gets-in/index.html",
            "../checklist/index.html",
            "../submissions/index.html",
        ),
        (CHECKLIST_PAGE, "index.html", "../submissions/index.html"),
        (EI_PAGE, "../../checklist/index.html", "../index.html"),
        (
            "submissions/index.html",
            "../checklist/index.html",
            "index.html",
        ),
    ] {
        let nav = nav_links(&project.page(page), "Main");
        assert!(
            nav.contains(&("Checklist".to_string(), checklist.to_string())),
            "{page}: {nav:?}"
        );
        assert!(
            nav.contains(&("Submissions".to_string(), submissions.to_string())),
            "{page}: {nav:?}"
        );
    }
    // The checklist page marks itself as the current page.
    let checklist = project.page(CHECKLIST_PAGE);
    let link = anchors(between(&checklist, "aria-label=\"Main\"", "</nav>"))
        .into_iter()
        .find(|a| a.text == "Checklist")
        .unwrap();
    assert!(link.tag.contains("aria-current=\"page\""), "{}", link.tag);

    // Without the files, neither is in the navigation.
    let project = packs();
    project.remove("checklist.yaml");
    for file in ["employer-index.yaml", "award.yaml"] {
        project.remove(&format!("submissions/{file}"));
    }
    project.remove("answers/dc1.md");
    project.remove("answers/pt1.md");
    project.build_ok(&[]).assert_quiet();
    let nav = nav_links(&project.page("index.html"), "Main");
    assert!(
        !nav.iter()
            .any(|(t, _)| t == "Checklist" || t == "Submissions"),
        "{nav:?}"
    );
    assert!(!project.has(CHECKLIST_PAGE) && !project.has("submissions/index.html"));
}

// ---------------------------------------------------------------------------------------
// Known bugs

#[test]
fn search_index_lists_the_checklist_and_submission_pages() {
    let project = built();
    let index = project.page("search/index.js");
    for url in [
        "\"../checklist/index.html\"",
        "\"../submissions/index.html\"",
        "\"../submissions/employer-index/index.html\"",
        "\"../submissions/award/index.html\"",
    ] {
        assert!(index.contains(url), "{url} is searchable\n{index}");
    }
    let search = project.main("search/index.html");
    assert!(
        search.contains("checklist/index.html"),
        "without JavaScript the search page lists every page\n{search}"
    );
}

#[test]
fn submissions_link_is_not_this_page_on_an_entry_page() {
    let project = built();
    let html = project.page(EI_PAGE);
    let link = anchors(between(&html, "aria-label=\"Main\"", "</nav>"))
        .into_iter()
        .find(|a| a.text == "Submissions")
        .unwrap();
    assert!(
        !link.tag.contains("aria-current=\"page\""),
        "the entry page is inside Submissions (aria-current=\"true\"), not the list itself\n{}",
        link.tag
    );
}

#[test]
fn over_limit_hint_names_the_line_of_the_word_limit() {
    let project = packs();
    let line = project.replace(EI, "word_limit: 300", "word_limit: 20");
    let run = check(&project);
    run.assert_source_error().assert_stderr(&format!(
        "the limit is set on line {line} of submissions/employer-index.yaml"
    ));
}
