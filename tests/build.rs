//! `ladder build` on real report sources: what it writes, and what the pages say.
//!
//! Most tests build `tests/fixtures/full` (every page type, a glossary, static files, a
//! draft) in their own temporary folder and read the HTML. See `tests/fixtures/README.md`
//! for what each fixture page is there to exercise.

mod common;

use common::{
    Project, anchors, between, count, files_under, ids_of, main_of, nav_links, pager_link, text_of,
    urls,
};

const BASE_URL: &str = "https://intranet.example/sm-2025/";

/// The external links written in the fixture's markdown: the only absolute URLs a page may
/// hold besides its canonical link.
const EXTERNAL_LINKS: &[&str] = &[
    "https://www.gov.uk/government/organisations/social-mobility-commission",
    "https://www.socialmobility.org.uk/",
];

/// Every page of the full fixture (drafts left out) and where it is written.
const FULL_PAGES: &[&str] = &[
    "index.html",
    "who-gets-in/index.html",
    "who-gets-on/index.html",
    "apprenticeships/index.html",
    "about/index.html",
    "case-studies/index.html",
    "case-studies/mentoring/index.html",
    "case-studies/outreach/index.html",
    "network/index.html",
    "network/events/index.html",
    "network/committee/index.html",
    "glossary/index.html",
];

fn built_full() -> Project {
    let project = Project::full();
    project.build_ok(&[]).assert_quiet();
    project
}

// 1. Every page type, at the right path.

#[test]
fn full_report_writes_every_page_type_at_its_path() {
    let project = Project::full();
    let run = project.build_ok(&[]);
    run.assert_quiet();
    assert!(run.stdout.contains("Built"), "stdout: {}", run.stdout);
    for page in FULL_PAGES {
        assert!(project.has(page), "{page} was not written");
        let html = project.page(page);
        assert!(html.starts_with("<!DOCTYPE html>"), "{page} is not a page");
        assert!(html.contains("<html lang=\"en-GB\">"), "{page} has no lang");
    }
    for other in ["404.html", "sitemap.xml", "assets/ladder.css"] {
        assert!(project.has(other), "{other} was not written");
    }
    // Narrative pages never end up at `x.html` or `x/index.md`.
    assert!(!project.has("who-gets-in.html"));
    assert!(!project.has("who-gets-in/index.md"));
    // A page's source name decides its address, not its title.
    assert!(!project.has("getting-on/index.html"));
}

#[test]
fn each_page_type_uses_its_own_layout() {
    let project = built_full();
    for (page, kind) in [
        ("index.html", "home"),
        ("who-gets-in/index.html", "page"),
        ("case-studies/index.html", "section"),
        ("network/index.html", "section"),
        ("case-studies/mentoring/index.html", "case-study"),
        ("glossary/index.html", "glossary"),
        ("404.html", "404"),
    ] {
        let html = project.page(page);
        assert!(
            html.contains(&format!("class=\"kind-{kind}\"")),
            "{page} should use the {kind} layout"
        );
    }
}

#[test]
fn pages_show_title_summary_and_site_details() {
    let project = built_full();
    let html = project.page("who-gets-in/index.html");
    assert!(html.contains("<title>Who gets in – Social mobility at Example 2025</title>"));
    assert!(html.contains("<h1 class=\"page-title\">Who gets in</h1>"));
    assert!(html.contains(
        "<meta name=\"description\" content=\"Applications and appointments by socio-economic background.\">"
    ));
    assert!(html.contains("Department for Example"));
    // published: 2025-10-01, shown in words.
    assert!(html.contains("1 October 2025"));

    let home = project.page("index.html");
    assert!(home.contains("<title>Social mobility at Example 2025</title>"));
    assert!(home.contains("Social mobility at Example"));
    let main = main_of(&home);
    assert!(main.contains("This report looks at"));
}

#[test]
fn case_study_page_shows_every_case_study_key() {
    let project = built_full();
    let main = project.main("case-studies/mentoring/index.html");
    let text = text_of(&main);
    // organisation
    assert!(text.contains("Department for Example"), "{text}");
    // people, with their roles
    assert!(text.contains("Priya Shah, Network chair"), "{text}");
    assert!(text.contains("Tom Reid, Senior mentee"), "{text}");
    // figures: value and label
    assert!(
        text.contains("1 in 3 mentors promoted within a year"),
        "{text}"
    );
    assert!(text.contains("52 senior leaders took part"), "{text}");
    // lessons
    assert!(text.contains("Senior support matters"), "{text}");
    assert!(text.contains("Train the mentors too"), "{text}");
    // the body
    assert!(
        text.contains("paired 52 leaders with junior colleagues"),
        "{text}"
    );
    // tags link to their heading on the section page
    let tags: Vec<(String, String)> = anchors(&main)
        .into_iter()
        .filter(|a| a.href.contains("#tag-"))
        .map(|a| (a.text, a.href))
        .collect();
    assert_eq!(
        tags,
        [
            (
                "mentoring".to_string(),
                "../index.html#tag-mentoring".to_string()
            ),
            (
                "leadership".to_string(),
                "../index.html#tag-leadership".to_string()
            ),
        ]
    );

    let other = text_of(&project.main("case-studies/outreach/index.html"));
    assert!(other.contains("Example Academy Trust"));
    assert!(other.contains("Sam Okafor, Careers lead"));
    assert!(other.contains("180 students reached"));
    assert!(other.contains("Go where the students are"));
}

