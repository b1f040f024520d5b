//! A build, start to finish: load the source, check it, derive the pages (markdown, links,
//! glossary), render them through the theme, and write the site atomically.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::blocks::PageBlocks;
use crate::chart::Charts;
use crate::checklist;
use crate::datapages::{self, DATA_OUT, Guard};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::disclosure::Rules;
use crate::incremental::{self, Cache, CachedBody};
use crate::markdown::{self, Outline, glossary::Linker, links::Resolver};
use crate::menu::{self, Menus, NavExtras};
use crate::output::{self, SiteFiles};
use crate::printview::{self, PRINT_OUT};
use crate::query::Lookup;
use crate::render::{
    Context, GlossaryLetter, GlossaryRef, GlossaryTerm, Link, ListedPage, NavItem, PageContext,
    Renderer, SiteContext, TagContext, TocEntry,
};
use crate::search::{self, SEARCH_OUT};
use crate::singlefile;
use crate::site::{self, ASSETS_DIR, GLOSSARY_OUT, Site};
use crate::source::{self, Date, PageKind, Source};
use crate::spec;
use crate::stats::Stats;
use crate::submissions;
use crate::theme;

/// Decimal places of every percentage in a report, so they are written alike.
pub const PERCENT_DECIMALS: usize = 0;

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub source: PathBuf,
    pub out: PathBuf,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Write the site (`build`) or only check it (`check`).
    pub write: bool,
    /// Also write the whole report as one self-contained HTML file here.
    pub single_file: Option<PathBuf>,
}

/// The result of a build: its diagnostics and, when it succeeded, what was written.
#[derive(Debug, Default)]
pub struct BuildReport {
    pub diagnostics: Diagnostics,
    pub pages: usize,
    pub files: usize,
    pub bytes: usize,
    pub elapsed: Duration,
    /// True when the output folder was replaced.
    pub written: bool,
    /// The size of the search index, in bytes.
    pub search_bytes: usize,
    /// The number of charts drawn.
    pub charts: usize,
    /// The number of data tables published.
    pub tables: usize,
    /// The number of values withheld by disclosure control in the published tables.
    pub withheld: usize,
    pub timings: Timings,
}

/// Where the time of a build went, phase by phase (`ladder build --timings`).
#[derive(Debug, Clone)]
pub struct Timings {
    pub phases: Vec<(&'static str, Duration)>,
    parts: BTreeSet<usize>,
    last: Instant,
}

impl Default for Timings {
    fn default() -> Self {
        Timings {
            phases: Vec::new(),
            parts: BTreeSet::new(),
            last: Instant::now(),
        }
    }
}

impl Timings {
    /// Ends the phase `name`: the time since the previous phase ended.
    pub fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.phases.push((name, now - self.last));
        self.last = now;
    }

    /// A part of the phase just ended, shown indented under it.
    pub fn part(&mut self, name: &'static str, time: Duration) {
        self.phases.push((name, time));
        self.parts.insert(self.phases.len() - 1);
    }

    /// Is the phase at `index` of [`Timings::phases`] a part of the one before?
    pub fn is_part(&self, index: usize) -> bool {
        self.parts.contains(&index)
    }
}

