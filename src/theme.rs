//! Themes: the default theme is embedded in the binary; `theme: path` in report.yaml
//! points at a folder whose `templates/` and `static/` files replace the default ones of
//! the same name.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

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
    let folder = match theme_folder(root, theme) {
        Ok(folder) => folder,
        Err(message) => {
            diagnostics.push(
                Diagnostic::error("report.yaml", message)
                    .at_line(theme_line(root))
                    .with_hint(OUTSIDE_HINT),
            );
            return loaded;
        }
    };
    if !folder.is_dir() {
        diagnostics.push(
            Diagnostic::error("report.yaml", format!("the theme folder `{theme}` does not exist"))
                .at_line(theme_line(root))
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

const OUTSIDE_HINT: &str = "a theme must be a folder inside the report's source folder (the folder that holds report.yaml), so that the report builds the same on any computer and Ladder reads nothing else: move or copy the theme folder into the source folder and give its path from there, such as `theme: mytheme`, or write `theme: default`";

/// The line of `theme:` in report.yaml (1 when it cannot be found).
fn theme_line(root: &Path) -> usize {
    let text = std::fs::read_to_string(root.join("report.yaml")).unwrap_or_default();
    crate::yaml::key_line(&text, "theme").unwrap_or(1)
}

/// The folder that `theme` (as written in report.yaml) names, if it is inside the source
/// folder `root`; otherwise what is wrong, in plain words. An absolute path, a path that
/// climbs out with `..`, and a folder that is (or is inside) a link to somewhere outside
/// are all refused: the theme is read as a whole, so it must not be able to name any
/// other folder of the computer. A folder that does not exist is returned as it is.
fn theme_folder(root: &Path, theme: &str) -> Result<PathBuf, String> {
    let path = Path::new(theme);
    let outside = || format!("the theme folder `{theme}` is outside the source folder");
    let mut depth = 0usize;
    for component in path.components() {
        match component {
            Component::Prefix(_) | Component::RootDir => return Err(outside()),
            Component::CurDir => {}
            Component::ParentDir => depth = depth.checked_sub(1).ok_or_else(outside)?,
            Component::Normal(_) => depth += 1,
        }
    }
    let folder = root.join(path);
    if !folder.exists() {
        return Ok(folder);
    }
    // Links: where the folder really is.
    match (root.canonicalize(), folder.canonicalize()) {
        (Ok(root), Ok(real)) if real.starts_with(&root) => Ok(folder),
        (Ok(_), Ok(real)) => Err(format!(
            "the theme folder `{theme}` is a link to `{}`, which is outside the source folder",
            real.display()
        )),
        (_, Err(error)) | (Err(error), _) => Err(format!(
            "the theme folder `{theme}` could not be checked: {error}"
        )),
    }
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
    fn themes_outside_the_source_folder_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("src");
        std::fs::create_dir_all(root.join("mytheme/templates")).unwrap();
        std::fs::create_dir_all(dir.path().join("elsewhere/static")).unwrap();
        std::fs::write(
            dir.path().join("elsewhere/static/ladder.css"),
            "body { color: #abcdef }",
        )
        .unwrap();
        std::fs::write(root.join("report.yaml"), "title: T\ntheme: x\n").unwrap();
        for inside in [
            "mytheme",
            "./mytheme/",
            "mytheme/../mytheme",
            ".",
            "missing",
        ] {
            assert!(theme_folder(&root, inside).is_ok(), "{inside}");
        }
        for outside in [
            "/",
            "..",
            "../elsewhere",
            "mytheme/../..",
            "a/../../src/mytheme",
        ] {
            let message = theme_folder(&root, outside).unwrap_err();
            assert!(
                message.contains("outside the source folder"),
                "{outside}: {message}"
            );
        }
        let absolute = root.join("mytheme");
        assert!(theme_folder(&root, &absolute.to_string_lossy()).is_err());

        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("elsewhere"), root.join("linked")).unwrap();
            std::os::unix::fs::symlink(root.join("mytheme"), root.join("inner")).unwrap();
            let message = theme_folder(&root, "linked").unwrap_err();
            assert!(message.contains("is a link to"), "{message}");
            assert!(theme_folder(&root, "linked/static").is_err());
            assert!(theme_folder(&root, "inner").is_ok());
            // Nothing of the folder outside is read, and the error is at `theme:`.
            let mut d = Diagnostics::new();
            let theme = load(&root, Some("linked"), &mut d);
            let errors = d.sorted();
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert_eq!(errors[0].line, Some(2));
            assert!(
                !String::from_utf8_lossy(&theme.static_files["ladder.css"]).contains("#abcdef")
            );
        }
    }

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