#[test]
fn section_page_lists_its_pages_and_tags() {
    let project = built_full();
    let main = project.main("case-studies/index.html");
    assert!(main.contains("Two programmes from this year."));
    // The section's pages, in weight order (outreach has weight 1, mentoring 2), with
    // organisation and summary.
    let listed: Vec<(String, String)> = anchors(&main)
        .into_iter()
        .filter(|a| !a.href.starts_with('#') && !a.tag.contains("rel="))
        .map(|a| (a.text, a.href))
        .collect();
    let outreach = (
        "Schools outreach".to_string(),
        "outreach/index.html".to_string(),
    );
    let mentoring = (
        "Reverse mentoring for leaders".to_string(),
        "mentoring/index.html".to_string(),
    );
    let first_outreach = listed
        .iter()
        .position(|l| *l == outreach)
        .expect("outreach listed");
    let first_mentoring = listed
        .iter()
        .position(|l| *l == mentoring)
        .expect("mentoring listed");
    assert!(first_outreach < first_mentoring, "{listed:?}");
    let text = text_of(&main);
    assert!(text.contains("Example Academy Trust"));
    assert!(text.contains("Careers days for students near our offices."));

    // Tag browsing without JavaScript: one heading per tag, A to Z, each with its pages.
    let tag_ids: Vec<String> = ids_of(&main, "<h3")
        .into_iter()
        .filter(|id| id.starts_with("tag-"))
        .collect();
    assert_eq!(tag_ids, ["tag-leadership", "tag-mentoring", "tag-outreach"]);
    for tag in ["leadership", "mentoring", "outreach"] {
        assert!(
            main.contains(&format!("href=\"#tag-{tag}\"")),
            "no link to tag {tag}"
        );
    }
    // The shared tag lists both case studies.
    let mentoring_group = between(&main, "id=\"tag-mentoring\"", "</ul>");
    let pages: Vec<String> = anchors(mentoring_group)
        .into_iter()
        .map(|a| a.href)
        .collect();
    assert_eq!(pages, ["outreach/index.html", "mentoring/index.html"]);
    let leadership_group = between(&main, "id=\"tag-leadership\"", "</ul>");
    let pages: Vec<String> = anchors(leadership_group)
        .into_iter()
        .map(|a| a.href)
        .collect();
    assert_eq!(pages, ["mentoring/index.html"]);
}

#[test]
fn folder_without_index_becomes_a_section_titled_after_it() {
    let project = built_full();
    let html = project.page("network/index.html");
    assert!(html.contains("<h1 class=\"page-title\">Network</h1>"));
    let hrefs: Vec<String> = anchors(&main_of(&html))
        .into_iter()
        .map(|a| a.href)
        .collect();
    assert!(
        hrefs.contains(&"committee/index.html".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"events/index.html".to_string()),
        "{hrefs:?}"
    );
}

#[test]
fn glossary_page_lists_terms_a_to_z_with_ids_abbreviations_and_see_also() {
    let project = built_full();
    let main = project.main("glossary/index.html");
    // A to Z (the source is not in that order), each term with its id.
    assert_eq!(
        ids_of(&main, "<dt"),
        [
            "free-school-meals",
            "reverse-mentoring",
            "social-mobility",
            "socio-economic-background",
        ]
    );
    // Letter headings, linked from the A to Z list.
    for letter in ["f", "r", "s"] {
        assert!(main.contains(&format!("id=\"letter-{letter}\"")));
        assert!(main.contains(&format!("href=\"#letter-{letter}\"")));
    }
    assert!(!main.contains("id=\"letter-a\""), "no terms start with A");
    // Abbreviations and aliases.
    let seb = between(&main, "id=\"socio-economic-background\"", "</dt>");
    assert!(seb.contains("SEB"), "{seb}");
    let fsm = between(&main, "id=\"free-school-meals\"", "</dt>");
    assert!(fsm.contains("FSM"), "{fsm}");
    let seb_entry = between(&main, "id=\"socio-economic-background\"", "</dl>");
    assert!(
        seb_entry.contains("socio-economic backgrounds"),
        "alias shown"
    );
    assert!(seb_entry.contains("The circumstances a person grew up in"));
    // See also: links to the other terms' entries on the same page.
    let see_also: Vec<(String, String)> = anchors(seb_entry)
        .into_iter()
        .map(|a| (a.text, a.href))
        .collect();
    assert_eq!(
        see_also,
        [
            (
                "Social mobility".to_string(),
                "#social-mobility".to_string()
            ),
            (
                "Free school meals".to_string(),
                "#free-school-meals".to_string()
            ),
        ]
    );
    // Definitions are not themselves glossary-linked.
    assert!(!main.contains("class=\"gloss\""));
}

#[test]
fn not_found_page_is_at_the_root_and_links_home() {
    // Without base_url, its links are relative to the root of the site.
    let project = Project::minimal();
    project.build_ok(&[]);
    let html = project.page("404.html");
    let hrefs: Vec<String> = anchors(&main_of(&html))
        .into_iter()
        .map(|a| a.href)
        .collect();
    assert!(hrefs.contains(&"index.html".to_string()), "{hrefs:?}");
    assert!(html.contains("href=\"assets/ladder.css\""));
}

