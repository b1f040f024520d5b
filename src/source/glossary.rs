//! `glossary.yaml`: terms that are explained on the glossary page and linked from the
//! prose (FORMAT.md section 8).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Diagnostics, suggestion_hint};
use crate::source::slug;
use crate::yaml::{self, Spanned};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    term: Spanned<String>,
    #[serde(default)]
    abbr: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    definition: Option<String>,
    #[serde(default)]
    see_also: Vec<Spanned<String>>,
}

/// One glossary entry.
#[derive(Debug, Clone)]
pub struct Term {
    pub term: String,
    /// The anchor of the entry on the glossary page.
    pub id: String,
    pub abbr: Option<String>,
    pub aliases: Vec<String>,
    /// Markdown.
    pub definition: String,
    /// Other terms, by their exact `term`.
    pub see_also: Vec<String>,
    /// The line of the entry in glossary.yaml.
    pub line: usize,
}

/// Reads `glossary.yaml` if the source has one. Terms come back sorted A to Z.
pub fn load(root: &Path, diagnostics: &mut Diagnostics) -> Vec<Term> {
    let file = Path::new("glossary.yaml");
    let text = match super::read_text(root, file, "file") {
        Ok(text) => text,
        // No glossary.
        Err(super::ReadError::Io(_)) => return Vec::new(),
        Err(super::ReadError::Invalid(d)) => {
            diagnostics.push(d);
            return Vec::new();
        }
    };
    if text.trim().is_empty() {
        return Vec::new();
    }
    let raw: Vec<RawTerm> = match yaml::parse(&text, file, 1) {
        Ok(raw) => raw,
        Err(mut d) => {
            if let Some(field) = crate::source::config::unknown_field(&d.message) {
                d.message = format!("a glossary entry has an unknown key `{field}`");
                d.hint = Some(suggestion_hint(
                    &field,
                    ["term", "abbr", "aliases", "definition", "see_also"],
                    "glossary keys",
                ));
            }
            diagnostics.push(d);
            return Vec::new();
        }
    };

    let mut terms: Vec<Term> = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for entry in &raw {
        let line = entry.term.referenced.line() as usize;
        let name = entry.term.value.trim().to_string();
        if name.is_empty() {
            diagnostics.push(
                Diagnostic::error(file, "a glossary entry has an empty term")
                    .at_line(line)
                    .with_hint("write the word or phrase after `term:`"),
            );
            continue;
        }
        if let Some(first) = seen.get(&name.to_lowercase()) {
            diagnostics.push(
                Diagnostic::error(
                    file,
                    format!("the term `{name}` is defined twice (first on line {first})"),
                )
                .at_line(line)
                .with_hint("merge the two entries into one, or remove this one"),
            );
            continue;
        }
        seen.insert(name.to_lowercase(), line);
        let definition = entry.definition.clone().unwrap_or_default();
        if definition.trim().is_empty() {
            diagnostics.push(
                Diagnostic::error(file, format!("the term `{name}` has no definition"))
                    .at_line(line)
                    .with_hint("add `definition:` with a sentence or two in plain English"),
            );
        }
        terms.push(Term {
            id: slug(&name),
            term: name,
            abbr: entry.abbr.clone().filter(|a| !a.trim().is_empty()),
            aliases: entry
                .aliases
                .iter()
                .filter(|a| !a.trim().is_empty())
                .cloned()
                .collect(),
            definition,
            see_also: entry
                .see_also
                .iter()
                .map(|s| s.value.trim().to_string())
                .collect(),
            line,
        });
    }

    // `see_also` must name other terms.
    let names: Vec<&str> = terms.iter().map(|t| t.term.as_str()).collect();
    for entry in &raw {
        for other in &entry.see_also {
            let wanted = other.value.trim();
            if !names.iter().any(|n| n.eq_ignore_ascii_case(wanted)) {
                diagnostics.push(
                    Diagnostic::error(
                        file,
                        format!("`see_also` names `{wanted}`, which is not a term in the glossary"),
                    )
                    .at(
                        other.referenced.line() as usize,
                        other.referenced.column() as usize,
                    )
                    .with_hint(suggestion_hint(
                        wanted,
                        names.iter().copied(),
                        "terms",
                    )),
                );
            }
        }
    }
    // Resolve see_also spelling to the term's own spelling.
    let canonical: BTreeMap<String, String> = terms
        .iter()
        .map(|t| (t.term.to_lowercase(), t.term.clone()))
        .collect();
    for term in &mut terms {
        term.see_also = term
            .see_also
            .iter()
            .filter_map(|s| canonical.get(&s.to_lowercase()).cloned())
            .collect();
    }
    // Two entries whose ids collide would share an anchor.
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    for term in &mut terms {
        let count = ids.entry(term.id.clone()).or_insert(0);
        if *count > 0 {
            term.id = format!("{}-{count}", term.id);
        }
        *count += 1;
    }
    terms.sort_by_key(|t| sort_key(&t.term));
    terms
}

/// A to Z order, ignoring case.
pub fn sort_key(term: &str) -> String {
    term.to_lowercase()
}