/// Told how a build goes, for a progress bar. Every method does nothing by default.
pub trait Progress: Sync {
    /// A phase of `total` steps begins.
    fn start(&self, _phase: &'static str, _total: usize) {}
    /// One step of the phase is done (called from any thread).
    fn advance(&self) {}
    /// The build is over.
    fn finish(&self) {}
}

/// No progress shown.
pub struct Silent;

impl Progress for Silent {}

/// Runs a build.
pub fn build(options: &BuildOptions) -> BuildReport {
    build_with(options, &Silent)
}

/// Runs a build, telling `progress` how it goes.
pub fn build_with(options: &BuildOptions, progress: &dyn Progress) -> BuildReport {
    run(options, progress, None)
}

/// Runs a build that reuses what `cache` kept from the previous one (`ladder serve`):
/// only the pages an edit affects are rendered again, and only changed files are
/// written, in place. The first build with an empty cache writes the whole site.
pub fn build_incremental(
    options: &BuildOptions,
    progress: &dyn Progress,
    cache: &mut Cache,
) -> BuildReport {
    run(options, progress, Some(cache))
}

fn run(
    options: &BuildOptions,
    progress: &dyn Progress,
    mut cache: Option<&mut Cache>,
) -> BuildReport {
    let started = Instant::now();
    let mut report = BuildReport::default();
    let timings = &mut report.timings;
    let diagnostics = &mut report.diagnostics;
    if options.write
        && let Err(d) = output::check_target(&options.source, &options.out)
    {
        diagnostics.push(d);
    }
    let pages = cache.as_deref_mut().map(|c| &mut c.sources);
    let Some(source) = source::load_cached(&options.source, diagnostics, pages) else {
        report.elapsed = started.elapsed();
        return report;
    };
    timings.lap("load (settings, pages, data)");
    if let Some(file) = &options.single_file
        && output::absolute(file).starts_with(output::absolute(&options.source))
    {
        diagnostics.push(
            Diagnostic::error(
                file,
                "the single file would be written inside the source folder",
            )
            .with_hint("write it somewhere else, for example `--single-file report.html`"),
        );
    }
    let site = Site::plan(&source, options.drafts, diagnostics);
    timings.lap("plan the site");
    // `build` writes each file into a folder beside the output folder as soon as it is
    // made (so the site need not fit in memory), and swaps it in at the end.
    let mut staging = None;
    if options.write && cache.is_none() && !diagnostics.has_errors() {
        match output::Staging::new(&options.out) {
            Ok(folder) => staging = Some(folder),
            Err(error) => diagnostics.push(
                Diagnostic::error(&options.out, format!("could not make a folder to write the site in: {error}"))
                    .with_hint("check there is space on the disk and that you may write to the folder the output folder is in"),
            ),
        }
    }
    let Generated {
        mut files,
        single,
        charts,
        tables,
        withheld,
    } = generate(
        &source,
        &site,
        Want {
            strict: !options.write,
            single_file: options.single_file.is_some(),
            staging,
        },
        timings,
        progress,
        cache.as_deref_mut(),
        diagnostics,
    );
    report.pages = site.entries.len() + usize::from(site.has_glossary);
    report.charts = charts;
    report.tables = tables;
    report.withheld = withheld;
    report.search_bytes = files.size(search::INDEX_OUT).unwrap_or(0);
    if !diagnostics.has_errors() && options.write {
        report.files = files.len();
        report.bytes = files.total_bytes();
        progress.start("Finishing", 0);
        let staged = files.take_staging();
        let written = match cache {
            _ if staged.is_some() => staged.map_or(Ok(()), output::Staging::commit),
            Some(cache) if !cache.written.is_empty() && options.out.is_dir() => {
                output::update(&options.out, &files, &cache.written).map(|updated| {
                    cache.written = std::mem::take(&mut files.files);
                    cache.files_written = updated.written;
                    cache.files_removed = updated.removed;
                })
            }
            Some(cache) => output::write(&options.out, &files).map(|()| {
                cache.written = std::mem::take(&mut files.files);
                cache.files_written = cache.written.len();
                cache.files_removed = 0;
            }),
            None => output::write(&options.out, &files),
        };
        timings.lap("write");
        match written {
            Ok(()) => {
                report.written = true;
                if let (Some(file), Some(single)) = (&options.single_file, &single)
                    && let Err(error) = output::write_file(file, single.as_bytes())
                {
                    diagnostics.push(
                        Diagnostic::error(file, format!("could not write the single file: {error}"))
                            .with_hint("check that the folder exists and that you may write to it"),
                    );
                }
            }
            Err(error) => diagnostics.push(
                Diagnostic::error(&options.out, format!("could not write the site: {error}"))
                    .with_hint("check there is space on the disk and that you may write to that folder; the previous site was left as it was"),
            ),
        }
    }
    progress.finish();
    // Freeing a large source (every cell of every table) takes a noticeable time: it is
    // done on another thread, so the command can finish (and exit) at once.
    let _ = std::thread::Builder::new()
        .name("ladder-free".into())
        .spawn(move || drop((source, site)));
    report.elapsed = started.elapsed();
    report
}

/// What a build makes besides the site.
struct Want {
    /// `ladder check`: word limits are errors, and the editor's advice (lint) is given.
    strict: bool,
    /// The single-file export.
    single_file: bool,
    /// Where `build` writes the files as they are made (none: keep them in memory).
    staging: Option<output::Staging>,
}

/// What each page's HTML depends on, hashed, for the [`Cache`] of `ladder serve`.
struct Keys {
    /// What any body may depend on: the settings, the glossary, every page's address and
    /// anchors (links), the static files, the colours of the groups.
    shared: u64,
    /// The values of the stats, for bodies that use stats.
    stats: u64,
    /// Each table's contents, by name, for bodies that name the table.
    tables: Vec<(String, u64)>,
    /// The shape of the site and the theme: navigation, breadcrumbs, section lists.
    structure: u64,
}

impl Keys {
    fn new(
        source: &Source,
        site: &Site,
        anchors: &BTreeMap<PathBuf, BTreeSet<String>>,
        stats: &Stats,
        charts: &Charts,
        theme: &theme::Theme,
    ) -> Keys {
        let places: Vec<(&PathBuf, &str)> = site
            .entries
            .iter()
            .map(|e| (&source.pages[e.page].source, e.out.as_str()))
            .collect();
        let shared = incremental::key(&[
            &source.report_text,
            &incremental::debug_hash(&source.glossary),
            anchors,
            &places,
            &site.drafts,
            &source.failed_pages,
            &source.static_files,
            &incremental::debug_hash(charts.colour_map()),
            &site.has_glossary,
        ]);
        let tables = source
            .tables
            .values()
            .map(|t| {
                let hash = incremental::key(&[
                    &t.name,
                    &t.file,
                    &t.sheet,
                    &t.text,
                    &incremental::debug_hash(&t.meta),
                ]);
                (t.name.clone(), hash)
            })
            .collect();
        let shape: Vec<(u64, &str, Option<usize>, &[usize])> = site
            .entries
            .iter()
            .map(|e| {
                let page = &source.pages[e.page];
                (
                    incremental::debug_hash(&(&page.title, &page.kind, &page.front)),
                    e.out.as_str(),
                    e.parent,
                    e.children.as_slice(),
                )
            })
            .collect();
        let structure = incremental::key(&[
            &shared,
            &shape,
            &site.top,
            &site.reading_order,
            &site.home,
            &source.tables.is_empty(),
            &theme.templates,
        ]);
        Keys {
            shared,
            stats: incremental::debug_hash(stats),
            tables,
            structure,
        }
    }