#[test]
fn not_found_page_links_are_absolute_under_base_url() {
    // A web server shows 404.html for a missing address at any depth, so with base_url
    // set its links are absolute under it (themes/default/README.md).
    let project = built_full();
    let html = project.page("404.html");
    let hrefs: Vec<String> = anchors(&main_of(&html))
        .into_iter()
        .map(|a| a.href)
        .collect();
    assert!(
        hrefs.contains(&format!("{BASE_URL}index.html")),
        "{hrefs:?}"
    );
    assert!(html.contains(&format!("href=\"{BASE_URL}assets/ladder.css\"")));
    for url in urls(&html) {
        assert!(
            !url.starts_with("http") || url.starts_with(BASE_URL),
            "404.html links outside base_url: {url}"
        );
    }
}

#[test]
fn sitemap_lists_every_page_as_an_absolute_url_under_base_url() {
    let project = built_full();
    let sitemap = project.page("sitemap.xml");
    assert!(sitemap.starts_with("<?xml"));
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|s| &s[..s.find("</loc>").unwrap()])
        .collect();
    for loc in &locs {
        assert!(loc.starts_with(BASE_URL), "{loc} is not under base_url");
    }
    for page in FULL_PAGES {
        let url = format!("{BASE_URL}{}", page.trim_end_matches("index.html"));
        assert!(locs.contains(&url.as_str()), "{url} missing from {locs:?}");
    }
    // Pages Ladder adds for data/ (not tested here yet) may be listed too; nothing twice.
    let unique: std::collections::BTreeSet<&str> = locs.iter().copied().collect();
    assert_eq!(unique.len(), locs.len(), "{locs:?}");
    assert!(!sitemap.contains("draft"), "drafts are not in the sitemap");

    // Each page has its canonical address.
    let html = project.page("who-gets-in/index.html");
    assert!(html.contains(&format!(
        "<link rel=\"canonical\" href=\"{BASE_URL}who-gets-in/\">"
    )));
}

#[test]
fn no_sitemap_and_no_canonical_links_without_base_url() {
    let project = Project::minimal();
    project.build_ok(&[]).assert_quiet();
    assert!(project.has("index.html"));
    assert!(project.has("404.html"));
    assert!(!project.has("sitemap.xml"));
    assert!(!project.page("index.html").contains("canonical"));
    // No glossary.yaml, no glossary page.
    assert!(!project.has("glossary/index.html"));
}

#[test]
fn theme_stylesheet_is_written_and_linked_relatively() {
    let project = built_full();
    let css = std::fs::read(project.out().join("assets/ladder.css")).unwrap();
    assert!(!css.is_empty());
    assert!(
        project
            .page("index.html")
            .contains("href=\"assets/ladder.css\"")
    );
    assert!(
        project
            .page("who-gets-in/index.html")
            .contains("href=\"../assets/ladder.css\"")
    );
    assert!(
        project
            .page("case-studies/mentoring/index.html")
            .contains("href=\"../../assets/ladder.css\"")
    );
}

// 2. Navigation.

#[test]
fn navigation_is_ordered_by_weight_then_title_with_unweighted_pages_last() {
    let project = built_full();
    let nav = nav_links(&project.page("index.html"), "Main");
    let expected = [
        // weight 10
        ("Who gets in", "who-gets-in/index.html"),
        // weight 20 twice: by title ("Getting on" is who-gets-on.md, "Routes in" is
        // apprenticeships.md, so file names would give the other order)
        ("Getting on", "who-gets-on/index.html"),
        ("Routes in", "apprenticeships/index.html"),
        // weight 30
        ("Case studies", "case-studies/index.html"),
        // no weight: after every weighted page, by title
        ("About this report", "about/index.html"),
        ("Network", "network/index.html"),
        // the glossary comes last
        ("Glossary", "glossary/index.html"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(t, u)| (t.to_string(), u.to_string()))
        .collect();
    // Items Ladder adds for features not tested here (data/) are left out of the comparison.
    let nav: Vec<(String, String)> = nav
        .into_iter()
        .filter(|item| !item.1.starts_with("data/"))
        .collect();
    assert_eq!(nav, expected);
}

#[test]
fn navigation_links_are_relative_to_each_page_and_mark_the_current_one() {
    let project = built_full();
    let html = project.page("case-studies/outreach/index.html");
    let nav = nav_links(&html, "Main");
    assert_eq!(
        nav[0],
        (
            "Who gets in".to_string(),
            "../../who-gets-in/index.html".to_string()
        )
    );
    let nav_html = between(&html, "aria-label=\"Main\"", "</nav>");
    let current: Vec<String> = anchors(nav_html)
        .into_iter()
        .filter(|a| a.tag.contains("aria-current"))
        .map(|a| a.text)
        .collect();
    assert_eq!(
        current,
        ["Case studies"],
        "the section of the page is current"
    );

    let html = project.page("who-gets-in/index.html");
    let nav_html = between(&html, "aria-label=\"Main\"", "</nav>");
    let current: Vec<String> = anchors(nav_html)
        .into_iter()
        .filter(|a| a.tag.contains("aria-current=\"page\""))
        .map(|a| a.text)
        .collect();
    assert_eq!(current, ["Who gets in"]);
}

#[test]
fn section_children_are_ordered_by_weight() {
    let project = built_full();
    // The home page lists each section's pages under it.
    let home = project.main("index.html");
    let children: Vec<String> = anchors(&home)
        .into_iter()
        .map(|a| a.href)
        .filter(|h| h.starts_with("case-studies/") && h != "case-studies/index.html")
        .collect();
    assert_eq!(
        children,
        [
            "case-studies/outreach/index.html",
            "case-studies/mentoring/index.html"
        ]
    );
}

#[test]
fn breadcrumbs_lead_from_home_to_the_parent() {
    let project = built_full();
    let s = |v: &[(&str, &str)]| -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    };
    assert_eq!(
        nav_links(
            &project.page("case-studies/mentoring/index.html"),
            "Breadcrumb"
        ),
        s(&[
            ("Social mobility at Example", "../../index.html"),
            ("Case studies", "../index.html"),
        ])
    );
    assert_eq!(
        nav_links(&project.page("network/events/index.html"), "Breadcrumb"),
        s(&[
            ("Social mobility at Example", "../../index.html"),
            ("Network", "../index.html"),
        ])
    );
    assert_eq!(
        nav_links(&project.page("who-gets-on/index.html"), "Breadcrumb"),
        s(&[("Social mobility at Example", "../index.html")])
    );
    assert_eq!(
        nav_links(&project.page("glossary/index.html"), "Breadcrumb"),
        s(&[("Social mobility at Example", "../index.html")])
    );
    assert!(nav_links(&project.page("index.html"), "Breadcrumb").is_empty());
}

