//! Themes: the default theme is embedded in the binary; `theme: path` in report.yaml
//! points at a folder whose `templates/` and `static/` files replace the default ones of
//! the same name.

use std::collections::BTreeMap;
use std::path::Path;

use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, Diagnostics};

#[derive(rust_embed::Embed)]
#[folder = "themes/default/"]
struct DefaultTheme;

/// The templates and static files of the theme in use.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Template name (`page.html`) to its text.
    pub templates: BTreeMap<String, String>,
    /// Path under `static/` (`ladder.css`) to its bytes.
    pub static_files: BTreeMap<String, Vec<u8>>,
}

/// Loads the default theme, then the report's own theme over it.
pub fn load(root: &Path, theme: Option<&str>, diagnostics: &mut Diagnostics) -> Theme {
    let mut loaded = Theme::default();
    for name in DefaultTheme::iter() {
        let Some(file) = DefaultTheme::get(&name) else {
            continue;
        };
        add(&mut loaded, &name, file.data.into_owned());
    }
    let Some(theme) = theme
        .map(str::trim)
        .filter(|t| !t.is_empty() && *t != "default")
    else {
        return loaded;
    };
    let folder = root.join(theme);
    if !folder.is_dir() {
        diagnostics.push(
            Diagnostic::error("report.yaml", format!("the theme folder `{theme}` does not exist"))
                .at_line(crate::yaml::key_line(&std::fs::read_to_string(root.join("report.yaml")).unwrap_or_default(), "theme").unwrap_or(1))
                .with_hint("give a folder path relative to the source folder that holds `templates/` and `static/`, or write `theme: default`"),
        );
        return loaded;
    }
    for entry in WalkDir::new(&folder)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        if !entry.file_type().is_file() {
            continue;
        }
        let rel =
            crate::site::slash_path(entry.path().strip_prefix(&folder).unwrap_or(entry.path()));
        match std::fs::read(entry.path()) {
            Ok(bytes) => add(&mut loaded, &rel, bytes),
            Err(error) => diagnostics.push(Diagnostic::error(
                entry.path(),
                format!("could not read the theme file: {error}"),
            )),
        }
    }
    loaded
}

fn add(theme: &mut Theme, rel: &str, bytes: Vec<u8>) {
    if let Some(name) = rel.strip_prefix("templates/") {
        theme.templates.insert(
            name.to_string(),
            String::from_utf8_lossy(&bytes).into_owned(),
        );
    } else if let Some(name) = rel.strip_prefix("static/") {
        theme.static_files.insert(name.to_string(), bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_theme_is_embedded() {
        let mut d = Diagnostics::new();
        let theme = load(Path::new("."), None, &mut d);
        for name in [
            "base.html",
            "home.html",
            "page.html",
            "section.html",
            "case-study.html",
            "glossary.html",
            "404.html",
        ] {
            assert!(theme.templates.contains_key(name), "missing {name}");
        }
        assert!(theme.static_files.contains_key("ladder.css"));
    }
}
