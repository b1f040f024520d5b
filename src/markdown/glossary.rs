//! Glossary auto-linking: the first use on a page of a term, one of its aliases or its
//! abbreviation links to the term's entry on the glossary page, with the short definition
//! as a tooltip shown on hover and keyboard focus (FORMAT.md section 8).

use std::collections::BTreeSet;

use pulldown_cmark::{Event, Parser};

use crate::html::escape;
use crate::source::Term;

/// One way of writing a term in the prose.
#[derive(Debug, Clone)]
struct Pattern {
    /// Index of the term.
    term: usize,
    /// The text to find; lower case when `exact_case` is false.
    text: String,
    /// The text as written in the glossary.
    written: String,
    /// Abbreviations match case exactly (`SEB`, not `seb`).
    exact_case: bool,
}

/// Finds glossary terms in text. Built once per build, shared by every page.
#[derive(Debug, Clone)]
pub struct Linker {
    patterns: Vec<Pattern>,
    /// Per term: the anchor and the short definition (plain text).
    terms: Vec<(String, String)>,
}

impl Linker {
    pub fn new(terms: &[Term]) -> Self {
        let mut patterns = Vec::new();
        for (index, term) in terms.iter().enumerate() {
            let mut add = |text: &str, exact_case: bool| {
                let text = text.trim();
                if !text.is_empty() {
                    patterns.push(Pattern {
                        term: index,
                        text: if exact_case {
                            text.to_string()
                        } else {
                            text.to_lowercase()
                        },
                        written: text.to_string(),
                        exact_case,
                    });
                }
            };
            add(&term.term, false);
            for alias in &term.aliases {
                add(alias, false);
            }
            if let Some(abbr) = &term.abbr {
                add(abbr, true);
            }
        }
        // Longer patterns first, so "lower socio-economic background" wins over "background".
        patterns.sort_by(|a, b| b.text.len().cmp(&a.text.len()).then(a.term.cmp(&b.term)));
        let terms = terms
            .iter()
            .map(|t| (t.id.clone(), short_definition(&t.definition)))
            .collect();
        Linker { patterns, terms }
    }

    /// Finds the earliest use of a term not yet linked on this page: (start, end, term).
    pub fn find(&self, text: &str, linked: &BTreeSet<usize>) -> Option<(usize, usize, usize)> {
        let lower = text.to_lowercase();
        // Lower-casing can change byte lengths outside ASCII; fall back to exact matching then.
        let lower_ok = lower.len() == text.len();
        let mut best: Option<(usize, usize, usize)> = None;
        for pattern in &self.patterns {
            if linked.contains(&pattern.term) {
                continue;
            }
            let haystack = if pattern.exact_case || !lower_ok {
                text
            } else {
                lower.as_str()
            };
            let mut from = 0;
            while let Some(found) = haystack[from..].find(&pattern.text) {
                let start = from + found;
                let end = start + pattern.text.len();
                if is_word_boundary(text, start, end)
                    && !part_of_a_name(text, start, end, &pattern.written)
                {
                    if best.is_none_or(|(s, e, _)| start < s || (start == s && end > e)) {
                        best = Some((start, end, pattern.term));
                    }
                    break;
                }
                from = start + text[start..].chars().next().map_or(1, char::len_utf8);
            }
        }
        best
    }

    /// The markup for a linked use of a term.
    pub fn link_html(&self, term: usize, shown: &str, glossary_url: &str, tip_id: &str) -> String {
        let (id, tip) = &self.terms[term];
        format!(
            "<span class=\"gloss\"><a href=\"{url}#{id}\" aria-describedby=\"{tip_id}\">{text}</a><span class=\"gloss-tip\" role=\"tooltip\" id=\"{tip_id}\">{tip}</span></span>",
            url = escape(glossary_url),
            id = escape(id),
            text = escape(shown),
            tip = escape(tip),
        )
    }
}

/// A term is only found as a whole word: "SEB" in "SEBASTIAN" is not a use.
fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// "Social Mobility Foundation" is a name, not a use of the term "Social mobility": a
/// match written with capitals the glossary does not use, followed by a capitalised word,
/// is taken to be part of a proper name.
fn part_of_a_name(text: &str, start: usize, end: usize, written: &str) -> bool {
    let found = &text[start..end];
    if found == written {
        return false;
    }
    let next_word = text[end..].trim_start_matches([' ', '\u{a0}']);
    next_word.len() < text.len() - end && next_word.chars().next().is_some_and(char::is_uppercase)
}

/// The first sentence of a definition, as plain text, for the tooltip.
pub fn short_definition(markdown: &str) -> String {
    let mut plain = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => plain.push_str(&t),
            Event::SoftBreak | Event::HardBreak => plain.push(' '),
            Event::End(_) if !plain.ends_with(' ') => plain.push(' '),
            _ => {}
        }
    }
    let plain = plain.split_whitespace().collect::<Vec<_>>().join(" ");
    let cut = plain
        .match_indices(". ")
        .map(|(i, _)| i + 1)
        .find(|i| *i >= 40)
        .unwrap_or(plain.len());
    plain[..cut].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(name: &str, abbr: Option<&str>, aliases: &[&str]) -> Term {
        Term {
            term: name.to_string(),
            id: crate::source::slug(name),
            abbr: abbr.map(str::to_string),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            definition: "A definition that is long enough to be cut. Second sentence.".to_string(),
            see_also: Vec::new(),
            line: 1,
        }
    }

    #[test]
    fn finds_the_earliest_whole_word_use() {
        let linker = Linker::new(&[
            term("Socio-economic background", Some("SEB"), &[]),
            term("Background", None, &[]),
        ]);
        let none = BTreeSet::new();
        let text = "Our SEBASTIAN data: socio-economic background (SEB) matters.";
        let (start, end, which) = linker.find(text, &none).unwrap();
        assert_eq!(&text[start..end], "socio-economic background");
        assert_eq!(which, 0);
        let linked = BTreeSet::from([0]);
        // With the first term linked, "background" inside it is the next use of term 1.
        let (start, end, which) = linker.find(text, &linked).unwrap();
        assert_eq!((&text[start..end], which), ("background", 1));
    }

    #[test]
    fn names_that_contain_a_term_are_left_alone() {
        let linker = Linker::new(&[term("Social mobility", None, &[])]);
        let none = BTreeSet::new();
        assert!(
            linker
                .find("the Social Mobility Foundation says", &none)
                .is_none()
        );
        assert!(linker.find("Social mobility matters", &none).is_some());
        assert!(linker.find("Social Mobility. Next", &none).is_some());
    }

    #[test]
    fn abbreviations_match_case() {
        let linker = Linker::new(&[term("Free school meals", Some("FSM"), &[])]);
        assert!(linker.find("fsm", &BTreeSet::new()).is_none());
        assert!(linker.find("FSM", &BTreeSet::new()).is_some());
    }

    #[test]
    fn short_definitions_are_the_first_sentence() {
        assert_eq!(
            short_definition("A definition that is *long* enough to be cut. Second sentence."),
            "A definition that is long enough to be cut."
        );
    }
}