#[test]
fn previous_and_next_links_follow_the_navigation_order() {
    let project = built_full();
    let link = |t: &str, u: &str| Some((t.to_string(), u.to_string()));
    let pager = |page: &str| {
        let html = project.page(page);
        (pager_link(&html, "prev"), pager_link(&html, "next"))
    };
    assert_eq!(
        pager("index.html").map_text(),
        (None, link("Who gets in", "who-gets-in/index.html"))
    );
    assert_eq!(
        pager("who-gets-on/index.html").map_text(),
        (
            link("Who gets in", "../who-gets-in/index.html"),
            link("Routes in", "../apprenticeships/index.html")
        )
    );
    // Into a section: the section page, then its pages in order, then on.
    assert_eq!(
        pager("case-studies/index.html").map_text(),
        (
            link("Routes in", "../apprenticeships/index.html"),
            link("Schools outreach", "outreach/index.html")
        )
    );
    assert_eq!(
        pager("case-studies/outreach/index.html").map_text(),
        (
            link("Case studies", "../index.html"),
            link("Reverse mentoring for leaders", "../mentoring/index.html")
        )
    );
    assert_eq!(
        pager("case-studies/mentoring/index.html").map_text(),
        (
            link("Schools outreach", "../outreach/index.html"),
            link("About this report", "../../about/index.html")
        )
    );
}

/// Pager links read "Previous page <title>" / "Next page <title>": keep the title only.
trait MapText {
    fn map_text(self) -> Self;
}

impl MapText for (Option<(String, String)>, Option<(String, String)>) {
    fn map_text(self) -> Self {
        let strip = |l: Option<(String, String)>| {
            l.map(|(text, href)| {
                let title = ["Previous page ", "Next page ", "Previous ", "Next "]
                    .iter()
                    .find_map(|p| text.strip_prefix(p))
                    .unwrap_or(&text)
                    .to_string();
                (title, href)
            })
        };
        (strip(self.0), strip(self.1))
    }
}

// 3. Link rewriting.

#[test]
fn links_between_pages_become_relative_links_to_the_built_pages() {
    let project = built_full();
    let home: Vec<String> = anchors(&project.main("index.html"))
        .into_iter()
        .map(|a| a.href)
        .collect();
    assert!(
        home.contains(&"who-gets-in/index.html#applicants".to_string()),
        "{home:?}"
    );
    assert!(
        home.contains(&"who-gets-on/index.html#pay".to_string()),
        "{home:?}"
    );
    // A link to a section's _index.md goes to the section page.
    assert!(
        home.contains(&"case-studies/index.html".to_string()),
        "{home:?}"
    );
    // Same-page anchor.
    assert!(home.contains(&"#next-steps".to_string()), "{home:?}");

    // From a page one level down.
    let main = project.main("who-gets-in/index.html");
    assert!(
        main.contains("<a href=\"../who-gets-on/index.html#grades\">"),
        "{main}"
    );
    let main = project.main("who-gets-on/index.html");
    assert!(
        main.contains("<a href=\"../who-gets-in/index.html#applicants\">"),
        "{main}"
    );
    let main = project.main("about/index.html");
    assert!(
        main.contains("<a href=\"#contact\">Contact us</a>"),
        "{main}"
    );
    // Into and out of a folder.
    let main = project.main("apprenticeships/index.html");
    assert!(
        main.contains("<a href=\"../network/events/index.html\">"),
        "{main}"
    );
    let main = project.main("network/committee/index.html");
    assert!(
        main.contains("<a href=\"../../apprenticeships/index.html\">"),
        "{main}"
    );
    let main = project.main("network/events/index.html");
    assert!(
        main.contains("<a href=\"../committee/index.html\">"),
        "{main}"
    );
}

