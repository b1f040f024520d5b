//! `report.yaml`: the settings of a report (FORMAT.md section 2).

use std::collections::BTreeMap;
use std::path::Path;

use indexmap::IndexMap;
use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Diagnostics, suggestion_hint};
use crate::yaml;

/// The keys `report.yaml` may hold.
pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "organisation",
    "year",
    "published",
    "language",
    "theme",
    "base_url",
    "allow_html",
    "disclosure",
    "groups",
    "labels",
    "order",
    "stats",
];

/// The settings of a report, as read from `report.yaml`.
#[derive(Debug, Clone, Deserialize)]
pub struct Config {
    pub title: String,
    pub organisation: String,
    pub year: i64,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub theme: Option<String>,
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default)]
    pub allow_html: bool,
    #[serde(default)]
    pub disclosure: Disclosure,
    /// Raw answers mapped to reporting groups, per column.
    #[serde(default)]
    pub groups: IndexMap<String, IndexMap<String, Vec<Scalar>>>,
    /// Display names of values, per column.
    #[serde(default)]
    pub labels: IndexMap<String, IndexMap<String, Scalar>>,
    /// Order of values in charts and tables, per column.
    #[serde(default)]
    pub order: IndexMap<String, Vec<Scalar>>,
    /// Named figures for the prose; used by the data features.
    #[serde(default)]
    pub stats: BTreeMap<String, serde_json::Value>,
}

impl Config {
    /// Stands in for a report.yaml that could not be read, so the rest of the source can
    /// still be checked.
    pub fn placeholder() -> Config {
        Config {
            title: "Untitled report".to_string(),
            organisation: String::new(),
            year: 0,
            published: None,
            language: default_language(),
            theme: None,
            base_url: None,
            allow_html: false,
            disclosure: Disclosure::default(),
            groups: IndexMap::new(),
            labels: IndexMap::new(),
            order: IndexMap::new(),
            stats: BTreeMap::new(),
        }
    }
}

/// A YAML scalar read as text: `2025`, `SCS` and `true` alike, for values that name
/// answers, years or grades.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    Int(i64),
    Float(f64),
    Bool(bool),
    Text(String),
}

impl Scalar {
    /// The value as text, as it would be written in a data file.
    pub fn text(&self) -> String {
        match self {
            Scalar::Int(i) => i.to_string(),
            Scalar::Float(f) => f.to_string(),
            Scalar::Bool(b) => b.to_string(),
            Scalar::Text(t) => t.trim().to_string(),
        }
    }
}

fn default_language() -> String {
    "en-GB".to_string()
}

/// Statistical disclosure control settings (FORMAT.md section 7).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Disclosure {
    #[serde(default = "default_threshold")]
    pub threshold: u64,
    #[serde(default)]
    pub round_to: u64,
    #[serde(default)]
    pub suppress_zeros: bool,
    #[serde(default = "default_symbol")]
    pub symbol: String,
}

fn default_threshold() -> u64 {
    10
}

fn default_symbol() -> String {
    "[c]".to_string()
}

impl Default for Disclosure {
    fn default() -> Self {
        Disclosure {
            threshold: default_threshold(),
            round_to: 0,
            suppress_zeros: false,
            symbol: default_symbol(),
        }
    }
}

/// A published date, parsed from `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses an ISO date such as `2025-10-01`, checking the day exists.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let year: i32 = parts.next()?.parse().ok()?;
        let month: u32 = parts.next()?.parse().ok()?;
        let day: u32 = parts.next()?.parse().ok()?;
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// The date in words, en-GB style: `1 October 2025`.
    pub fn display(&self) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let month = MONTHS[(self.month as usize).clamp(1, 12) - 1];
        format!("{} {month} {}", self.day, self.year)
    }
}

