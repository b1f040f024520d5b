//! Rendering pages through the theme's Tera templates. The context each template gets is
//! documented in `themes/default/README.md`; the structs below are that contract.

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::theme::Theme;

/// Report-wide values (`site.*`).
#[derive(Debug, Clone, Serialize)]
pub struct SiteContext {
    pub title: String,
    pub organisation: String,
    pub year: i64,
    pub published: Option<String>,
    pub published_display: Option<String>,
    pub language: String,
    pub base_url: Option<String>,
    pub has_glossary: bool,
}

/// A link with its text.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// An item of the main navigation.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub title: String,
    pub url: String,
    pub summary: Option<String>,
    /// This page, or a section above it.
    pub current: bool,
    /// This very page.
    pub this_page: bool,
    pub children: Vec<NavItem>,
    /// The site entry the item links to (not given to templates).
    #[serde(skip)]
    pub entry: Option<usize>,
}

/// A heading in the page's table of contents.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A tag, with the pages that carry it (on section pages).
#[derive(Debug, Clone, Serialize)]
pub struct TagContext {
    pub name: String,
    pub id: String,
    pub pages: Vec<Link>,
}

/// A page listed on its section page.
#[derive(Debug, Clone, Serialize)]
pub struct ListedPage {
    pub title: String,
    pub url: String,
    pub summary: Option<String>,
    pub organisation: Option<String>,
    pub tags: Vec<TagContext>,
}

/// A glossary entry on the glossary page.
#[derive(Debug, Clone, Serialize)]
pub struct GlossaryTerm {
    pub term: String,
    pub id: String,
    pub abbr: Option<String>,
    pub aliases: Vec<String>,
    pub definition_html: String,
    pub see_also: Vec<GlossaryRef>,
}

/// A "see also" link of a glossary entry.
#[derive(Debug, Clone, Serialize)]
pub struct GlossaryRef {
    pub term: String,
    pub url: String,
}

/// One letter of the glossary's A to Z.
#[derive(Debug, Clone, Serialize)]
pub struct GlossaryLetter {
    pub letter: String,
    pub id: String,
    pub terms: Vec<GlossaryTerm>,
}

/// Everything about the page being rendered (`page.*`). Every field is always present
/// (templates test optional ones with `{% if %}`).
#[derive(Debug, Clone, Serialize)]
pub struct PageContext {
    pub kind: &'static str,
    pub title: String,
    pub summary: Option<String>,
    pub content_html: String,
    pub canonical: Option<String>,
    pub breadcrumbs: Vec<Link>,
    pub prev: Option<Link>,
    pub next: Option<Link>,
    pub toc: Vec<TocEntry>,
    // Case studies.
    pub organisation: Option<String>,
    pub people: Vec<crate::source::page::Person>,
    pub figures: Vec<crate::source::page::KeyFigure>,
    pub lessons: Vec<String>,
    // Case studies (tags without pages) and sections (tags with their pages).
    pub tags: Vec<TagContext>,
    // Sections.
    pub pages: Vec<ListedPage>,
    // The glossary.
    pub letters: Vec<GlossaryLetter>,
}

impl PageContext {
    /// An empty page of the given kind and title.
    pub fn new(kind: &'static str, title: impl Into<String>) -> Self {
        PageContext {
            kind,
            title: title.into(),
            summary: None,
            content_html: String::new(),
            canonical: None,
            breadcrumbs: Vec::new(),
            prev: None,
            next: None,
            toc: Vec::new(),
            organisation: None,
            people: Vec::new(),
            figures: Vec::new(),
            lessons: Vec::new(),
            tags: Vec::new(),
            pages: Vec::new(),
            letters: Vec::new(),
        }
    }
}

/// The whole context of one template render.
#[derive(Debug, Clone, Serialize)]
pub struct Context<'a> {
    pub root: String,
    pub assets: String,
    pub site: &'a SiteContext,
    pub home_url: String,
    pub glossary_url: Option<String>,
    /// The menu (`nav`): [`NavItem`]s as template values, made by [`crate::menu`].
    #[serde(skip)]
    pub nav: tera::Value,
    pub page: PageContext,
}

/// The theme's templates, parsed once.
pub struct Renderer {
    tera: tera::Tera,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer").finish_non_exhaustive()
    }
}

impl Renderer {
    /// Parses every template of the theme. A broken template is an error naming it.
    pub fn new(theme: &Theme) -> Result<Self, Diagnostic> {
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.add_raw_templates(
            theme
                .templates
                .iter()
                .map(|(name, text)| (name.as_str(), text.as_str())),
        )
        .map_err(|error| template_error(&error))?;
        Ok(Renderer { tera })
    }

    /// Renders `template` with `context`.
    pub fn render(&self, template: &str, context: &Context) -> Result<String, Diagnostic> {
        let mut values =
            tera::Context::from_serialize(context).map_err(|error| template_error(&error))?;
        values.insert_value("nav", context.nav.clone());
        let context = values;
        self.tera
            .render(template, &context)
            .map_err(|error| template_error(&error))
    }
}

fn template_error(error: &tera::Error) -> Diagnostic {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(inner) = source {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        source = inner.source();
    }
    Diagnostic::error("templates", format!("a theme template failed: {message}"))
        .with_hint("fix the template named in the message (see themes/default/README.md for the values templates receive), or remove `theme:` from report.yaml to use the default theme")
}