#[test]
fn links_from_a_case_study_resolve_relative_to_its_folder() {
    let project = built_full();
    let main = project.main("case-studies/mentoring/index.html");
    // `../who-gets-in.md#applicants`
    assert!(
        main.contains("<a href=\"../../who-gets-in/index.html#applicants\">"),
        "{main}"
    );
    // `outreach.md`, a sibling
    assert!(
        main.contains("<a href=\"../outreach/index.html\">"),
        "{main}"
    );
    // `../static/images/ladder.svg`
    assert!(main.contains("src=\"../../images/ladder.svg\""), "{main}");
}

#[test]
fn links_to_static_files_point_at_their_copies() {
    let project = built_full();
    let main = project.main("who-gets-on/index.html");
    assert!(
        main.contains("<a href=\"../docs/method.txt\">method note</a>"),
        "{main}"
    );
    assert!(main.contains("src=\"../images/ladder.svg\""), "{main}");
    assert!(main.contains("alt=\"A ladder with five rungs\""), "{main}");
}

#[test]
fn external_links_are_left_as_written() {
    let project = built_full();
    let home = project.main("index.html");
    assert!(home.contains(
        "<a href=\"https://www.gov.uk/government/organisations/social-mobility-commission\">Social Mobility Commission</a>"
    ));
    let about = project.main("about/index.html");
    assert!(
        about.contains(
            "<a href=\"https://www.socialmobility.org.uk/\">Social Mobility Foundation</a>"
        )
    );
}

#[test]
fn markdown_extensions_are_rendered() {
    let project = built_full();
    let main = project.main("who-gets-on/index.html");
    // explicit heading ids
    assert!(
        main.contains("<h2 id=\"grades\">Representation by grade</h2>"),
        "{main}"
    );
    assert!(main.contains("<h2 id=\"pay\">Pay</h2>"), "{main}");
    // table
    assert!(main.contains("<table>"), "{main}");
    assert!(main.contains("<th>Grade</th>"), "{main}");
    assert!(main.contains("<td>SCS</td>"), "{main}");
    // strikethrough
    assert!(main.contains("<del>20%</del>"), "{main}");
    // definition list
    assert!(main.contains("<dt>Mean pay gap</dt>"), "{main}");
    assert!(
        main.contains("<dd>The difference between the mean pay of two groups.</dd>"),
        "{main}"
    );
    // footnote: a reference that links to its definition on the page
    let reference = anchors(between(
        &main,
        "<sup class=\"footnote-reference\"",
        "</sup>",
    ));
    assert_eq!(reference.len(), 1);
    let target = reference[0].href.trim_start_matches('#');
    assert!(!target.is_empty());
    assert!(
        main.contains(&format!("id=\"{target}\"")),
        "footnote target {target}"
    );
    assert!(main.contains("Staff survey 2025. All figures are synthetic."));
    // headings without an explicit id get one from their text
    let main = project.main("who-gets-in/index.html");
    assert!(
        main.contains("<h2 id=\"appointments\">Appointments</h2>"),
        "{main}"
    );
}

// 5. Glossary linking.

const SEB_LINK: &str = "glossary/index.html#socio-economic-background";
const SEB_TIP: &str = "The circumstances a person grew up in";

#[test]
fn first_use_of_a_term_links_to_its_entry_with_a_tooltip() {
    let project = built_full();
    let main = project.main("who-gets-in/index.html");
    let gloss: Vec<_> = anchors(&main)
        .into_iter()
        .filter(|a| a.href.contains("glossary/index.html#"))
        .collect();
    let seb: Vec<_> = gloss
        .iter()
        .filter(|a| a.href.ends_with("#socio-economic-background"))
        .collect();
    assert_eq!(seb.len(), 1, "linked once: {gloss:?}");
    assert_eq!(seb[0].href, format!("../{SEB_LINK}"));
    assert_eq!(seb[0].text, "socio-economic background");
    // It is the prose use: "about their socio-economic background".
    let span = between(
        &main,
        "about their <span class=\"gloss\">",
        "</span></span>",
    );
    assert!(span.contains(&format!("href=\"../{SEB_LINK}\"")), "{span}");
    // The tooltip holds the first sentence of the definition, tied to the link.
    let described_by = common::attr(&seb[0].tag, "aria-describedby").expect("aria-describedby");
    assert!(span.contains(&format!("id=\"{described_by}\"")), "{span}");
    assert!(span.contains("role=\"tooltip\""), "{span}");
    assert!(span.contains(SEB_TIP), "{span}");
    assert!(
        !span.contains("It is the main lens of this report."),
        "first sentence only"
    );
}

#[test]
fn second_use_of_a_term_on_a_page_is_not_linked() {
    let project = built_full();
    let main = project.main("who-gets-in/index.html");
    assert!(main.contains("Each later socio-economic background answer is plain text."));
    assert_eq!(count(&main, SEB_LINK), 1);
    let home = project.main("index.html");
    assert!(home.contains("A second mention of socio-economic background is not linked."));
    assert_eq!(count(&home, SEB_LINK), 1);
}

