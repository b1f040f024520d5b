//! `checklist.yaml`: the progression review checklist (FORMAT.md section 9). Each item is
//! rated on a three-level scale (none, limited, active: shown as red, amber and green, always
//! with words and a distinct shape, so colour is never the only cue) and may carry a next
//! step with an owner and a due date.
//!
//! Output: the body of the checklist page ([`page_html`], written to [`PAGE_OUT`]): a
//! summary per area, a small stacked bar chart, the full table and the next steps sorted by
//! due date with overdue ones flagged; and the next steps as a CSV action plan
//! ([`action_plan_csv`], written to [`CSV_OUT`]).
//!
//! Overdue rule: a next step is overdue when its due date is strictly before the report's
//! `published` date. A step due on the publication date is not overdue. Without a
//! `published` date nothing is flagged (the CSV's `Overdue` column is left empty). The
//! status of the item does not matter: a step is overdue until its due date is changed.
//!
//! This module also holds [`check_keys`], the check for unknown keys at every level of a
//! YAML file (used by `submissions` too), which reports all of them at once, each at its
//! line and column with the nearest known key.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use crate::chart::draw;
use crate::chart::plot::{Kind, Mark, Plot, Series, Unit};
use crate::diagnostic::{Diagnostic, Diagnostics, did_you_mean, suggestion_hint};
use crate::html::escape;
use crate::source::{Date, ReadError, slug};
use crate::yaml::{self, Spanned};

/// The checklist file, relative to the source folder.
pub const FILE: &str = "checklist.yaml";
/// Where the checklist page is written.
pub const PAGE_OUT: &str = "checklist/index.html";
/// Where the action plan CSV is written.
pub const CSV_OUT: &str = "checklist/action-plan.csv";
/// The page title when `title:` is not given.
pub const DEFAULT_TITLE: &str = "Progression checklist";

// ---------------------------------------------------------------------------------------
// The model

/// A rating on the checklist's three-level scale, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Not something we do yet (red).
    None,
    /// We do something, but it is limited (amber).
    Limited,
    /// We actively do this (green).
    Active,
}

impl Status {
    /// All statuses, worst first.
    pub const ALL: [Status; 3] = [Status::None, Status::Limited, Status::Active];
    /// The names written in checklist.yaml.
    pub const NAMES: &'static [&'static str] = &["none", "limited", "active"];

    /// Reads a status as written in checklist.yaml (`none`, `limited`, `active`; any case).
    pub fn parse(text: &str) -> Option<Status> {
        match text.trim().to_ascii_lowercase().as_str() {
            "none" => Some(Status::None),
            "limited" => Some(Status::Limited),
            "active" => Some(Status::Active),
            _ => None,
        }
    }

    /// The name written in checklist.yaml and used in CSS classes.
    pub fn name(self) -> &'static str {
        match self {
            Status::None => "none",
            Status::Limited => "limited",
            Status::Active => "active",
        }
    }

    /// The short label shown with the colour: `Not yet`, `Limited`, `Active`.
    pub fn label(self) -> &'static str {
        match self {
            Status::None => "Not yet",
            Status::Limited => "Limited",
            Status::Active => "Active",
        }
    }

    /// The colour in words, for people who are told "red, amber, green".
    pub fn colour_name(self) -> &'static str {
        match self {
            Status::None => "red",
            Status::Limited => "amber",
            Status::Active => "green",
        }
    }

    /// The fill colour of the icon and the chart segment.
    pub fn colour(self) -> &'static str {
        match self {
            Status::None => "#D4351C",
            Status::Limited => "#FFBF47",
            Status::Active => "#00703C",
        }
    }

    /// The CSS classes of an element showing this status: `status status--limited`.
    pub fn class(self) -> String {
        format!("status status--{}", self.name())
    }

    /// A small inline SVG whose shape differs by status (octagon with a cross, triangle
    /// with an exclamation mark, circle with a tick). It is decorative: the words next to
    /// it carry the meaning, so it is hidden from screen readers.
    pub fn icon(self) -> &'static str {
        match self {
            Status::None => concat!(
                "<svg class=\"status__icon\" viewBox=\"0 0 16 16\" width=\"1em\" height=\"1em\" aria-hidden=\"true\" focusable=\"false\">",
                "<polygon points=\"5,1 11,1 15,5 15,11 11,15 5,15 1,11 1,5\" fill=\"#D4351C\"/>",
                "<path d=\"M5.5 5.5L10.5 10.5M10.5 5.5L5.5 10.5\" stroke=\"#FFFFFF\" stroke-width=\"2\" stroke-linecap=\"round\"/>",
                "</svg>"
            ),
            Status::Limited => concat!(
                "<svg class=\"status__icon\" viewBox=\"0 0 16 16\" width=\"1em\" height=\"1em\" aria-hidden=\"true\" focusable=\"false\">",
                "<polygon points=\"8,1 15.5,15 0.5,15\" fill=\"#FFBF47\" stroke=\"#0B0C0C\" stroke-width=\"1\" stroke-linejoin=\"round\"/>",
                "<path d=\"M8 5.5V10\" stroke=\"#0B0C0C\" stroke-width=\"2\" stroke-linecap=\"round\"/>",
                "<circle cx=\"8\" cy=\"12.6\" r=\"1.1\" fill=\"#0B0C0C\"/>",
                "</svg>"
            ),
            Status::Active => concat!(
                "<svg class=\"status__icon\" viewBox=\"0 0 16 16\" width=\"1em\" height=\"1em\" aria-hidden=\"true\" focusable=\"false\">",
                "<circle cx=\"8\" cy=\"8\" r=\"7.5\" fill=\"#00703C\"/>",
                "<path d=\"M4.5 8.5L7 11L11.5 5.5\" stroke=\"#FFFFFF\" stroke-width=\"2\" fill=\"none\" stroke-linecap=\"round\" stroke-linejoin=\"round\"/>",
                "</svg>"
            ),
        }
    }

    /// The status as HTML: icon and label in a `status status--…` span.
    pub fn badge(self) -> String {
        format!(
            "<span class=\"{}\">{} <span class=\"status__label\">{}</span></span>",
            self.class(),
            self.icon(),
            self.label()
        )
    }
}

