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
    /// The text to find; in lower case (see [`Lower`]) when `exact_case` is false.
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
                            Lower::new(text).text
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
    /// `start..end` is a range of `text`, on character boundaries.
    pub fn find(&self, text: &str, linked: &BTreeSet<usize>) -> Option<(usize, usize, usize)> {
        // The lower case of the text, made when a term that ignores case is looked for.
        let mut lower: Option<Lower> = None;
        let mut best: Option<(usize, usize, usize)> = None;
        for pattern in &self.patterns {
            if linked.contains(&pattern.term) {
                continue;
            }
            let found = if pattern.exact_case {
                first_use(text, text, Some, pattern)
            } else {
                let lower = lower.get_or_insert_with(|| Lower::new(text));
                first_use(text, &lower.text, |at| lower.original(at), pattern)
            };
            if let Some((start, end)) = found
                && best.is_none_or(|(s, e, _)| start < s || (start == s && end > e))
            {
                best = Some((start, end, pattern.term));
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

/// The first use of `pattern` in `text` as a whole word that is not part of a name, as a
/// range of `text`. `haystack` is `text` itself or its lower case, and `original` maps a
/// byte offset of `haystack` to the same place in `text` (`None` when it falls inside the
/// lower case of one character of `text`, as `i` does in the lower case of `İ`).
fn first_use(
    text: &str,
    haystack: &str,
    original: impl Fn(usize) -> Option<usize>,
    pattern: &Pattern,
) -> Option<(usize, usize)> {
    if pattern.text.is_empty() {
        return None;
    }
    let mut from = 0;
    while let Some(found) = haystack[from..].find(&pattern.text) {
        let at = from + found;
        if let (Some(start), Some(end)) = (original(at), original(at + pattern.text.len()))
            && is_word_boundary(text, start, end)
            && !part_of_a_name(text, start, end, &pattern.written)
        {
            return Some((start, end));
        }
        from = at + haystack[at..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// A text in lower case, for finding terms whatever their case, with the way back to the
/// text it was made from. Lower case can be longer or shorter in bytes than the original
/// (`Ⱥ` gets longer, the Ohm sign `Ω` shorter, `İ` becomes two characters), so a byte
/// offset of the lower case is not the same offset of the original: `map` holds it.
struct Lower {
    text: String,
    /// For each byte offset of `text` (and its end), the byte offset in the original of
    /// the character whose lower case starts there, or [`Lower::INSIDE`] when the offset
    /// falls inside the lower case of one character. `None` when the original is ASCII,
    /// whose offsets are the same in both.
    map: Option<Vec<usize>>,
}

impl Lower {
    const INSIDE: usize = usize::MAX;

    fn new(original: &str) -> Self {
        if original.is_ascii() {
            return Lower {
                text: original.to_ascii_lowercase(),
                map: None,
            };
        }
        let mut text = String::with_capacity(original.len() + 8);
        let mut map = Vec::with_capacity(original.len() + 9);
        for (at, c) in original.char_indices() {
            map.push(at);
            // The final sigma `ς` is a sigma like `σ` (and `Σ`), as `str::to_lowercase`
            // makes the last `Σ` of a word `ς`.
            let c = if c == 'ς' { 'σ' } else { c };
            text.extend(c.to_lowercase());
            map.resize(text.len(), Self::INSIDE);
        }
        map.push(original.len());
        Lower {
            text,
            map: Some(map),
        }
    }

    /// The byte offset in the original of `at`, a byte offset of the lower case; `None`
    /// when it is inside the lower case of one character.
    fn original(&self, at: usize) -> Option<usize> {
        match &self.map {
            None => (at <= self.text.len()).then_some(at),
            Some(map) => map.get(at).copied().filter(|&o| o != Self::INSIDE),
        }
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
    fn characters_whose_lower_case_changes_length_are_matched_in_place() {
        let none = BTreeSet::new();
        let linker = Linker::new(&[term("ⱥ", None, &[])]);
        // `Ⱥ` (2 bytes) is `ⱥ` (3 bytes) in lower case, the Ohm sign (3 bytes) is `ω` (2
        // bytes): the text is as long in lower case, but the places differ.
        assert_eq!(linker.find("\u{2126}Ⱥ", &none), None, "not a whole word");
        let text = "\u{2126} Ⱥ!";
        let (start, end, which) = linker.find(text, &none).unwrap();
        assert_eq!((&text[start..end], which), ("Ⱥ", 0));
        let text = "İİİ \u{212A} ȺȺ, Ⱥ.";
        let (start, end, _) = linker.find(text, &none).unwrap();
        assert_eq!(
            (start, &text[start..end]),
            (text.find(" Ⱥ.").unwrap() + 1, "Ⱥ")
        );

        // Terms with such characters are found whatever their case, and not inside the
        // lower case of one character (`i` in `i̇`, the lower case of `İ`).
        let linker = Linker::new(&[
            term("İstanbul office", None, &[]),
            term("i", None, &[]),
            term("Kelvin scale", None, &["ΟΔΟΣ"]),
        ]);
        let text = "Our İSTANBUL OFFICE, the \u{212A}elvin scale and the οδος: İ.";
        let mut linked = BTreeSet::new();
        let mut found = Vec::new();
        while let Some((start, end, which)) = linker.find(text, &linked) {
            linked.insert(which);
            found.push((&text[start..end], which));
        }
        assert_eq!(found, [("İSTANBUL OFFICE", 0), ("\u{212A}elvin scale", 2)]);
        assert_eq!(linker.find("ΟΔΟΣ", &none), Some((0, 8, 2)));
        // A final sigma is a sigma.
        assert_eq!(linker.find("the οδος", &none), Some((4, 12, 2)));
        assert_eq!(linker.find("İ", &none), None);
    }

    #[test]
    fn short_definitions_are_the_first_sentence() {
        assert_eq!(
            short_definition("A definition that is *long* enough to be cut. Second sentence."),
            "A definition that is long enough to be cut."
        );
    }
}