#[test]
fn abbreviations_link_and_match_case_exactly() {
    let project = built_full();
    let main = project.main("who-gets-in/index.html");
    // "fsm" in lower case is not the abbreviation FSM.
    assert!(main.contains("Figures on fsm in lower case"), "{main}");
    let fsm: Vec<_> = anchors(&main)
        .into_iter()
        .filter(|a| a.href.ends_with("glossary/index.html#free-school-meals"))
        .collect();
    assert_eq!(fsm.len(), 1, "{fsm:?}");
    assert_eq!(fsm[0].text, "FSM");
    // The term itself, after its abbreviation was linked, is not linked again.
    assert!(
        main.contains("Free school meals is not linked again."),
        "{main}"
    );
}

#[test]
fn aliases_link_to_their_term() {
    let project = built_full();
    let main = project.main("who-gets-on/index.html");
    let seb: Vec<_> = anchors(&main)
        .into_iter()
        .filter(|a| a.href.ends_with("#socio-economic-background"))
        .collect();
    assert_eq!(seb.len(), 1);
    assert_eq!(seb[0].text, "socio-economic backgrounds");
    assert_eq!(seb[0].href, format!("../{SEB_LINK}"));
}

#[test]
fn terms_in_headings_links_and_code_are_left_alone() {
    let project = built_full();
    let main = project.main("who-gets-in/index.html");
    // All of these come before the first prose use on the page.
    assert!(
        main.contains("<h2 id=\"applicants\">Socio-economic background of applicants</h2>"),
        "{main}"
    );
    assert!(
        main.contains(
            "<a href=\"../who-gets-on/index.html#grades\">socio-economic background by grade</a>"
        ),
        "{main}"
    );
    assert!(
        main.contains("<code>socio-economic background</code>"),
        "{main}"
    );
    assert!(
        main.contains("socio-economic background in a code block\nFSM in a code block"),
        "{main}"
    );
    let code_block = between(&main, "<pre>", "</pre>");
    assert!(!code_block.contains("gloss"), "{code_block}");
}

#[test]
fn glossary_linking_starts_again_on_every_page() {
    let project = built_full();
    let home = project.main("index.html");
    let first = between(&home, "This report looks at", "</p>");
    assert!(first.contains(&format!("href=\"{SEB_LINK}\"")), "{first}");
    for (page, term, prefix) in [
        ("who-gets-in/index.html", "socio-economic-background", "../"),
        ("who-gets-on/index.html", "socio-economic-background", "../"),
        (
            "case-studies/outreach/index.html",
            "free-school-meals",
            "../../",
        ),
        (
            "case-studies/mentoring/index.html",
            "reverse-mentoring",
            "../../",
        ),
    ] {
        let main = project.main(page);
        let href = format!("href=\"{prefix}glossary/index.html#{term}\"");
        assert_eq!(count(&main, &href), 1, "{page} should link {term} once");
    }
}

// 6. Drafts.

#[test]
fn drafts_are_left_out_by_default() {
    let project = built_full();
    assert!(!project.has("draft/index.html"));
    for (path, bytes) in project.output_files() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("Coming soon"), "{path} mentions the draft");
        assert!(
            !text.contains("draft/index.html"),
            "{path} links to the draft"
        );
    }
}

#[test]
fn drafts_are_built_with_the_drafts_flag() {
    let project = Project::full();
    project.build_ok(&["--drafts"]).assert_quiet();
    assert!(project.has("draft/index.html"));
    assert!(
        project
            .main("draft/index.html")
            .contains("This page is not finished.")
    );
    let nav = nav_links(&project.page("index.html"), "Main");
    // weight 1: first.
    assert_eq!(
        nav[0],
        ("Coming soon".to_string(), "draft/index.html".to_string())
    );
}

#[test]
fn a_draft_case_study_and_its_tags_are_left_out_of_the_section() {
    let project = Project::full();
    project.write(
        "case-studies/pilot.md",
        "---\ntitle: Secret pilot\ndraft: true\norganisation: Hidden Org\ntags: [secret-tag, mentoring]\n---\n\nNot yet.\n",
    );
    project.build_ok(&[]);
    assert!(!project.has("case-studies/pilot/index.html"));
    let section = project.page("case-studies/index.html");
    assert!(!section.contains("Secret pilot"));
    assert!(!section.contains("secret-tag"));
    assert!(!section.contains("Hidden Org"));

    project.build_ok(&["--drafts"]);
    let section = project.page("case-studies/index.html");
    assert!(section.contains("Secret pilot"));
    assert!(section.contains("id=\"tag-secret-tag\""));
}

#[test]
fn files_starting_with_an_underscore_or_dot_are_ignored() {
    let project = Project::full();
    // _notes.md in the fixture has no front matter: it would be an error if read.
    project.write(".hidden.md", "no front matter either\n");
    project.write("_drafts/idea.md", "nor here\n");
    project.build_ok(&[]).assert_quiet();
    assert!(!project.has("_notes/index.html"));
    assert!(!project.has("notes/index.html"));
    assert!(!project.has(".hidden/index.html"));
    assert!(!project.has("_drafts/idea/index.html"));
}

// 7. Static files.

