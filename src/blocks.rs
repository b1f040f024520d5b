//! Ladder's blocks inside markdown (FORMAT.md section 4) and the figures in the prose
//! (section 5), rendered to HTML for one page. Charts come from `chart`, the numbers of
//! stats from `stats`; this module lays them out: numbered figures, key-figure callouts,
//! timelines.

use std::cell::{Cell, RefCell};
use std::path::Path;

use crate::chart::Charts;
use crate::chart::figure::Place;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::disclosure::{self, Tally};
use crate::html::escape;
use crate::markdown::{Blocks, StatText};
use crate::source::Date;
use crate::spec::{self, FigureValue};
use crate::stats::Stats;

/// The block names Ladder renders.
pub const NAMES: &[&str] = &["chart", "figures", "timeline"];

/// The blocks of one page, numbered from `first_figure`.
pub struct PageBlocks<'a> {
    pub charts: &'a Charts<'a>,
    pub stats: &'a Stats,
    /// The report's `published` date, for past and upcoming timeline dates.
    pub published: Option<Date>,
    /// The page's output file (`who-gets-on/index.html`), for figure downloads.
    pub out: &'a str,
    next_figure: Cell<usize>,
    /// Files this page adds to the site (figure CSV downloads): path, bytes.
    pub files: RefCell<Vec<(String, Vec<u8>)>>,
}

impl<'a> PageBlocks<'a> {
    pub fn new(
        charts: &'a Charts<'a>,
        stats: &'a Stats,
        published: Option<Date>,
        out: &'a str,
        first_figure: usize,
    ) -> Self {
        PageBlocks {
            charts,
            stats,
            published,
            out,
            next_figure: Cell::new(first_figure),
            files: RefCell::new(Vec::new()),
        }
    }

    fn figures(
        &self,
        text: &str,
        source: &Path,
        line: usize,
        diagnostics: &mut Diagnostics,
    ) -> String {
        let items = spec::figures(text, source, line, diagnostics);
        let mut html = String::from("<ul class=\"key-figures\">\n");
        let mut withheld = Tally::default();
        for item in items {
            let value = match &item.value {
                FigureValue::Literal(v) => v.clone(),
                FigureValue::Stat(name) => match self.stats.text(name) {
                    Ok(v) => {
                        withheld.merge(&v.withheld);
                        v.text
                    }
                    Err((message, hint)) => {
                        diagnostics.push(
                            Diagnostic::error(source, message)
                                .at_line(item.line)
                                .with_hint(hint),
                        );
                        continue;
                    }
                },
            };
            html.push_str(&format!(
                "<li class=\"key-figure\"><span class=\"key-figure__value\">{}</span> <span class=\"key-figure__label\">{}</span></li>\n",
                escape(&value),
                escape(&item.label)
            ));
        }
        html.push_str("</ul>\n");
        if let Some(note) = self.note(&withheld) {
            html.push_str(&format!("<p class=\"note\">{}</p>\n", escape(&note)));
        }
        html
    }

    fn timeline(
        &self,
        text: &str,
        source: &Path,
        line: usize,
        diagnostics: &mut Diagnostics,
    ) -> String {
        let items = spec::timeline(text, source, line, diagnostics);
        let mut html = String::from("<ol class=\"timeline\">\n");
        for item in items {
            let (class, words) = match self.published {
                Some(p) if item.date < p => ("timeline__item--past", "Past"),
                Some(p) if item.date == p => ("timeline__item--today", "On the publication date"),
                Some(_) => ("timeline__item--upcoming", "Upcoming"),
                None => ("", ""),
            };
            let status = if words.is_empty() {
                String::new()
            } else {
                format!(" <span class=\"timeline__status\">({words})</span>")
            };
            html.push_str(&format!(
                "<li class=\"timeline__item {class}\"><time datetime=\"{iso}\">{date}</time> <span class=\"timeline__label\">{label}</span>{status}</li>\n",
                iso = format_args!("{:04}-{:02}-{:02}", item.date.year, item.date.month, item.date.day),
                date = item.date.display(),
                label = escape(&item.label),
            ));
        }
        html.push_str("</ol>\n");
        html
    }
}

impl Blocks for PageBlocks<'_> {
    fn handles(&self, info: &str) -> bool {
        NAMES.contains(&info)
    }

    fn block(
        &self,
        info: &str,
        text: &str,
        source: &Path,
        line: usize,
        heading: u8,
        diagnostics: &mut Diagnostics,
    ) -> String {
        match info {
            "chart" => {
                let number = self.next_figure.get();
                match self.charts.figure(
                    text,
                    &Place {
                        source,
                        line,
                        number,
                        page_out: self.out,
                        heading,
                    },
                    diagnostics,
                ) {
                    Some(figure) => {
                        self.next_figure.set(number + 1);
                        self.files.borrow_mut().push((figure.csv_path, figure.csv));
                        figure.html
                    }
                    None => String::new(),
                }
            }
            "figures" => self.figures(text, source, line, diagnostics),
            "timeline" => self.timeline(text, source, line, diagnostics),
            _ => String::new(),
        }
    }

    fn stat(&self, name: &str) -> Result<StatText, (String, String)> {
        self.stats.text(name)
    }

    fn note(&self, withheld: &Tally) -> Option<String> {
        disclosure::note(withheld, &self.charts.rules, &self.charts.symbol)
    }
}