/// What each level of the scale means, in the report's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scale {
    pub none: String,
    pub limited: String,
    pub active: String,
}

impl Default for Scale {
    fn default() -> Self {
        Scale {
            none: "Not something we do yet".to_string(),
            limited: "We do something, but it is limited".to_string(),
            active: "We actively do this".to_string(),
        }
    }
}

impl Scale {
    /// The description of `status`.
    pub fn describe(&self, status: Status) -> &str {
        match status {
            Status::None => &self.none,
            Status::Limited => &self.limited,
            Status::Active => &self.active,
        }
    }
}

/// A checklist, read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checklist {
    pub title: String,
    pub scale: Scale,
    pub areas: Vec<Area>,
}

/// One area of the checklist ("Leadership and culture").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    pub name: String,
    /// A unique anchor for the area on the page.
    pub id: String,
    pub items: Vec<Item>,
    /// The line of the area in checklist.yaml.
    pub line: usize,
}

impl Area {
    /// How many items of this area have `status`.
    pub fn count(&self, status: Status) -> usize {
        self.items.iter().filter(|i| i.status == status).count()
    }
}

/// One question of the checklist with its rating and next step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub question: String,
    pub status: Status,
    pub next_step: Option<String>,
    pub owner: Option<String>,
    pub due: Option<Date>,
    /// The line of the item in checklist.yaml.
    pub line: usize,
}

/// A next step, with where it comes from and whether it is overdue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextStep<'a> {
    pub area: &'a Area,
    pub item: &'a Item,
    /// `Some(true)` when due before `published`; `None` when either date is unknown.
    pub overdue: Option<bool>,
}

/// Is a step due on `due` overdue at `published`? Only when due strictly before it.
pub fn is_overdue(due: Date, published: Date) -> bool {
    due < published
}

/// The items that have a next step, sorted by due date (steps without a date last; equal
/// dates keep the order of the file), each flagged overdue against `published`.
pub fn next_steps(checklist: &Checklist, published: Option<Date>) -> Vec<NextStep<'_>> {
    let mut steps: Vec<NextStep> = checklist
        .areas
        .iter()
        .flat_map(|area| area.items.iter().map(move |item| (area, item)))
        .filter(|(_, item)| item.next_step.is_some())
        .map(|(area, item)| NextStep {
            area,
            item,
            overdue: match (item.due, published) {
                (Some(due), Some(published)) => Some(is_overdue(due, published)),
                _ => None,
            },
        })
        .collect();
    // A stable sort: ties keep the file's order.
    steps.sort_by_key(|s| (s.item.due.is_none(), s.item.due));
    steps
}

/// How many items of the whole checklist have `status`.
pub fn total(checklist: &Checklist, status: Status) -> usize {
    checklist.areas.iter().map(|a| a.count(status)).sum()
}

/// One sentence summing up the checklist, for the page summary and search: "12 questions
/// in 3 areas: 3 not yet, 5 limited and 4 active."
pub fn summary(checklist: &Checklist) -> String {
    let items: usize = checklist.areas.iter().map(|a| a.items.len()).sum();
    let areas = checklist.areas.len();
    format!(
        "{} in {}: {} not yet, {} limited and {} active.",
        plural(items, "question", "questions"),
        plural(areas, "area", "areas"),
        total(checklist, Status::None),
        total(checklist, Status::Limited),
        total(checklist, Status::Active),
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        crate::format::count(n as u64),
        if n == 1 { one } else { many }
    )
}

// ---------------------------------------------------------------------------------------
// Loading

/// The keys checklist.yaml may hold, at each level.
const ITEM_KEYS: Keys = Keys {
    subject: "a checklist item",
    plural: "keys of a checklist item",
    keys: &[
        ("question", None),
        ("status", None),
        ("next_step", None),
        ("owner", None),
        ("due", None),
    ],
};
const AREA_KEYS: Keys = Keys {
    subject: "an area of the checklist",
    plural: "keys of an area",
    keys: &[("name", None), ("items", Some(&ITEM_KEYS))],
};
const SCALE_KEYS: Keys = Keys {
    subject: "the scale",
    plural: "levels of the scale",
    keys: &[("none", None), ("limited", None), ("active", None)],
};
const TOP_KEYS: Keys = Keys {
    subject: "checklist.yaml",
    plural: "checklist settings",
    keys: &[
        ("title", None),
        ("scale", Some(&SCALE_KEYS)),
        ("areas", Some(&AREA_KEYS)),
    ],
};

#[derive(Debug, Deserialize)]
struct RawChecklist {
    title: Option<Spanned<String>>,
    scale: Option<RawScale>,
    areas: Option<Spanned<Vec<Spanned<RawArea>>>>,
}