/// Reads and checks `report.yaml` in `root`.
pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Option<Config> {
    let file = Path::new("report.yaml");
    let text = match super::read_text(root, file, "file") {
        Ok(text) => text,
        Err(super::ReadError::Invalid(d)) => {
            diagnostics.push(d);
            return None;
        }
        Err(super::ReadError::Io(_)) => {
            diagnostics.push(
                Diagnostic::error(file, "the source folder has no report.yaml")
                    .with_hint(format!(
                        "create {} with at least `title:`, `organisation:` and `year:`, or point Ladder at the right folder",
                        root.join(file).display()
                    )),
            );
            return None;
        }
    };

    // Unknown top-level keys, all reported at once with the nearest known key.
    let keys: BTreeMap<String, serde::de::IgnoredAny> = match yaml::parse(&text, file, 1) {
        Ok(keys) => keys,
        Err(d) => {
            diagnostics.push(d);
            return None;
        }
    };
    let mut suggested = Vec::new();
    for key in keys.keys().filter(|k| !KNOWN_KEYS.contains(&k.as_str())) {
        let mut d = Diagnostic::error(file, format!("report.yaml has an unknown setting `{key}`"))
            .with_hint(suggestion_hint(key, KNOWN_KEYS.iter().copied(), "settings"));
        if let Some(line) = yaml::key_line(&text, key) {
            d = d.at(line, 1);
        }
        suggested.extend(crate::diagnostic::did_you_mean(
            key,
            KNOWN_KEYS.iter().copied(),
        ));
        diagnostics.push(d);
    }
    let mut missing = false;
    for required in ["title", "organisation", "year"] {
        if !keys.contains_key(required) {
            missing = true;
            // A misspelt key already says what to do.
            if !suggested.contains(&required) {
                diagnostics.push(
                    Diagnostic::error(
                        file,
                        format!("report.yaml is missing the required setting `{required}`"),
                    )
                    .with_hint(format!("add a line such as `{}`", example(required))),
                );
            }
        }
    }
    if missing {
        return None;
    }

    let config: Config = match yaml::parse(&text, file, 1) {
        Ok(config) => config,
        Err(mut d) => {
            if let Some(field) = unknown_field(&d.message) {
                d.message = format!("report.yaml has an unknown setting `{field}`");
                d.hint = Some(suggestion_hint(
                    &field,
                    ["threshold", "round_to", "suppress_zeros", "symbol"],
                    "disclosure settings",
                ));
            }
            diagnostics.push(d);
            return None;
        }
    };
    check(&config, &text, diagnostics);
    Some(config)
}

/// The field named in a serde "unknown field" message, if it is one.
pub fn unknown_field(message: &str) -> Option<String> {
    let start = message.find("unknown field `")? + "unknown field `".len();
    let end = message[start..].find('`')? + start;
    Some(message[start..end].to_string())
}

fn example(key: &str) -> &'static str {
    match key {
        "title" => "title: Social mobility report 2025",
        "organisation" => "organisation: Department for Example",
        _ => "year: 2025",
    }
}

/// Checks the values that parsed but make no sense.
fn check(config: &Config, text: &str, diagnostics: &mut Diagnostics) {
    let file = Path::new("report.yaml");
    let at = |key: &str| yaml::key_line(text, key).unwrap_or(1);
    if config.title.trim().is_empty() {
        diagnostics.push(
            Diagnostic::error(file, "the report title is empty")
                .at_line(at("title"))
                .with_hint("write the report's title after `title:`"),
        );
    }
    if config.organisation.trim().is_empty() {
        diagnostics.push(
            Diagnostic::error(file, "the organisation is empty")
                .at_line(at("organisation"))
                .with_hint("write your organisation's name after `organisation:`"),
        );
    }
    if !(1900..=2200).contains(&config.year) {
        diagnostics.push(
            Diagnostic::error(
                file,
                format!(
                    "the year {} does not look like a reporting year",
                    config.year
                ),
            )
            .at_line(at("year"))
            .with_hint("write the four-digit reporting year, for example `year: 2025`"),
        );
    }
    if let Some(published) = &config.published
        && Date::parse(published).is_none()
    {
        diagnostics.push(
            Diagnostic::error(file, format!("`published: {published}` is not a date"))
                .at_line(at("published"))
                .with_hint("write the date as year-month-day, for example `published: 2025-10-01`"),
        );
    }
    if !is_language_tag(&config.language) {
        diagnostics.push(
            Diagnostic::error(
                file,
                format!("`language: {}` is not a language tag", config.language),
            )
            .at_line(at("language"))
            .with_hint("use a tag such as `en-GB` or `cy` (Welsh)"),
        );
    }
    if let Some(base) = &config.base_url
        && !(base.starts_with("http://") || base.starts_with("https://"))
    {
        diagnostics.push(
            Diagnostic::error(file, format!("`base_url: {base}` is not a web address"))
                .at_line(at("base_url"))
                .with_hint("write the full address where the site will live, such as `https://intranet.example/sm-2025/`, or remove the line"),
        );
    }
    if config.disclosure.threshold == 0 {
        diagnostics.push(
            Diagnostic::error(
                file,
                "a disclosure threshold of 0 would publish every count, however small",
            )
            .at_line(at("threshold"))
            .with_hint("use the default `threshold: 10`, or at least 3"),
        );
    }
    if config.disclosure.symbol.trim().is_empty() {
        diagnostics.push(
            Diagnostic::error(file, "the disclosure symbol is empty")
                .at_line(at("symbol"))
                .with_hint("use the GSS shorthand `[c]`"),
        );
    }
}

fn is_language_tag(tag: &str) -> bool {
    !tag.is_empty()
        && tag.split('-').all(|part| {
            (1..=8).contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_display_in_en_gb() {
        let date = Date::parse("2025-10-01").unwrap();
        assert_eq!(date.display(), "1 October 2025");
        assert!(Date::parse("2025-02-29").is_none());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("1 October").is_none());
    }

    #[test]
    fn language_tags() {
        assert!(is_language_tag("en-GB"));
        assert!(is_language_tag("cy"));
        assert!(!is_language_tag("en GB"));
        assert!(!is_language_tag(""));
    }
}