    /// The key of the body of `site.entries[index]`, whose first figure is `first_figure`.
    fn body(&self, source: &Source, site: &Site, index: usize, first_figure: usize) -> u64 {
        let entry = &site.entries[index];
        let page = &source.pages[entry.page];
        let text = page.body.as_str();
        let mut depends = vec![self.shared];
        if text.contains("{{") || text.contains("stat") {
            depends.push(self.stats);
        }
        for (name, hash) in &self.tables {
            if text.contains(name.as_str()) {
                depends.push(*hash);
            }
        }
        incremental::key(&[
            &text,
            &page.source,
            &page.body_line,
            &entry.out,
            &first_figure,
            &depends,
        ])
    }
}

/// The site in memory, and what went into it.
struct Generated {
    files: SiteFiles,
    single: Option<String>,
    charts: usize,
    tables: usize,
    withheld: usize,
}

/// Renders every file of the site in memory.
fn generate(
    source: &Source,
    site: &Site,
    want: Want,
    timings: &mut Timings,
    progress: &dyn Progress,
    mut cache: Option<&mut Cache>,
    diagnostics: &mut Diagnostics,
) -> Generated {
    let config = &source.config;
    let mut files = want
        .staging
        .map_or_else(SiteFiles::default, SiteFiles::streaming);

    // Derive: outlines (anchors) of every page first, so links between pages can be checked.
    // (With a cache, an outline is taken from it when the page's text is unchanged.)
    let old_outlines = cache
        .as_deref_mut()
        .map(|c| std::mem::take(&mut c.outlines))
        .unwrap_or_default();
    let caching = cache.is_some();
    // With a cache: the hash of each page's text, to find its outline there.
    let text_keys: Vec<Option<u64>> = site
        .entries
        .par_iter()
        .map(|e| caching.then(|| incremental::key(&[&source.pages[e.page].body])))
        .collect();
    let outlines: Vec<Outline> = site
        .entries
        .par_iter()
        .zip(&text_keys)
        .map(|(e, key)| match key.and_then(|k| old_outlines.get(&k)) {
            Some(outline) => outline.clone(),
            None => markdown::outline(&source.pages[e.page].body),
        })
        .collect();
    if let Some(cache) = cache.as_deref_mut() {
        cache.outlines = text_keys
            .iter()
            .zip(&outlines)
            .filter_map(|(key, outline)| key.map(|k| (k, outline.clone())))
            .collect();
    }
    let resolver = Resolver::new(source, site, &outlines);
    let linker = Linker::new(&source.glossary);

    // Derive: the stats and charts of the data, after disclosure control.
    let rules = Rules::from(&config.disclosure);
    let symbol = config.disclosure.symbol.as_str();
    let stat_specs = spec::stats(&config.stats, &source.report_text, diagnostics);
    // One lookup (each category column indexed once) serves the data pages, the stats
    // and the charts.
    timings.lap("outlines and links");
    let lookup = Lookup::new(&source.tables, config);
    timings.lap("index the tables");
    let published_tables = datapages::publish(&lookup, &rules, symbol);
    let guard = Guard::new(&published_tables, &rules);
    timings.lap("disclosure control of the tables");
    let stats = Stats::compute(
        &stat_specs,
        &lookup,
        &guard,
        &rules,
        symbol,
        PERCENT_DECIMALS,
        diagnostics,
    );
    timings.lap("stats");
    let charts = Charts::new(lookup, &guard, rules, symbol, PERCENT_DECIMALS);
    let published = config.published.as_deref().and_then(Date::parse);
    // Figures are numbered through the report in reading order.
    let mut first_figure = vec![1; site.entries.len()];
    let mut next = 1;
    for &i in &site.reading_order {
        first_figure[i] = next;
        next += outlines[i].charts;
    }

    let theme = theme::load(&source.root, config.theme.as_deref(), diagnostics);
    // The templates, parsed (with a cache: parsed again only when they changed).
    let templates_key = caching.then(|| incremental::key(&[&theme.templates]));
    let parsed = cache
        .as_deref_mut()
        .and_then(|c| c.renderer.take())
        .filter(|(key, _)| Some(*key) == templates_key)
        .map(|(_, renderer)| renderer);
    let renderer = match parsed.map_or_else(|| Renderer::new(&theme), Ok) {
        Ok(renderer) => Some(renderer),
        Err(d) => {
            diagnostics.push(d);
            None
        }
    };
    // With a cache (`ladder serve`): what every page's HTML depends on, hashed.
    let keys = cache.is_some().then(|| {
        let anchors: BTreeMap<PathBuf, BTreeSet<String>> = site
            .entries
            .iter()
            .zip(&outlines)
            .map(|(e, o)| (source.pages[e.page].source.clone(), o.anchors()))
            .collect();
        Keys::new(source, site, &anchors, &stats, &charts, &theme)
    });
    let old_bodies = cache
        .as_deref_mut()
        .map(|c| std::mem::take(&mut c.bodies))
        .unwrap_or_default();
    let old_pages = cache
        .as_deref_mut()
        .map(|c| std::mem::take(&mut c.pages))
        .unwrap_or_default();
    let site_context = SiteContext {
        title: config.title.clone(),
        organisation: config.organisation.clone(),
        year: config.year,
        published: config.published.clone(),
        published_display: config
            .published
            .as_deref()
            .and_then(Date::parse)
            .map(|d| d.display()),
        language: config.language.clone(),
        base_url: config.base_url.clone(),
        has_glossary: site.has_glossary,
    };
    let extras = NavExtras {
        checklist: source.root.join(checklist::FILE).is_file(),
        submissions: has_submissions(&source.root),
    };
    let menus = Menus::new(source, site, extras);
    // A page through the theme's template, as seen from its place `out`, with its menu
    // (`None`: the menu as seen from `out`).
    let render_with_menu = |out: &str,
                            template: &str,
                            page: PageContext,
                            menu: Option<tera::Value>|
     -> Option<Result<String, Diagnostic>> {
        let renderer = renderer.as_ref()?;
        let root = site::root_prefix(out);
        let mut context = Context {
            assets: format!("{root}{ASSETS_DIR}/"),
            home_url: site::relative_url(out, "index.html"),
            glossary_url: site
                .has_glossary
                .then(|| site::relative_url(out, GLOSSARY_OUT)),
            nav: tera::Value::none(),
            site: &site_context,
            root,
            page,
        };
        let mut nav = Vec::new();
        if menu.is_none() {
            nav = menu::navigation(source, site, out, &extras);
        }
        if out == NOT_FOUND_OUT
            && let Some(base) = &config.base_url
        {
            // A server shows the not-found page at any depth: with a known address its
            // links are absolute, so they work wherever it is shown.
            absolutise(&mut context, &mut nav, base);
        }
        context.nav = menu.unwrap_or_else(|| menu::value(&nav));
        Some(renderer.render(template, &context))
    };
    let render_html =
        |out: &str, template: &str, page: PageContext| render_with_menu(out, template, page, None);
    let render_page = |out: &str,
                       template: &str,
                       page: PageContext,
                       files: &mut SiteFiles,
                       diagnostics: &mut Diagnostics| {
        keep_page(out, render_html(out, template, page), files, diagnostics);
    };
    timings.lap("charts' colours, theme");

    // The print view and the search index are written as the pages are made, in reading
    // order: the print view's template is rendered around a placeholder for its body,
    // and the text before it written now.
    let mut print_context = PageContext::new("print", config.title.clone());
    print_context.summary =
        Some("The whole report on one page, to print or save as PDF.".to_string());
    print_context.breadcrumbs = home_crumb(source, site, PRINT_OUT);
    print_context.content_html = PRINT_HOLE.to_string();
    let mut print_view = PrintView {
        file: None,
        body: want.single_file.then(String::new),
        fallback: None,
    };
    match render_html(PRINT_OUT, "page.html", print_context.clone()) {
        Some(Ok(html)) if html.matches(PRINT_HOLE).count() == 1 => {
            let (head, tail) = html.split_once(PRINT_HOLE).unwrap_or((&html, ""));
            let mut file = files.stream(PRINT_OUT);
            file.push(head);
            print_view.file = Some((file, tail.to_string()));
        }
        Some(Err(d)) => diagnostics.push(d),
        None => {}
        // A theme that does not show the body once as it is: the body is collected and
        // rendered through the template at the end.
        Some(Ok(_)) => {
            print_view.body.get_or_insert_with(String::new);
            print_view.fallback = Some(print_context);
        }
    }
    let print_titles = site
        .reading_order
        .iter()
        .map(|&i| site.page(source, i).title.as_str())
        .chain(site.has_glossary.then_some("Glossary"));
    print_view.push(&printview::contents(print_titles));
    let mut search_index = SearchIndex::new(&mut files);

    // Each page: its body (markdown and charts, or from the cache when its key is
    // unchanged), the page through its template, its part of the print view and its
    // search entry.
    let render_body = |index: usize, out: &str, diagnostics: &mut Diagnostics| {
        let page = &source.pages[site.entries[index].page];
        let glossary_url = site::relative_url(out, GLOSSARY_OUT);
        let page_blocks = PageBlocks::new(&charts, &stats, published, out, first_figure[index]);
        let ctx = markdown::PageContext {
            source: &page.source,
            body_line: page.body_line,
            out,
            outline: &outlines[index],
            glossary: site
                .has_glossary
                .then_some((&linker, glossary_url.as_str())),
            allow_html: config.allow_html,
            blocks: Some(&page_blocks),
        };
        let html = markdown::render(&page.body, &ctx, &resolver, diagnostics);
        (html, page_blocks.files.into_inner())
    };
    let body_of = |index: usize, out: &str, key: Option<u64>| -> (CachedBody, bool) {
        if let Some(hit) = key.and_then(|k| old_bodies.get(&k)) {
            return (hit.clone(), false);
        }
        let mut found = Diagnostics::new();
        let (html, extra) = render_body(index, out, &mut found);
        let body = CachedBody {
            html,
            files: extra,
            diagnostics: found,
        };
        (body, true)
    };
    let body_keys: Vec<Option<u64>> = (0..site.entries.len())
        .map(|i| {
            keys.as_ref()
                .map(|k| k.body(source, site, i, first_figure[i]))
        })
        .collect();
    let page_keys: Vec<Option<u64>> = body_keys
        .iter()
        .map(|body| {
            body.zip(keys.as_ref())
                .map(|(body, keys)| incremental::key(&[&body, &keys.structure]))
        })
        .collect();
    let old_search = cache
        .as_deref_mut()
        .map(|c| std::mem::take(&mut c.search))
        .unwrap_or_default();
    let old_parts = cache
        .as_deref_mut()
        .map(|c| std::mem::take(&mut c.print_parts))
        .unwrap_or_default();
    let positions = site.positions();
    let clock = PassClock::default();
    let render_entry = |index: usize, body: String| {
        if let Some(hit) = page_keys[index].and_then(|k| old_pages.get(&k)) {
            return Some(Ok(hit.clone()));
        }
        let entry = &site.entries[index];
        let page = &source.pages[entry.page];
        let mut context = page_context(
            source,
            site,
            index,
            positions[index],
            config.base_url.as_deref(),
        );
        context.content_html = body;
        context.toc = outlines[index]
            .headings
            .iter()
            .filter(|h| h.level <= 3)
            .map(|h| TocEntry {
                level: h.level,
                id: h.id.clone(),
                title: h.title.clone(),
            })
            .collect();
        let template = match page.kind {
            PageKind::Home => "home.html",
            PageKind::Page => "page.html",
            PageKind::Section => "section.html",
            PageKind::CaseStudy => "case-study.html",
        };
        render_with_menu(&entry.out, template, context, Some(menus.page(index)))
    };
    let make_page = |position: usize, index: usize| -> MadePage {
        let entry = &site.entries[index];
        let page = &source.pages[entry.page];
        let body_key = body_keys[index];
        let (mut body, fresh) = clock.markdown.time(|| body_of(index, &entry.out, body_key));
        // The part shows the page's title and summary above its body.
        let part_key =
            body_key.map(|k| incremental::key(&[&k, &position, &page.title, &page.front.summary]));
        let print_part = clock
            .print
            .time(|| match part_key.and_then(|k| old_parts.get(&k)) {
                Some(part) => part.clone(),
                None => printview::part(
                    position,
                    &printview::PrintPage {
                        title: &page.title,
                        summary: page.front.summary.as_deref(),
                        html: &body.html,
                        from: Some(&entry.out),
                    },
                ),
            });
        // The entry in the search index, as JSON, from the cache when the body, title
        // and summary are unchanged.
        let listed = search::Entry {
            title: page.title.clone(),
            url: site::relative_url(SEARCH_OUT, &entry.out),
            summary: page.front.summary.clone().unwrap_or_default(),
            headings: Vec::new(),
            text: String::new(),
        };
        let search_key = body_key.map(|k| incremental::key(&[&k, &listed.title, &listed.summary]));
        let search_json = clock
            .search
            .time(|| match search_key.and_then(|k| old_search.get(&k)) {
                Some(json) => json.clone(),
                None => search::index_entry(&search::Entry {
                    headings: outlines[index]
                        .headings
                        .iter()
                        .map(|h| h.title.clone())
                        .collect(),
                    text: search::plain_text(&body.html),
                    ..listed.clone()
                }),
            });
        // Without a cache the body is used up by its page.
        let html = match body_key {
            Some(_) => body.html.clone(),
            None => std::mem::take(&mut body.html),
        };
        let html = clock.templates.time(|| render_entry(index, html));
        progress.advance();
        MadePage {
            index,
            body,
            fresh,
            html,
            print_part,
            part_key,
            listed,
            search_key,
            search_json,
        }
    };

    // Pages are made a batch at a time, in reading order, each batch on all cores, then
    // written (pages on all cores, print view and search index in order): a large site
    // is never all in memory at once.
    const BATCH: usize = 256;
    progress.start("Rendering pages", site.entries.len());
    let mut new_bodies = HashMap::new();
    let mut new_pages = HashMap::new();
    let mut new_search = HashMap::new();
    let mut new_parts = HashMap::new();
    let mut rendered_count = 0;
    let mut writing = Duration::ZERO;
    // What is kept of a batch once made: its pages written, its print-view parts and
    // search entries added in order, its problems collected.
    let mut keep = |made: Vec<MadePage>| {
        let mut done = Vec::with_capacity(made.len() * 2);
        for page in made {
            let MadePage {
                index,
                body,
                fresh,
                html,
                print_part,
                part_key,
                listed,
                search_key,
                search_json,
            } = page;
            rendered_count += usize::from(fresh);
            print_view.push(&print_part);
            match body_keys[index] {
                // Kept for the next build: the site takes copies.
                Some(key) => {
                    diagnostics.extend(body.diagnostics.clone());
                    done.extend(body.files.iter().cloned());
                    new_bodies.insert(key, body);
                }
                None => {
                    diagnostics.extend(body.diagnostics);
                    done.extend(body.files);
                }
            }
            if let Some(key) = part_key {
                new_parts.insert(key, print_part);
            }
            search_index.add_json(listed, &search_json);
            if let Some(key) = search_key {
                new_search.insert(key, search_json);
            }
            match html {
                Some(Ok(html)) => {
                    if let Some(key) = page_keys[index] {
                        new_pages.insert(key, html.clone());
                    }
                    done.push((site.entries[index].out.clone(), html.into_bytes()));
                }
                Some(Err(d)) => diagnostics.push(d),
                None => {}
            }
        }
        let started = Instant::now();
        files.add_all(done);
        writing += started.elapsed();
    };
    // Each batch is kept while the next one is made, so no core waits for the other.
    let mut made_before: Option<Vec<MadePage>> = None;
    for (batch_number, batch) in site.reading_order.chunks(BATCH).enumerate() {
        let first = batch_number * BATCH;
        let (made, ()) = rayon::join(
            || {
                batch
                    .par_iter()
                    .enumerate()
                    .map(|(k, &index)| make_page(first + k, index))
                    .collect::<Vec<MadePage>>()
            },
            || {
                if let Some(before) = made_before.take() {
                    keep(before);
                }
            },
        );
        made_before = Some(made);
    }
    if let Some(before) = made_before {
        keep(before);
    }
    if let Some(cache) = cache.as_deref_mut() {
        cache.bodies = new_bodies;
        cache.pages = new_pages;
        cache.search = new_search;
        cache.print_parts = new_parts;
        cache.rendered = rendered_count;
    }
    timings.lap("pages, with their print view parts and search entries");
    timings.part(
        "markdown and charts (CPU time, all cores)",
        clock.markdown.total(),
    );
    timings.part(
        "page templates (CPU time, all cores)",
        clock.templates.total(),
    );
    timings.part(
        "print view parts (CPU time, all cores)",
        clock.print.total(),
    );
    timings.part("search entries (CPU time, all cores)", clock.search.total());
    timings.part("writing the pages", writing);

    // The glossary page.
    if site.has_glossary {
        let mut context = PageContext::new("glossary", "Glossary");
        context.summary = Some(format!("What the terms used in {} mean.", config.title));
        context.letters = glossary_letters(source, &resolver, config.allow_html, diagnostics);
        context.canonical = canonical(config.base_url.as_deref(), GLOSSARY_OUT);
        context.breadcrumbs = home_crumb(source, site, GLOSSARY_OUT);
        if let Some(last) = site.reading_order.last() {
            let page = site.page(source, *last);
            context.prev = Some(Link {
                title: page.title.clone(),
                url: site::relative_url(GLOSSARY_OUT, &site.entries[*last].out),
            });
        }
        render_page(
            GLOSSARY_OUT,
            "glossary.html",
            context,
            &mut files,
            diagnostics,
        );
    }

    timings.lap("glossary page");
    // The data pages: every table after disclosure control.
    if !source.tables.is_empty() {
        let mut index = PageContext::new("data", "Data tables");
        index.summary = Some("The tables behind the figures in this report, after disclosure control, to read or download.".to_string());
        index.content_html = datapages::index_html(&published_tables, symbol);
        index.canonical = canonical(config.base_url.as_deref(), DATA_OUT);
        index.breadcrumbs = home_crumb(source, site, DATA_OUT);
        render_page(DATA_OUT, "page.html", index, &mut files, diagnostics);
        let pages: Vec<_> = published_tables
            .par_iter()
            .map(|table| {
                let mut page = PageContext::new("data", datapages::title(table.table));
                page.summary = table.table.meta.notes.clone();
                page.content_html = datapages::table_html(table, &rules, symbol);
                page.canonical = canonical(config.base_url.as_deref(), &table.out);
                page.breadcrumbs = home_crumb(source, site, &table.out);
                page.breadcrumbs.push(Link {
                    title: "Data tables".to_string(),
                    url: site::relative_url(&table.out, DATA_OUT),
                });
                let html = render_html(&table.out, "page.html", page);
                (html, datapages::csv(table))
            })
            .collect();
        for (table, (html, csv)) in published_tables.iter().zip(pages) {
            keep_page(&table.out, html, &mut files, diagnostics);
            files.add(table.csv_out.clone(), csv);
        }
    }

    timings.lap("data pages");
    // The progression checklist and the submission packs.
    if let Some(list) = checklist::load(&source.root, diagnostics) {
        let mut page = PageContext::new("checklist", list.title.clone());
        page.summary = Some(checklist::summary(&list));
        page.content_html = checklist::page_html(&list, published);
        search_index.add(search::Entry {
            title: list.title.clone(),
            url: site::relative_url(SEARCH_OUT, checklist::PAGE_OUT),
            summary: page.summary.clone().unwrap_or_default(),
            headings: Vec::new(),
            text: search::plain_text(&page.content_html),
        });
        page.canonical = canonical(config.base_url.as_deref(), checklist::PAGE_OUT);
        page.breadcrumbs = home_crumb(source, site, checklist::PAGE_OUT);
        render_page(
            checklist::PAGE_OUT,
            "page.html",
            page,
            &mut files,
            diagnostics,
        );
        files.add(
            checklist::CSV_OUT,
            checklist::action_plan_csv(&list, published),
        );
    }
    let packs = submissions::load(&source.root, diagnostics);
    if !packs.is_empty() {
        let titles = submissions::PageTitles::new(source, site, &outlines);
        for pack in &packs {
            submissions::check_limits(pack, want.strict, diagnostics);
            let ctx = submissions::PageContext {
                resolver: &resolver,
                titles: &titles,
                published,
                allow_html: config.allow_html,
            };
            let out = pack.page_out();
            let mut page = PageContext::new("submission", submissions::title(pack));
            page.summary = Some(submissions::summary(pack));
            page.content_html = submissions::page_html(pack, &ctx, diagnostics);
            search_index.add(search::Entry {
                title: page.title.clone(),
                url: site::relative_url(SEARCH_OUT, &out),
                summary: page.summary.clone().unwrap_or_default(),
                headings: Vec::new(),
                text: search::plain_text(&page.content_html),
            });
            page.canonical = canonical(config.base_url.as_deref(), &out);
            page.breadcrumbs = home_crumb(source, site, &out);
            page.breadcrumbs.push(Link {
                title: "Submissions".to_string(),
                url: site::relative_url(&out, submissions::INDEX_OUT),
            });
            render_page(&out, "page.html", page, &mut files, diagnostics);
            files.add(pack.text_out(), submissions::text_export(pack));
        }
        let mut index = PageContext::new("submissions", "Submissions");
        index.summary =
            Some("Our entries to the Social Mobility Employer Index and to awards.".to_string());
        index.content_html = submissions::index_html(&packs, published);
        search_index.add(search::Entry {
            title: "Submissions".to_string(),
            url: site::relative_url(SEARCH_OUT, submissions::INDEX_OUT),
            summary: index.summary.clone().unwrap_or_default(),
            headings: Vec::new(),
            text: search::plain_text(&index.content_html),
        });
        index.breadcrumbs = home_crumb(source, site, submissions::INDEX_OUT);
        render_page(
            submissions::INDEX_OUT,
            "page.html",
            index,
            &mut files,
            diagnostics,
        );
    }

    timings.lap("checklist and submission packs");
    // The print view ends with the glossary, so its terms can be linked within it.
    let print_count = site.reading_order.len() + usize::from(site.has_glossary);
    if site.has_glossary {
        let mut terms = String::from("<dl class=\"glossary-list\">\n");
        for letter in glossary_letters(
            source,
            &resolver,
            config.allow_html,
            &mut Diagnostics::new(),
        ) {
            for term in letter.terms {
                terms.push_str(&format!(
                    "<dt id=\"{}\">{}</dt>\n<dd>{}</dd>\n",
                    crate::html::escape(&term.id),
                    crate::html::escape(&term.term),
                    term.definition_html
                ));
            }
        }
        terms.push_str("</dl>\n");
        print_view.push(&printview::part(
            print_count - 1,
            &printview::PrintPage {
                title: "Glossary",
                summary: None,
                html: &terms,
                from: None,
            },
        ));
    }
    let mut anchors: Vec<singlefile::Anchor> = site
        .reading_order
        .iter()
        .enumerate()
        .map(|(i, &index)| singlefile::Anchor {
            out: &site.entries[index].out,
            prefix: format!("p{}-", i + 1),
        })
        .collect();
    if site.has_glossary {
        anchors.push(singlefile::Anchor {
            out: GLOSSARY_OUT,
            prefix: format!("p{print_count}-"),
        });
    }
    let css = format!(
        "{}\n@media print {{\n{}\n}}\n",
        String::from_utf8_lossy(
            theme
                .static_files
                .get("ladder.css")
                .map_or(&[][..], Vec::as_slice)
        ),
        String::from_utf8_lossy(
            theme
                .static_files
                .get("print.css")
                .map_or(&[][..], Vec::as_slice)
        ),
    );
    let single_body = print_view.finish(&mut files, &render_html, diagnostics);
    if site.has_glossary {
        search_index.add(search::Entry {
            title: "Glossary".to_string(),
            url: site::relative_url(SEARCH_OUT, GLOSSARY_OUT),
            summary: String::new(),
            headings: Vec::new(),
            text: source
                .glossary
                .iter()
                .map(|t| {
                    format!(
                        "{} {} {}",
                        t.term,
                        t.abbr.clone().unwrap_or_default(),
                        t.definition
                    )
                })
                .collect::<Vec<_>>()
                .join(" "),
        });
    }
    timings.lap("print view page");
    let listed = search_index.finish(&mut files);
    let mut search_page = PageContext::new("search", "Search");
    search_page.summary = Some(format!("Search {}.", config.title));
    search_page.content_html = search::page_body(
        &listed,
        &format!("{}{ASSETS_DIR}/", site::root_prefix(SEARCH_OUT)),
    );
    search_page.breadcrumbs = home_crumb(source, site, SEARCH_OUT);
    render_page(
        SEARCH_OUT,
        "page.html",
        search_page,
        &mut files,
        diagnostics,
    );

    // The not-found page.
    let mut not_found = PageContext::new("404", "Page not found");
    not_found.summary = Some("The page you asked for is not part of this report.".to_string());
    render_page(
        NOT_FOUND_OUT,
        "404.html",
        not_found,
        &mut files,
        diagnostics,
    );

    if let Some(base) = &config.base_url {
        files.add("sitemap.xml", sitemap(base, site, &files));
    }
    for (name, bytes) in &theme.static_files {
        files.add(format!("{ASSETS_DIR}/{name}"), bytes.clone());
    }
    for file in &source.static_files {
        let path = source.root.join("static").join(file);
        match std::fs::read(&path) {
            Ok(bytes) => files.add(site::slash_path(file), bytes),
            Err(error) => diagnostics.push(Diagnostic::error(
                Path::new("static").join(file),
                format!("could not read the file: {error}"),
            )),
        }
    }
    timings.lap("search page, 404, static files");
    if want.strict {
        crate::lint::check(source, site, &outlines, diagnostics);
        timings.lap("editor's checks");
    }
    let single = want.single_file.then(|| {
        singlefile::document(
            &config.title,
            &config.language,
            &css,
            single_body.as_deref().unwrap_or_default(),
            &anchors,
            &files,
        )
    });
    if want.single_file {
        timings.lap("single file");
    }
    if let (Some(cache), Some(key), Some(renderer)) = (cache, templates_key, renderer) {
        cache.renderer = Some((key, renderer));
    }
    Generated {
        files,
        single,
        charts: next - 1,
        tables: published_tables.len(),
        withheld: published_tables.iter().map(|t| t.tally.total()).sum(),
    }
}

/// One page as the page pass made it.
struct MadePage {
    index: usize,
    body: CachedBody,
    /// Rendered now (not taken from the cache).
    fresh: bool,
    /// The whole page (`None`: the theme could not be loaded, reported already).
    html: Option<Result<String, Diagnostic>>,
    print_part: String,
    part_key: Option<u64>,
    /// The page as the search page lists it (title, address, summary).
    listed: search::Entry,
    search_key: Option<u64>,
    /// The page's entry in the search index, as JSON.
    search_json: String,
}

/// CPU time spent in each part of the page pass, summed over all cores (`--timings`).
#[derive(Default)]
struct PassClock {
    markdown: Stopwatch,
    templates: Stopwatch,
    print: Stopwatch,
    search: Stopwatch,
}

/// Time added up from any thread.
#[derive(Default)]
struct Stopwatch(std::sync::atomic::AtomicU64);

impl Stopwatch {
    fn time<T>(&self, work: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let result = work();
        let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.0
            .fetch_add(nanos, std::sync::atomic::Ordering::Relaxed);
        result
    }