#[derive(Debug, Deserialize)]
struct RawScale {
    none: Option<String>,
    limited: Option<String>,
    active: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RawArea {
    name: Option<Spanned<String>>,
    items: Option<Vec<Spanned<RawItem>>>,
}

#[derive(Debug, Deserialize)]
struct RawItem {
    question: Option<Spanned<String>>,
    status: Option<Spanned<String>>,
    next_step: Option<Spanned<String>>,
    owner: Option<Spanned<String>>,
    due: Option<Spanned<String>>,
}

/// Reads and checks `checklist.yaml` in `root`, if the source has one. `None` when there is
/// no checklist or it has errors (reported to `diagnostics`).
pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Option<Checklist> {
    let file = Path::new(FILE);
    let text = match crate::source::read_text(root, file, "file") {
        Ok(text) => text,
        // No checklist.
        Err(ReadError::Io(_)) => return None,
        Err(ReadError::Invalid(d)) => {
            diagnostics.push(d);
            return None;
        }
    };
    parse(&text, diagnostics)
}

/// Parses and checks the text of checklist.yaml. Every problem found is reported; `None`
/// when there was any error.
pub fn parse(text: &str, diagnostics: &mut Diagnostics) -> Option<Checklist> {
    let file = Path::new(FILE);
    if text.trim().is_empty() {
        diagnostics.push(
            Diagnostic::error(file, "checklist.yaml is empty")
                .with_hint("add `areas:` with the questions of the checklist, or delete the file"),
        );
        return None;
    }
    let mut found = Diagnostics::new();
    let suggested = check_keys(text, file, &TOP_KEYS, &mut found);
    let raw: RawChecklist = match yaml::parse(text, file, 1) {
        Ok(raw) => raw,
        Err(d) => {
            found.push(d);
            diagnostics.extend(found);
            return None;
        }
    };
    // A missing key that a misspelt key already points at is not reported twice.
    let missing = |key: &str| !suggested.contains(key);
    let err = |line: usize, message: String, hint: &str| {
        Diagnostic::error(file, message)
            .at_line(line.max(1))
            .with_hint(hint)
    };

    let title = match &raw.title {
        Some(t) if t.value.trim().is_empty() => {
            found.push(err(
                line_of(t),
                "the checklist title is empty".to_string(),
                "write the page title after `title:`, or remove the line to use \"Progression checklist\"",
            ));
            String::new()
        }
        Some(t) => t.value.trim().to_string(),
        None => DEFAULT_TITLE.to_string(),
    };

    let mut scale = Scale::default();
    if let Some(raw_scale) = &raw.scale {
        for (text, slot) in [
            (&raw_scale.none, &mut scale.none),
            (&raw_scale.limited, &mut scale.limited),
            (&raw_scale.active, &mut scale.active),
        ] {
            if let Some(text) = text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                *slot = text.to_string();
            }
        }
    }

    let mut areas = Vec::new();
    let mut ids = BTreeSet::new();
    match &raw.areas {
        None => {
            if missing("areas") {
                found.push(
                    Diagnostic::error(file, "the checklist has no `areas:`").with_hint(
                        "add `areas:` with a list of areas, each with a `name:` and `items:`",
                    ),
                );
            }
        }
        Some(list) if list.value.is_empty() => found.push(err(
            line_of(list),
            "the checklist has no areas".to_string(),
            "list the areas under `areas:`, each with a `name:` and `items:`",
        )),
        Some(list) => {
            let mut names: Vec<(String, usize)> = Vec::new();
            for raw_area in &list.value {
                let line = line_of(raw_area);
                let area = &raw_area.value;
                let name = match &area.name {
                    Some(n) if !n.value.trim().is_empty() => n.value.trim().to_string(),
                    Some(n) => {
                        found.push(err(
                            line_of(n),
                            "an area of the checklist has an empty name".to_string(),
                            "write the area's name after `name:`, for example `name: Leadership and culture`",
                        ));
                        String::new()
                    }
                    None => {
                        if missing("name") {
                            found.push(err(
                                line,
                                "an area of the checklist has no `name:`".to_string(),
                                "add `name:` with the area's name, for example `name: Leadership and culture`",
                            ));
                        }
                        String::new()
                    }
                };
                if let Some((_, first)) = names
                    .iter()
                    .find(|(n, _)| !name.is_empty() && n.eq_ignore_ascii_case(&name))
                {
                    found.push(err(
                        line,
                        format!("the area `{name}` is listed twice (first on line {first})"),
                        "merge the two areas into one, or give them different names",
                    ));
                }
                names.push((name.clone(), line));
                let items = read_items(area, line, &name, &missing, &mut found);
                let base = slug(&name);
                let mut id = format!("area-{base}");
                let mut n = 1;
                while !ids.insert(id.clone()) {
                    id = format!("area-{base}-{n}");
                    n += 1;
                }
                areas.push(Area {
                    name,
                    id,
                    items,
                    line,
                });
            }
        }
    }
    let failed = found.has_errors();
    diagnostics.extend(found);
    (!failed).then_some(Checklist {
        title,
        scale,
        areas,
    })
}