#[test]
fn static_files_are_copied_byte_for_byte() {
    let project = Project::full();
    // Bytes that a text conversion would change: every byte value, CRLF, a BOM.
    let binary: Vec<u8> = (0..=255u8).chain(*b"\r\n\xef\xbb\xbf\r\n").collect();
    project.write("static/files/raw.bin", &binary);
    project.write("static/files/windows.txt", b"line one\r\nline two\r\n");
    project.build_ok(&[]);
    let source = files_under(&project.src().join("static"));
    assert!(source.contains_key("docs/method.txt"));
    assert!(source.contains_key("images/ladder.svg"));
    let output = project.output_files();
    for (path, bytes) in &source {
        assert_eq!(
            output.get(path),
            Some(bytes),
            "static/{path} was not copied as it is"
        );
    }
    assert!(
        !project.has("static/docs/method.txt"),
        "static/ is copied to the root"
    );
}

// 8. Raw HTML.

const RAW_HTML_PAGE: &str = "---\ntitle: Minimal home\n---\n\nA <b>bold</b> move <script>alert(1)</script> and <a href=\"javascript:alert(2)\" onclick=\"steal()\">click here</a>.\n\n<div onmouseover=\"steal()\">a block</div>\n";

#[test]
fn raw_html_is_escaped_by_default() {
    let project = Project::minimal();
    project.write("index.md", RAW_HTML_PAGE);
    let run = project.build_ok(&[]);
    // A warning says the HTML is shown as text, and where.
    run.assert_stderr("warning").assert_place("index.md", 5);
    let main = project.main("index.html");
    assert!(main.contains("&lt;b&gt;bold&lt;/b&gt;"), "{main}");
    assert!(main.contains("&lt;script&gt;"), "{main}");
    assert!(!main.contains("<b>"), "{main}");
    assert!(!main.contains("<script"), "{main}");
    assert!(!main.contains("<div onmouseover"), "{main}");
}

#[test]
fn raw_html_is_kept_but_sanitised_when_allowed() {
    let project = Project::minimal();
    project.append("report.yaml", "allow_html: true");
    project.write("index.md", RAW_HTML_PAGE);
    project.build_ok(&[]).assert_quiet();
    let html = project.page("index.html");
    let main = main_of(&html);
    assert!(main.contains("<b>bold</b>"), "{main}");
    assert!(main.contains("click here"), "{main}");
    assert!(main.contains("a block"), "{main}");
    for banned in [
        "<script",
        "alert(1)",
        "onclick",
        "onmouseover",
        "javascript:",
        "&lt;b&gt;",
    ] {
        assert!(!html.contains(banned), "{banned} left in {main}");
    }
}

// 10. Replacing the output.

#[test]
fn a_new_build_replaces_the_previous_output() {
    let project = built_full();
    assert!(project.has("about/index.html"));
    project.remove("about.md");
    project.build_ok(&[]);
    assert!(
        !project.has("about/index.html"),
        "a removed page is removed from the site"
    );
    assert!(project.has("index.html"));
    // Nothing is left beside the output folder.
    let mut beside: Vec<String> = std::fs::read_dir(project.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, ["public", "src"]);
}

// 11. Determinism.

#[test]
fn two_builds_of_the_same_source_are_byte_identical() {
    let project = built_full();
    let first = project.output_files();
    project.run(&["build", "src", "-o", "public2"]).assert_ok();
    let second = files_under(&project.root().join("public2"));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(second[path] == *bytes, "{path} differs between two builds");
    }
    // And again into the same folder.
    project.build_ok(&[]);
    assert!(
        project.output_files() == first,
        "a rebuild changed the output"
    );
}

// 12. Relative links only.

#[test]
fn every_link_is_relative_and_nothing_loads_from_another_host() {
    let project = built_full();
    let files = project.output_files();
    let mut pages = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let html = String::from_utf8(bytes.clone()).expect("pages are UTF-8");
        let canonical = format!("{BASE_URL}{}", path.trim_end_matches("index.html"));
        for url in urls(&html) {
            let absolute = url.starts_with('/') || url.starts_with("http") || url.contains("//");
            if !absolute {
                continue;
            }
            let allowed = EXTERNAL_LINKS.contains(&url.as_str())
                // 404.html may be shown at any depth: it links under base_url.
                || (path == "404.html" && url.starts_with(BASE_URL))
                || (url == canonical
                    && html.contains(&format!("<link rel=\"canonical\" href=\"{url}\">")));
            assert!(allowed, "{path} has a non-relative URL {url}");
        }
        // Pages work without JavaScript; search is the exception (FORMAT.md section 12),
        // and its scripts are the site's own.
        if path == "search/index.html" {
            for (at, _) in html.match_indices("<script") {
                let tag = &html[at..at + html[at..].find('>').unwrap()];
                let src = common::attr(tag, "src").expect("search scripts are files");
                assert!(!src.contains("//") && !src.starts_with('/'), "{src}");
            }
        } else {
            assert!(!html.contains("<script"), "{path} has a script");
        }
        // Stylesheets and other <link>s are local.
        for (at, _) in html.match_indices("<link ") {
            let tag = &html[at..at + html[at..].find('>').unwrap()];
            if let Some(href) = common::attr(tag, "href") {
                assert!(
                    !href.starts_with("http")
                        || tag.contains("canonical")
                        || (path == "404.html" && href.starts_with(BASE_URL)),
                    "{path} loads {href}"
                );
            }
        }
        // Internal links end in index.html (so they work from a file share) or are files.
        for a in anchors(&html) {
            let href = a.href.split('#').next().unwrap();
            if href.is_empty() || href.starts_with("http") || href.starts_with("mailto:") {
                continue;
            }
            assert!(
                href.ends_with("index.html") || href.contains('.'),
                "{path}: {href} is a folder link"
            );
        }
    }
    assert!(
        pages > FULL_PAGES.len(),
        "{pages} pages checked (404.html too)"
    );
    // The theme's CSS loads nothing from elsewhere either.
    for (path, bytes) in &files {
        if path.ends_with(".css") {
            let css = String::from_utf8_lossy(bytes).to_lowercase();
            assert!(
                !css.contains("@import"),
                "{path} imports another stylesheet"
            );
            for bad in [
                "url(http",
                "url(\"http",
                "url('http",
                "url(//",
                "url(\"//",
                "url('//",
            ] {
                assert!(!css.contains(bad), "{path} loads a file from another host");
            }
        }
    }
}