    fn total(&self) -> Duration {
        Duration::from_nanos(self.0.load(std::sync::atomic::Ordering::Relaxed))
    }
}

/// A page through the theme's template, as seen from its place (`None`: the theme
/// could not be loaded, which is reported already).
type RenderHtml<'r> = dyn Fn(&str, &str, PageContext) -> Option<Result<String, Diagnostic>> + 'r;

/// The print view as it is written, a page at a time.
struct PrintView {
    /// The file, and the template's text that follows the body.
    file: Option<(output::FileStream, String)>,
    /// The body, kept whole when it is wanted whole: for the single file, or for a theme
    /// whose template does not show the body once as it is.
    body: Option<String>,
    /// For such a theme: the print view's values, the body put in at the end.
    fallback: Option<PageContext>,
}

impl PrintView {
    fn push(&mut self, text: &str) {
        if let Some((file, _)) = &mut self.file {
            file.push(text);
        }
        if let Some(body) = &mut self.body {
            body.push_str(text);
        }
    }

    /// Ends the print view; gives its body back when it was kept for the single file.
    fn finish(
        self,
        files: &mut SiteFiles,
        render_html: &RenderHtml,
        diagnostics: &mut Diagnostics,
    ) -> Option<String> {
        let PrintView {
            file,
            body,
            fallback,
        } = self;
        if let Some((mut file, tail)) = file {
            file.push(&tail);
            files.finish(file);
        }
        match (fallback, body) {
            (Some(mut context), Some(body)) => {
                context.content_html = body.clone();
                keep_page(
                    PRINT_OUT,
                    render_html(PRINT_OUT, "page.html", context),
                    files,
                    diagnostics,
                );
                Some(body)
            }
            (_, body) => body,
        }
    }
}

/// The search index as it is written, a page at a time, and the pages listed on the
/// search page for readers without JavaScript (titles, addresses and summaries).
struct SearchIndex {
    file: output::FileStream,
    listed: Vec<search::Entry>,
}

impl SearchIndex {
    fn new(files: &mut SiteFiles) -> Self {
        let mut file = files.stream(search::INDEX_OUT);
        file.push(search::INDEX_START);
        SearchIndex {
            file,
            listed: Vec::new(),
        }
    }