/// Reads and checks the items of one area.
fn read_items(
    area: &RawArea,
    area_line: usize,
    area_name: &str,
    missing: &dyn Fn(&str) -> bool,
    found: &mut Diagnostics,
) -> Vec<Item> {
    let file = Path::new(FILE);
    let shown = if area_name.is_empty() {
        "an area".to_string()
    } else {
        format!("the area `{area_name}`")
    };
    let Some(raw_items) = &area.items else {
        if missing("items") {
            found.push(
                Diagnostic::error(file, format!("{shown} has no `items:`"))
                    .at_line(area_line)
                    .with_hint("add `items:` with the area's questions, each with `question:` and `status:`"),
            );
        }
        return Vec::new();
    };
    if raw_items.is_empty() {
        found.push(
            Diagnostic::warning(file, format!("{shown} has no questions"))
                .at_line(area_line)
                .with_hint("add questions under `items:`, or remove the area"),
        );
    }
    let mut items = Vec::new();
    for raw_item in raw_items {
        let line = line_of(raw_item);
        let raw = &raw_item.value;
        let mut ok = true;
        let question = match &raw.question {
            Some(q) if !q.value.trim().is_empty() => q.value.trim().to_string(),
            other => {
                ok = false;
                if other.is_some() || missing("question") {
                    found.push(
                        Diagnostic::error(file, "a checklist item has no question")
                            .at_line(other.as_ref().map_or(line, line_of))
                            .with_hint("write the question after `question:`, for example `question: Do you use data to inform your progression strategy?`"),
                    );
                }
                String::new()
            }
        };
        let status = match &raw.status {
            Some(s) => match Status::parse(&s.value) {
                Some(status) => Some(status),
                None => {
                    found.push(status_error(s));
                    None
                }
            },
            None => {
                if missing("status") {
                    found.push(
                        Diagnostic::error(file, "a checklist item has no `status:`")
                            .at_line(line)
                            .with_hint("add `status: none`, `status: limited` or `status: active` (red, amber or green)"),
                    );
                }
                None
            }
        };
        let text = |value: &Option<Spanned<String>>| {
            value
                .as_ref()
                .map(|v| v.value.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let due = match &raw.due {
            Some(d) if d.value.trim().is_empty() => None,
            Some(d) => match Date::parse(&d.value) {
                Some(date) => Some(date),
                None => {
                    ok = false;
                    found.push(
                        Diagnostic::error(file, format!("`due: {}` is not a date", d.value.trim()))
                            .at(line_of(d), column_of(d))
                            .with_hint(
                                "write the date as year-month-day, for example `due: 2025-12-01`",
                            ),
                    );
                    None
                }
            },
            None => None,
        };
        let next_step = text(&raw.next_step);
        if next_step.is_none() && (due.is_some() || text(&raw.owner).is_some()) {
            found.push(
                Diagnostic::warning(
                    file,
                    "this item has an owner or a due date but no next step, so it is not in the list of next steps",
                )
                .at_line(line)
                .with_hint("add `next_step:` saying what will be done"),
            );
        }
        if let (Some(status), true) = (status, ok) {
            items.push(Item {
                question,
                status,
                next_step,
                owner: text(&raw.owner),
                due,
                line,
            });
        }
    }
    items
}

/// The error for a status that is not one of the three, with the nearest one as the fix.
fn status_error(status: &Spanned<String>) -> Diagnostic {
    let written = status.value.trim();
    let lower = written.to_ascii_lowercase();
    let by_colour = match lower.as_str() {
        "red" | "r" | "not yet" | "not_yet" | "no" | "nothing" => Some("none"),
        "amber" | "a" | "yellow" | "orange" | "partly" | "partial" | "some" => Some("limited"),
        "green" | "g" | "yes" | "done" | "true" => Some("active"),
        _ => None,
    };
    let hint = match by_colour {
        Some(name) => format!(
            "write `status: {name}`: the status is `none` (red), `limited` (amber) or `active` (green)"
        ),
        None => match did_you_mean(written, Status::NAMES.iter().copied()) {
            Some(best) => format!(
                "did you mean `{best}`? The status is `none` (red), `limited` (amber) or `active` (green)"
            ),
            None => "the status is `none` (red), `limited` (amber) or `active` (green)".to_string(),
        },
    };
    Diagnostic::error(
        FILE,
        format!("`status: {written}` is not one of the checklist's statuses"),
    )
    .at(line_of(status), column_of(status))
    .with_hint(hint)
}

fn line_of<T>(spanned: &Spanned<T>) -> usize {
    (spanned.referenced.line() as usize).max(1)
}

fn column_of<T>(spanned: &Spanned<T>) -> usize {
    (spanned.referenced.column() as usize).max(1)
}

// ---------------------------------------------------------------------------------------
// Unknown keys, at every level of a YAML file

/// The keys a YAML mapping may hold, and for each the keys allowed in its value (a
/// mapping, or a list of mappings).
#[derive(Debug)]
pub(crate) struct Keys {
    /// What the mapping is, for messages: "a checklist item".
    pub subject: &'static str,
    /// What its keys are called, for hints: "keys of a checklist item".
    pub plural: &'static str,
    pub keys: &'static [(&'static str, Option<&'static Keys>)],
}

/// Reports every key of `text` (YAML) that `schema` does not allow, at its line and column,
/// with the nearest known key. Returns the known keys suggested, so that a "missing key"
/// error can be left out when a misspelling already explains it. YAML that does not parse
/// is left for the typed parse to report.
pub(crate) fn check_keys(
    text: &str,
    file: &Path,
    schema: &Keys,
    diagnostics: &mut Diagnostics,
) -> BTreeSet<&'static str> {
    let mut suggested = BTreeSet::new();
    if let Ok(node) = yaml::parse::<Node>(text, file, 1) {
        walk_keys(&node, schema, file, diagnostics, &mut suggested);
    }
    suggested
}

fn walk_keys(
    node: &Node,
    schema: &Keys,
    file: &Path,
    diagnostics: &mut Diagnostics,
    suggested: &mut BTreeSet<&'static str>,
) {
    match node {
        Node::Map(entries) => {
            for (key, value) in entries {
                let name = key.value.trim();
                match schema.keys.iter().find(|(k, _)| *k == name) {
                    Some((_, Some(child))) => {
                        walk_keys(value, child, file, diagnostics, suggested);
                    }
                    Some((_, None)) => {}
                    None => {
                        let known = schema.keys.iter().map(|(k, _)| *k);
                        if let Some(best) = did_you_mean(name, known.clone()) {
                            suggested.insert(best);
                        }
                        diagnostics.push(
                            Diagnostic::error(
                                file,
                                format!("{} has an unknown key `{name}`", schema.subject),
                            )
                            .at(line_of(key), column_of(key))
                            .with_hint(suggestion_hint(
                                name,
                                known,
                                schema.plural,
                            )),
                        );
                    }
                }
            }
        }
        Node::List(items) => {
            for item in items {
                if matches!(item, Node::Map(_)) {
                    walk_keys(item, schema, file, diagnostics, suggested);
                }
            }
        }
        Node::Scalar => {}
    }
}

/// Any YAML value, keeping only the mapping keys and their places.
#[derive(Debug)]
enum Node {
    Map(Vec<(Spanned<String>, Node)>),
    List(Vec<Node>),
    Scalar,
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    entries.push((key, map.next_value::<Node>()?));
                }
                Ok(Node::Map(entries))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Node>()? {
                    items.push(item);
                }
                Ok(Node::List(items))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_string<E: de::Error>(self, _: String) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_i128<E: de::Error>(self, _: i128) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_u128<E: de::Error>(self, _: u128) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_none<E: de::Error>(self) -> Result<Node, E> {
                Ok(Node::Scalar)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
                Node::deserialize(d)
            }
        }
        deserializer.deserialize_any(NodeVisitor)
    }
}

// ---------------------------------------------------------------------------------------
// The page