#[test]
fn every_internal_link_of_the_full_report_points_at_a_written_file() {
    let project = built_full();
    let files = project.output_files();
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let dir: Vec<&str> = path.split('/').collect();
        let dir = &dir[..dir.len() - 1];
        for url in urls(&html) {
            if url.starts_with("http") || url.starts_with("data:") || url.starts_with("mailto:") {
                continue;
            }
            let (file, fragment) = match url.split_once('#') {
                Some((f, frag)) => (f, Some(frag)),
                None => (url.as_str(), None),
            };
            let mut parts: Vec<&str> = dir.to_vec();
            let target = if file.is_empty() {
                path.clone()
            } else {
                for part in file.split('/') {
                    match part {
                        ".." => {
                            assert!(parts.pop().is_some(), "{path}: {url} leaves the site");
                        }
                        "." => {}
                        p => parts.push(p),
                    }
                }
                parts.join("/")
            };
            let Some(target_bytes) = files.get(&target) else {
                panic!("{path}: {url} points at {target}, which was not written");
            };
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let target_html = String::from_utf8_lossy(target_bytes);
                assert!(
                    target_html.contains(&format!("id=\"{fragment}\"")),
                    "{path}: {url}: no id {fragment} in {target}"
                );
            }
        }
    }
}

// Bugs found while writing these tests. Each is ignored until fixed; the reason says
// what is wrong.

#[test]
fn glossary_terms_inside_raw_html_links_and_code_are_left_alone() {
    let project = Project::full();
    project.replace("report.yaml", "allow_html: false", "allow_html: true");
    project.write(
        "raw.md",
        "---\ntitle: Raw HTML\n---\n\nSee <a href=\"https://www.socialmobility.org.uk/\">socio-economic background</a> there.\n\nThe field <code>FSM</code> is text.\n",
    );
    project.build_ok(&[]);
    let main = project.main("raw/index.html");
    assert!(
        main.contains(
            "<a href=\"https://www.socialmobility.org.uk/\">socio-economic background</a>"
        ),
        "the author's link lost its text:\n{main}"
    );
    assert!(
        main.contains("<code>FSM</code>"),
        "code was linked:\n{main}"
    );
    assert!(!main.contains("class=\"gloss\""), "{main}");
}

#[test]
fn heading_ids_never_clash_with_the_page_skeleton() {
    let project = Project::minimal();
    project.append("index.md", "## Main\n\nThe main findings.");
    project.build_ok(&[]);
    let html = project.page("index.html");
    assert_eq!(count(&html, "id=\"main\""), 1, "duplicate id=\"main\"");
}

#[test]
fn a_draft_section_leaves_out_its_whole_folder() {
    let project = Project::full();
    project.write(
        "club/_index.md",
        "---\ntitle: Our club\ndraft: true\n---\n\nSoon.\n",
    );
    project.write(
        "club/events.md",
        "---\ntitle: Club events\n---\n\nA list of events.\n",
    );
    project.build_ok(&[]);
    assert!(!project.has("club/index.html"));
    assert!(!project.has("club/events/index.html"));
    for (path, bytes) in project.output_files() {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("Club events"),
            "{path} mentions a page of the draft section"
        );
    }
    project.build_ok(&["--drafts"]);
    assert!(project.has("club/events/index.html"));
    assert!(project.page("club/index.html").contains("Club events"));
}

#[test]
fn a_long_menu_is_shortened_away_from_the_home_page() {
    let project = Project::minimal();
    for i in 1..=13 {
        project.write(
            &format!("topic-{i:02}.md"),
            format!("---\ntitle: Topic {i}\nweight: {i}\n---\n\nText.\n"),
        );
    }
    project.build_ok(&[]);
    let menu = |rel: &str| {
        let html = project.page(rel);
        let start = html.find("class=\"site-nav\"").expect("a menu");
        let end = start + html[start..].find("</nav>").expect("the menu ends");
        html[start..end]
            .matches("<li class=\"site-nav__item")
            .count()
    };
    assert_eq!(menu("index.html"), 13, "the home page lists every entry");
    assert_eq!(menu("topic-05/index.html"), 1, "a page lists its own entry");
    // Twelve entries or fewer: every page lists them all.
    project.remove("topic-13.md");
    project.build_ok(&[]);
    assert_eq!(menu("topic-05/index.html"), 12);
}