    fn add(&mut self, entry: search::Entry) {
        let json = search::index_entry(&entry);
        self.add_json(entry, &json);
    }

    /// Adds an entry already written as JSON by [`search::index_entry`]; `entry` is
    /// what the search page lists of it.
    fn add_json(&mut self, entry: search::Entry, json: &str) {
        if !self.listed.is_empty() {
            self.file.push(",");
        }
        self.file.push(json);
        self.listed.push(search::Entry {
            headings: Vec::new(),
            text: String::new(),
            ..entry
        });
    }

    fn finish(mut self, files: &mut SiteFiles) -> Vec<search::Entry> {
        self.file.push(search::INDEX_END);
        files.finish(self.file);
        self.listed
    }
}

/// Adds a page rendered through its template to the site, or its template's error to the
/// problems (`None`: the theme could not be loaded, which is reported already).
fn keep_page(
    out: &str,
    rendered: Option<Result<String, Diagnostic>>,
    files: &mut SiteFiles,
    diagnostics: &mut Diagnostics,
) {
    match rendered {
        Some(Ok(html)) => files.add(out, html),
        Some(Err(d)) => diagnostics.push(d),
        None => {}
    }
}

/// Stands for the print view's body while its template is rendered.
const PRINT_HOLE: &str = "<!--ladder:print-body-->";

/// Where the not-found page is written.
const NOT_FOUND_OUT: &str = "404.html";

/// Turns the root-relative links of a page at the site root into absolute ones.
fn absolutise(context: &mut Context, nav: &mut [NavItem], base: &str) {
    let base = format!("{}/", base.trim_end_matches('/'));
    let abs = |url: &mut String| *url = format!("{base}{url}");
    abs(&mut context.root);
    abs(&mut context.assets);
    abs(&mut context.home_url);
    if let Some(url) = &mut context.glossary_url {
        abs(url);
    }
    for item in nav {
        abs(&mut item.url);
        for child in &mut item.children {
            abs(&mut child.url);
        }
    }
}

/// The template context of a page, without its body. `position`: its place in the
/// reading order.
fn page_context(
    source: &Source,
    site: &Site,
    index: usize,
    position: Option<usize>,
    base_url: Option<&str>,
) -> PageContext {
    let entry = &site.entries[index];
    let page = &source.pages[entry.page];
    let kind = match page.kind {
        PageKind::Home => "home",
        PageKind::Page => "page",
        PageKind::Section => "section",
        PageKind::CaseStudy => "case-study",
    };
    let mut context = PageContext::new(kind, page.title.clone());
    context.summary = page.front.summary.clone().filter(|s| !s.trim().is_empty());
    context.canonical = canonical(base_url, &entry.out);
    context.breadcrumbs = breadcrumbs(source, site, index);
    let link_to = |i: usize| Link {
        title: site.page(source, i).title.clone(),
        url: site::relative_url(&entry.out, &site.entries[i].out),
    };
    if let Some(position) = position {
        context.prev = position
            .checked_sub(1)
            .map(|p| link_to(site.reading_order[p]));
        context.next = site
            .reading_order
            .get(position + 1)
            .map(|i| link_to(*i))
            .or_else(|| {
                site.has_glossary.then(|| Link {
                    title: "Glossary".to_string(),
                    url: site::relative_url(&entry.out, GLOSSARY_OUT),
                })
            });
    }
    context.organisation = page.front.organisation.clone();
    context.people = page.front.people.clone();
    context.figures = page.front.figures.clone();
    context.lessons = page.front.lessons.clone();
    if page.kind == PageKind::CaseStudy {
        context.tags = page
            .front
            .tags
            .iter()
            .map(|t| TagContext {
                name: t.clone(),
                id: source::slug(t),
                pages: Vec::new(),
            })
            .collect();
    }
    if page.kind == PageKind::Section {
        let mut tags: BTreeMap<String, TagContext> = BTreeMap::new();
        for child in &entry.children {
            let child_page = site.page(source, *child);
            let url = site::relative_url(&entry.out, &site.entries[*child].out);
            let mut child_tags = Vec::new();
            for tag in &child_page.front.tags {
                let id = source::slug(tag);
                let item = tags.entry(id.clone()).or_insert_with(|| TagContext {
                    name: tag.clone(),
                    id: id.clone(),
                    pages: Vec::new(),
                });
                item.pages.push(Link {
                    title: child_page.title.clone(),
                    url: url.clone(),
                });
                child_tags.push(TagContext {
                    name: tag.clone(),
                    id,
                    pages: Vec::new(),
                });
            }
            context.pages.push(ListedPage {
                title: child_page.title.clone(),
                url,
                summary: child_page.front.summary.clone(),
                organisation: child_page.front.organisation.clone(),
                tags: child_tags,
            });
        }
        context.tags = tags.into_values().collect();
    }
    context
}

fn canonical(base_url: Option<&str>, out: &str) -> Option<String> {
    let base = base_url?;
    let path = out.strip_suffix("index.html").unwrap_or(out);
    Some(format!("{}/{path}", base.trim_end_matches('/')))
}

/// Home, then each section above the page.
fn breadcrumbs(source: &Source, site: &Site, index: usize) -> Vec<crate::render::Link> {
    let out = &site.entries[index].out;
    if Some(index) == site.home {
        return Vec::new();
    }
    let mut crumbs = Vec::new();
    let mut parent = site.entries[index].parent;
    while let Some(p) = parent {
        crumbs.push(Link {
            title: site.page(source, p).title.clone(),
            url: site::relative_url(out, &site.entries[p].out),
        });
        parent = site.entries[p].parent;
    }
    crumbs.extend(home_crumb(source, site, out));
    crumbs.reverse();
    crumbs
}

fn home_crumb(source: &Source, site: &Site, out: &str) -> Vec<Link> {
    site.home
        .map(|h| Link {
            title: site.page(source, h).title.clone(),
            url: site::relative_url(out, "index.html"),
        })
        .into_iter()
        .collect()
}

/// Does the source have submission files?
fn has_submissions(root: &Path) -> bool {
    std::fs::read_dir(root.join(submissions::DIR)).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x == "yaml" || x == "yml")
        })
    })
}