/// The HTML body of the checklist page (the theme adds the title as the h1, and [`summary`]
/// as the lead paragraph when the build gives it as the page summary): the key to the
/// scale, a summary per area with a chart, the full table, and the next steps by due date
/// with overdue ones flagged against `published`. The page is written to [`PAGE_OUT`]; it
/// links to the action plan at [`CSV_OUT`].
pub fn page_html(checklist: &Checklist, published: Option<Date>) -> String {
    let mut html = String::new();

    // The key.
    html.push_str("<h2 id=\"key\">How each question is rated</h2>\n<dl class=\"status-key\">\n");
    for status in Status::ALL {
        let _ = writeln!(
            html,
            "<div class=\"status-key__item\"><dt>{} <span class=\"visually-hidden\">({})</span></dt><dd>{}</dd></div>",
            status.badge(),
            status.colour_name(),
            escape(checklist.scale.describe(status)),
        );
    }
    html.push_str("</dl>\n");

    // The summary per area: table and chart.
    html.push_str("<h2 id=\"summary\">Summary by area</h2>\n");
    html.push_str("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Number of questions in each area by status\">\n<table class=\"checklist-summary\" id=\"checklist-summary-table\">\n<caption>Number of questions in each area by status</caption>\n<thead><tr><th scope=\"col\">Area</th>");
    for status in Status::ALL {
        let _ = write!(
            html,
            "<th scope=\"col\" class=\"num\">{}</th>",
            status.badge()
        );
    }
    html.push_str("<th scope=\"col\" class=\"num\">Questions</th></tr></thead>\n<tbody>\n");
    for area in &checklist.areas {
        let _ = write!(
            html,
            "<tr><th scope=\"row\"><a href=\"#{}\">{}</a></th>",
            area.id,
            escape(&area.name)
        );
        for status in Status::ALL {
            let _ = write!(
                html,
                "<td class=\"num\">{}</td>",
                count_badge(status, area.count(status))
            );
        }
        let _ = writeln!(html, "<td class=\"num\">{}</td></tr>", area.items.len());
    }
    html.push_str("</tbody>\n");
    if checklist.areas.len() > 1 {
        html.push_str("<tfoot><tr><th scope=\"row\">All areas</th>");
        for status in Status::ALL {
            let _ = write!(
                html,
                "<td class=\"num\">{}</td>",
                count_badge(status, total(checklist, status))
            );
        }
        let all: usize = checklist.areas.iter().map(|a| a.items.len()).sum();
        let _ = writeln!(html, "<td class=\"num\">{all}</td></tr></tfoot>");
    }
    html.push_str("</table>\n</div>\n");
    if !checklist.areas.is_empty() {
        let _ = writeln!(
            html,
            "<figure class=\"checklist-chart\">\n{}\n<figcaption class=\"chart-caption\"><p>The same numbers as the table above, as a chart.</p></figcaption>\n</figure>",
            chart_svg(checklist).replacen(
                " role=\"img\"",
                " role=\"img\" aria-describedby=\"checklist-summary-table\"",
                1
            )
        );
    }

    // The full table.
    html.push_str("<h2 id=\"checklist\">The full checklist</h2>\n<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Every question, its status and next step\">\n<table class=\"checklist-table\">\n<caption>Every question, its status and next step</caption>\n<thead><tr><th scope=\"col\">Question</th><th scope=\"col\">Status</th><th scope=\"col\">Next step</th><th scope=\"col\">Owner</th><th scope=\"col\">Due</th></tr></thead>\n");
    for area in &checklist.areas {
        let _ = writeln!(
            html,
            "<tbody>\n<tr class=\"checklist-table__area\"><th scope=\"rowgroup\" colspan=\"5\" id=\"{}\">{}</th></tr>",
            area.id,
            escape(&area.name)
        );
        for item in &area.items {
            let overdue = match (item.next_step.as_ref(), item.due, published) {
                (Some(_), Some(due), Some(p)) => is_overdue(due, p),
                _ => false,
            };
            let _ = writeln!(
                html,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&item.question),
                item.status.badge(),
                item.next_step.as_deref().map_or_else(none_text, escape),
                item.owner.as_deref().map_or_else(none_text, escape),
                item.due.map_or_else(none_text, |d| due_html(d, overdue)),
            );
        }
        html.push_str("</tbody>\n");
    }
    html.push_str("</table>\n</div>\n");

    // The next steps.
    let steps = next_steps(checklist, published);
    html.push_str("<h2 id=\"next-steps\">Next steps</h2>\n");
    if steps.is_empty() {
        html.push_str("<p>There are no next steps in the checklist.</p>\n");
    } else {
        let overdue = steps.iter().filter(|s| s.overdue == Some(true)).count();
        let mut intro = format!(
            "{} by due date, soonest first.",
            plural(steps.len(), "next step", "next steps")
        );
        if let Some(p) = published {
            let _ = write!(
                intro,
                " On the publication date, {}, {}.",
                p.display(),
                match overdue {
                    0 => "none was overdue".to_string(),
                    1 => "1 was overdue; it is marked \u{201c}Overdue\u{201d}".to_string(),
                    n => format!("{n} were overdue; they are marked \u{201c}Overdue\u{201d}"),
                }
            );
        }
        let _ = writeln!(html, "<p>{}</p>", escape(&intro));
        html.push_str("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Next steps by due date\">\n<table class=\"next-steps\">\n<caption>Next steps by due date</caption>\n<thead><tr><th scope=\"col\">Due</th><th scope=\"col\">Next step</th><th scope=\"col\">Owner</th><th scope=\"col\">Question</th><th scope=\"col\">Status</th></tr></thead>\n<tbody>\n");
        for step in &steps {
            let overdue = step.overdue == Some(true);
            let _ = writeln!(
                html,
                "<tr{}><td>{}</td><th scope=\"row\">{}</th><td>{}</td><td>{} <span class=\"next-steps__area\">({})</span></td><td>{}</td></tr>",
                if overdue {
                    " class=\"next-steps__row--overdue\""
                } else {
                    ""
                },
                step.item
                    .due
                    .map_or_else(|| "No date set".to_string(), |d| due_html(d, overdue)),
                escape(step.item.next_step.as_deref().unwrap_or_default()),
                step.item.owner.as_deref().map_or_else(none_text, escape),
                escape(&step.item.question),
                escape(&step.area.name),
                step.item.status.badge(),
            );
        }
        html.push_str("</tbody>\n</table>\n</div>\n");
        let csv_name = CSV_OUT.rsplit('/').next().unwrap_or(CSV_OUT);
        let _ = writeln!(
            html,
            "<p class=\"data-download\"><a href=\"{csv_name}\" download>Download the next steps as an action plan (CSV)</a></p>"
        );
    }
    html
}

/// A count in the colour and shape of its status (the column header says which).
fn count_badge(status: Status, count: usize) -> String {
    format!(
        "<span class=\"{}\">{} {count}</span>",
        status.class(),
        status.icon()
    )
}

fn none_text() -> String {
    "<span class=\"checklist-none\">None given</span>".to_string()
}

/// A due date as HTML, with "Overdue" in words when it is.
fn due_html(due: Date, overdue: bool) -> String {
    let mut html = format!(
        "<time datetime=\"{}\">{}</time>",
        iso(due),
        escape(&due.display())
    );
    if overdue {
        html.push_str(" <strong class=\"overdue\">Overdue</strong>");
    }
    html
}

/// `2025-12-01`.
fn iso(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year, date.month, date.day)
}

/// The summary chart: one stacked bar per area, red, amber and green segments with the
/// number of questions; `role="img"` with a title and a description in words.
pub fn chart_svg(checklist: &Checklist) -> String {
    let plot = Plot {
        kind: Kind::StackedBar,
        title: format!("{}: questions by status in each area", checklist.title),
        category_label: "area".to_string(),
        value_label: "number of questions".to_string(),
        categories: checklist.areas.iter().map(|a| a.name.clone()).collect(),
        series: Status::ALL
            .iter()
            .map(|status| Series {
                name: status.label().to_string(),
                colour: status.colour().to_string(),
                marks: checklist
                    .areas
                    .iter()
                    .map(|a| Mark::Value(a.count(*status) as f64))
                    .collect(),
            })
            .collect(),
        unit: Unit::Count,
        percent_decimals: 0,
        benchmarks: Vec::new(),
    };
    draw::svg_with_alt(&plot, "checklist-chart", &chart_description(checklist))
}

/// The chart's description: every number in words.
fn chart_description(checklist: &Checklist) -> String {
    let parts: Vec<String> = checklist
        .areas
        .iter()
        .map(|a| {
            format!(
                "{}: {} not yet (red), {} limited (amber), {} active (green)",
                a.name,
                a.count(Status::None),
                a.count(Status::Limited),
                a.count(Status::Active)
            )
        })
        .collect();
    format!(
        "Stacked bar chart of the number of questions in each area by status. {}.",
        parts.join("; ")
    )
}

// ---------------------------------------------------------------------------------------
// The action plan