/// The glossary grouped by first letter, definitions rendered from markdown.
fn glossary_letters(
    source: &Source,
    resolver: &Resolver,
    allow_html: bool,
    diagnostics: &mut Diagnostics,
) -> Vec<GlossaryLetter> {
    let mut letters: Vec<GlossaryLetter> = Vec::new();
    let ids: BTreeMap<&str, &str> = source
        .glossary
        .iter()
        .map(|t| (t.term.as_str(), t.id.as_str()))
        .collect();
    let file = Path::new("glossary.yaml");
    let empty = Outline::default();
    for term in &source.glossary {
        let letter = term
            .term
            .chars()
            .next()
            .map(|c| c.to_uppercase().collect::<String>())
            .filter(|l| l.chars().all(char::is_alphabetic))
            .unwrap_or_else(|| "#".to_string());
        let ctx = markdown::PageContext {
            source: file,
            body_line: term.line,
            out: GLOSSARY_OUT,
            outline: &empty,
            glossary: None,
            allow_html,
            blocks: None,
        };
        let entry = GlossaryTerm {
            term: term.term.clone(),
            id: term.id.clone(),
            abbr: term.abbr.clone(),
            aliases: term.aliases.clone(),
            definition_html: {
                // The definition is a YAML value: its problems point at the entry's line.
                let mut found = Diagnostics::new();
                let html = markdown::render(&term.definition, &ctx, resolver, &mut found);
                for mut d in found.sorted() {
                    d.line = Some(term.line);
                    d.column = None;
                    diagnostics.push(d);
                }
                html
            },
            see_also: term
                .see_also
                .iter()
                .filter_map(|s| {
                    ids.get(s.as_str()).map(|id| GlossaryRef {
                        term: s.clone(),
                        url: format!("#{id}"),
                    })
                })
                .collect(),
        };
        match letters.last_mut() {
            Some(last) if last.letter == letter => last.terms.push(entry),
            _ => letters.push(GlossaryLetter {
                id: format!(
                    "letter-{}",
                    source::slug(&letter).replace("section", "other")
                ),
                letter,
                terms: vec![entry],
            }),
        }
    }
    letters
}

/// `sitemap.xml`, listing every page's address under `base_url`.
fn sitemap(base: &str, site: &Site, files: &SiteFiles) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut outs: Vec<&str> = site.entries.iter().map(|e| e.out.as_str()).collect();
    if site.has_glossary {
        outs.push(GLOSSARY_OUT);
    }
    outs.sort();
    for out in outs {
        if files.contains(out)
            && let Some(url) = canonical(Some(base), out)
        {
            xml.push_str(&format!(
                "  <url><loc>{}</loc></url>\n",
                crate::html::escape(&url)
            ));
        }
    }
    xml.push_str("</urlset>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_urls() {
        assert_eq!(
            canonical(Some("https://x.example/sm/"), "a/index.html").as_deref(),
            Some("https://x.example/sm/a/")
        );
        assert_eq!(
            canonical(Some("https://x.example/sm"), "index.html").as_deref(),
            Some("https://x.example/sm/")
        );
        assert_eq!(canonical(None, "index.html"), None);
    }
}