/// The next steps as a CSV action plan (UTF-8, comma separated, CRLF line ends, a header
/// row), sorted as on the page: `Question, Area, Next step, Owner, Due, Status, Overdue`.
/// `Due` is an ISO date (sorts in a spreadsheet); `Overdue` is `yes` or `no`, or empty
/// when the report has no `published` date or the step has no due date.
pub fn action_plan_csv(checklist: &Checklist, published: Option<Date>) -> Vec<u8> {
    let mut out = String::new();
    crate::format::csv_record(
        &mut out,
        &[
            "Question",
            "Area",
            "Next step",
            "Owner",
            "Due",
            "Status",
            "Overdue",
        ],
    );
    for step in next_steps(checklist, published) {
        let due = step.item.due.map(iso).unwrap_or_default();
        let overdue = match step.overdue {
            Some(true) => "yes",
            Some(false) => "no",
            None => "",
        };
        crate::format::csv_record(
            &mut out,
            &[
                &step.item.question,
                &step.area.name,
                step.item.next_step.as_deref().unwrap_or_default(),
                step.item.owner.as_deref().unwrap_or_default(),
                &due,
                step.item.status.label(),
                overdue,
            ],
        );
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "\
title: Progression review
scale:
  none: Not something we do yet
  limited: We do something, but it is limited
  active: We actively do this
areas:
  - name: Leadership and culture
    items:
      - question: Do you use data to inform your progression strategy?
        status: limited
        next_step: Add grade-by-background figures to the people report
        owner: HR data team
        due: 2025-12-01
      - question: Do senior leaders talk about class openly?
        status: none
        next_step: Run a session for the senior team
        owner: Network chair
        due: 2025-09-30
  - name: Workforce
    items:
      - question: Are accelerator roles advertised to everyone?
        status: active
      - question: Do you offer reverse mentoring?
        status: LIMITED
        next_step: Open the scheme to all grades
        owner: Learning team
        due: 2025-10-01
      - question: Is the network involved in designing interventions?
        status: none
        next_step: Agree terms of reference with HR
";

    fn parse_ok(text: &str) -> Checklist {
        let mut d = Diagnostics::new();
        let checklist = parse(text, &mut d);
        assert!(!d.has_errors(), "{:?}", d.sorted());
        checklist.expect("a checklist")
    }

    fn parse_err(text: &str) -> Vec<Diagnostic> {
        let mut d = Diagnostics::new();
        let checklist = parse(text, &mut d);
        assert!(checklist.is_none());
        d.sorted().into_iter().filter(|d| d.is_error()).collect()
    }

    fn date(text: &str) -> Date {
        Date::parse(text).expect("a date")
    }

    #[test]
    fn parses_the_format_example() {
        let c = parse_ok(GOOD);
        assert_eq!(c.title, "Progression review");
        assert_eq!(c.areas.len(), 2);
        assert_eq!(c.areas[0].id, "area-leadership-and-culture");
        assert_eq!(c.areas[0].line, 7);
        let first = &c.areas[0].items[0];
        assert_eq!(first.status, Status::Limited);
        assert_eq!(first.due, Some(date("2025-12-01")));
        assert_eq!(first.owner.as_deref(), Some("HR data team"));
        assert_eq!(first.line, 9);
        // Statuses are read in any case.
        assert_eq!(c.areas[1].items[1].status, Status::Limited);
        assert_eq!(c.areas[1].count(Status::None), 1);
        assert_eq!(total(&c, Status::Limited), 2);
        assert_eq!(
            summary(&c),
            "5 questions in 2 areas: 2 not yet, 2 limited and 1 active."
        );
    }

    #[test]
    fn title_and_scale_are_optional() {
        let c =
            parse_ok("areas:\n  - name: A\n    items:\n      - {question: Q?, status: active}\n");
        assert_eq!(c.title, DEFAULT_TITLE);
        assert_eq!(c.scale, Scale::default());
        let c = parse_ok(
            "scale:\n  none: Nope\nareas:\n  - name: A\n    items:\n      - {question: Q?, status: none}\n",
        );
        assert_eq!(c.scale.none, "Nope");
        assert_eq!(c.scale.active, Scale::default().active);
    }

    #[test]
    fn unknown_keys_at_every_level_are_reported_at_once_with_lines() {
        let text = "titel: X\nareas:\n  - nmae: A\n    items:\n      - question: Q?\n        stauts: none\n        ownr: me\n";
        let errors = parse_err(text);
        let found: Vec<(Option<usize>, &str, Option<&str>)> = errors
            .iter()
            .map(|d| (d.line, d.message.as_str(), d.hint.as_deref()))
            .collect();
        assert_eq!(
            found,
            [
                (
                    Some(1),
                    "checklist.yaml has an unknown key `titel`",
                    Some("did you mean `title`?")
                ),
                (
                    Some(3),
                    "an area of the checklist has an unknown key `nmae`",
                    Some("did you mean `name`?")
                ),
                (
                    Some(6),
                    "a checklist item has an unknown key `stauts`",
                    Some("did you mean `status`?")
                ),
                (
                    Some(7),
                    "a checklist item has an unknown key `ownr`",
                    Some("did you mean `owner`?")
                ),
            ]
        );
        assert_eq!(errors[2].column, Some(9));
    }

    #[test]
    fn unknown_scale_level_is_named() {
        let errors = parse_err(
            "scale:\n  amber: Some\nareas:\n  - name: A\n    items:\n      - {question: Q?, status: none}\n",
        );
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, Some(2));
        assert_eq!(errors[0].message, "the scale has an unknown key `amber`");
        assert!(errors[0].hint.as_deref().unwrap().contains("`none`"));
    }

    #[test]
    fn bad_statuses_say_which_status_is_meant() {
        let text = "areas:\n  - name: A\n    items:\n      - question: Q1?\n        status: limted\n      - question: Q2?\n        status: amber\n      - question: Q3?\n        status: maybe\n";
        let errors = parse_err(text);
        assert_eq!(errors.len(), 3);
        assert_eq!(errors[0].line, Some(5));
        assert_eq!(errors[0].column, Some(17));
        assert_eq!(
            errors[0].message,
            "`status: limted` is not one of the checklist's statuses"
        );
        assert!(
            errors[0]
                .hint
                .as_deref()
                .unwrap()
                .starts_with("did you mean `limited`?")
        );
        assert_eq!(errors[1].line, Some(7));
        assert!(
            errors[1]
                .hint
                .as_deref()
                .unwrap()
                .starts_with("write `status: limited`")
        );
        assert_eq!(errors[2].line, Some(9));
        assert!(errors[2].hint.as_deref().unwrap().contains("`none` (red)"));
    }

    #[test]
    fn bad_dates_are_errors_at_their_line() {
        let text = "areas:\n  - name: A\n    items:\n      - question: Q?\n        status: none\n        next_step: Do it\n        due: 2025-02-30\n";
        let errors = parse_err(text);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, Some(7));
        assert_eq!(errors[0].message, "`due: 2025-02-30` is not a date");
        assert!(errors[0].hint.as_deref().unwrap().contains("2025-12-01"));
        let errors = parse_err(&text.replace("2025-02-30", "1 December"));
        assert_eq!(errors[0].message, "`due: 1 December` is not a date");
    }

    #[test]
    fn missing_things_are_errors_but_not_twice_for_a_misspelling() {
        let errors = parse_err("areas:\n  - name: A\n    items:\n      - question: Q?\n");
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].message, "a checklist item has no `status:`");
        assert_eq!(errors[0].line, Some(4));
        // `stats` suggests `status`, so the missing status is not reported again.
        let errors = parse_err(
            "areas:\n  - name: A\n    items:\n      - question: Q?\n        stats: none\n",
        );
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].message.contains("unknown key `stats`"));
        let errors = parse_err("title: X\n");
        assert_eq!(errors[0].message, "the checklist has no `areas:`");
        let errors = parse_err("areas: []\n");
        assert_eq!(errors[0].message, "the checklist has no areas");
        let errors = parse_err("areas:\n  - items:\n      - {question: Q?, status: none}\n");
        assert_eq!(errors[0].message, "an area of the checklist has no `name:`");
        assert_eq!(errors[0].line, Some(2));
    }

    #[test]
    fn duplicate_areas_and_yaml_errors() {
        let errors = parse_err(
            "areas:\n  - name: A\n    items: []\n  - name: a\n    items:\n      - {question: Q?, status: none}\n",
        );
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, Some(4));
        assert!(errors[0].message.contains("listed twice (first on line 2)"));
        let errors = parse_err("areas:\n  - name: A\n    items: {question: Q?}\n");
        assert_eq!(errors[0].line, Some(3));
        assert!(
            errors[0].message.contains("`items` should be a list"),
            "{errors:?}"
        );
        let errors = parse_err("");
        assert_eq!(errors[0].message, "checklist.yaml is empty");
    }

    #[test]
    fn a_due_date_without_a_next_step_is_a_warning() {
        let mut d = Diagnostics::new();
        let c = parse(
            "areas:\n  - name: A\n    items:\n      - {question: Q?, status: none, due: 2025-01-01}\n",
            &mut d,
        );
        assert!(c.is_some());
        let all = d.sorted();
        assert_eq!(all.len(), 1);
        assert!(!all[0].is_error());
        assert_eq!(all[0].line, Some(4));
    }

    #[test]
    fn overdue_is_strictly_before_published() {
        let published = date("2025-10-01");
        assert!(is_overdue(date("2025-09-30"), published));
        assert!(!is_overdue(date("2025-10-01"), published));
        assert!(!is_overdue(date("2025-10-02"), published));
    }

    #[test]
    fn next_steps_are_sorted_by_due_date_with_undated_last() {
        let c = parse_ok(GOOD);
        let steps = next_steps(&c, Some(date("2025-10-01")));
        let order: Vec<(&str, Option<bool>)> = steps
            .iter()
            .map(|s| (s.item.next_step.as_deref().unwrap(), s.overdue))
            .collect();
        assert_eq!(
            order,
            [
                ("Run a session for the senior team", Some(true)),
                ("Open the scheme to all grades", Some(false)),
                (
                    "Add grade-by-background figures to the people report",
                    Some(false)
                ),
                ("Agree terms of reference with HR", None),
            ]
        );
        // Without a publication date nothing is overdue or on time.
        assert!(next_steps(&c, None).iter().all(|s| s.overdue.is_none()));
    }

    #[test]
    fn equal_due_dates_keep_the_file_order() {
        let c = parse_ok(
            "areas:\n  - name: A\n    items:\n      - {question: Q1?, status: none, next_step: S1, due: 2025-05-01}\n      - {question: Q2?, status: none, next_step: S2, due: 2025-04-01}\n      - {question: Q3?, status: none, next_step: S3, due: 2025-05-01}\n",
        );
        let order: Vec<&str> = next_steps(&c, None)
            .iter()
            .map(|s| s.item.next_step.as_deref().unwrap())
            .collect();
        assert_eq!(order, ["S2", "S1", "S3"]);
    }

    #[test]
    fn csv_action_plan() {
        let c = parse_ok(GOOD);
        let csv = String::from_utf8(action_plan_csv(&c, Some(date("2025-10-01")))).unwrap();
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], "Question,Area,Next step,Owner,Due,Status,Overdue");
        assert_eq!(
            lines[1],
            "Do senior leaders talk about class openly?,Leadership and culture,Run a session for the senior team,Network chair,2025-09-30,Not yet,yes"
        );
        assert_eq!(
            lines[2],
            "Do you offer reverse mentoring?,Workforce,Open the scheme to all grades,Learning team,2025-10-01,Limited,no"
        );
        assert_eq!(
            lines[4],
            "Is the network involved in designing interventions?,Workforce,Agree terms of reference with HR,,,Not yet,"
        );
        assert_eq!(
            lines.len(),
            6,
            "four steps, a header and the final line end"
        );
        assert_eq!(lines[5], "");
        let csv = String::from_utf8(action_plan_csv(&c, None)).unwrap();
        assert!(csv.contains(",2025-09-30,Not yet,\r\n"));
    }

    #[test]
    fn csv_quotes_commas_and_quotes() {
        let c = parse_ok(
            "areas:\n  - name: Data, pay and reward\n    items:\n      - question: 'Do you \"share\" data?'\n        status: none\n        next_step: Publish it\n",
        );
        let csv = String::from_utf8(action_plan_csv(&c, None)).unwrap();
        assert!(
            csv.contains("\"Do you \"\"share\"\" data?\",\"Data, pay and reward\",Publish it"),
            "{csv}"
        );
    }

    #[test]
    fn page_has_words_shapes_table_and_flags() {
        let c = parse_ok(GOOD);
        let html = page_html(&c, Some(date("2025-10-01")));
        // Every status is shown with its words and its icon, never colour alone.
        for status in Status::ALL {
            assert!(html.contains(&format!(
                "<span class=\"status status--{}\">{} <span class=\"status__label\">{}</span></span>",
                status.name(),
                status.icon(),
                status.label()
            )));
        }
        assert!(html.contains("(amber)"));
        // The summary table counts per area.
        assert!(html.contains(&format!(
            "<tr><th scope=\"row\"><a href=\"#area-workforce\">Workforce</a></th><td class=\"num\"><span class=\"status status--none\">{} 1</span></td><td class=\"num\"><span class=\"status status--limited\">{} 1</span></td><td class=\"num\"><span class=\"status status--active\">{} 1</span></td><td class=\"num\">3</td></tr>",
            Status::None.icon(),
            Status::Limited.icon(),
            Status::Active.icon()
        )));
        // The chart is an accessible SVG.
        assert!(html.contains("role=\"img\""));
        assert!(html.contains("<title"));
        assert!(html.contains("Workforce: 1 not yet (red), 1 limited (amber), 1 active (green)"));
        // The full table has a caption and scoped headers.
        assert!(html.contains("<caption>Every question, its status and next step</caption>"));
        assert!(html.contains("<th scope=\"rowgroup\" colspan=\"5\" id=\"area-workforce\">"));
        // Exactly one step is overdue, flagged in words, in both tables.
        assert_eq!(
            html.matches("<strong class=\"overdue\">Overdue</strong>")
                .count(),
            2
        );
        assert!(
            html.contains("On the publication date, 1 October 2025, 1 was overdue; it is marked")
        );
        assert!(html.contains("<time datetime=\"2025-09-30\">30 September 2025</time> <strong class=\"overdue\">Overdue</strong>"));
        assert!(html.contains("href=\"action-plan.csv\""));
        // The next steps come in due order.
        let a = html.rfind("Run a session").unwrap();
        let b = html.rfind("Open the scheme").unwrap();
        let c2 = html.rfind("Agree terms").unwrap();
        assert!(a < b && b < c2);
    }

    #[test]
    fn page_without_published_flags_nothing() {
        let c = parse_ok(GOOD);
        let html = page_html(&c, None);
        assert!(!html.contains("Overdue"));
        assert!(html.contains("4 next steps by due date, soonest first."));
    }

    #[test]
    fn page_escapes_text() {
        let c = parse_ok(
            "title: A <b>\nareas:\n  - name: \"<script>\"\n    items:\n      - {question: \"x < y?\", status: none, next_step: \"a & b\"}\n",
        );
        let html = page_html(&c, None);
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(html.contains("a &amp; b"));
        assert!(html.contains("x &lt; y?"));
    }

    #[test]
    fn load_reads_the_file_or_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut d = Diagnostics::new();
        assert!(load(dir.path(), &mut d).is_none());
        assert!(d.is_empty());
        std::fs::write(dir.path().join(FILE), GOOD.replace('\n', "\r\n")).unwrap();
        let c = load(dir.path(), &mut d).unwrap();
        assert!(d.is_empty());
        assert_eq!(c.areas[1].items.len(), 3);
    }
}
