//! `ladder new DIR`: writes a small working report source to start from. The starter is
//! the `starter/` folder of this repository, embedded in the binary; it uses every part of
//! the format (settings, pages, a section of case studies, a glossary, data with a
//! sidecar, charts, key figures, a timeline and stats in the prose) and builds without a
//! warning.

use std::io;
use std::path::{Path, PathBuf};

#[derive(rust_embed::Embed)]
#[folder = "starter/"]
struct Starter;

/// Why `ladder new` wrote nothing.
#[derive(Debug)]
pub enum NewError {
    /// The folder already holds something (or is a file): nothing was touched.
    NotEmpty(PathBuf),
    /// Writing failed part-way.
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for NewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NewError::NotEmpty(dir) if dir.is_file() => write!(
                f,
                "{} is a file, not a folder. Nothing was written. Choose a new folder name, for example `ladder new my-report`.",
                dir.display()
            ),
            NewError::NotEmpty(dir) => write!(
                f,
                "{} is not empty. Nothing was written, so your files are safe. Choose a new folder name, for example `ladder new my-report`.",
                dir.display()
            ),
            NewError::Io(path, error) => write!(f, "could not write {}: {error}", path.display()),
        }
    }
}

impl std::error::Error for NewError {}

/// The starter files: path (with `/`) and contents, in a stable order.
pub fn starter_files() -> Vec<(String, Vec<u8>)> {
    let mut names: Vec<String> = Starter::iter().map(|n| n.into_owned()).collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|name| Starter::get(&name).map(|file| (name, file.data.into_owned())))
        .collect()
}

/// Writes the starter source into `dir`, which must be missing or empty. Returns the
/// number of files written.
pub fn create(dir: &Path) -> Result<usize, NewError> {
    match std::fs::symlink_metadata(dir) {
        Err(_) => {}
        Ok(meta) if meta.is_dir() => {
            let empty = std::fs::read_dir(dir)
                .map_err(|e| NewError::Io(dir.to_path_buf(), e))?
                .next()
                .is_none();
            if !empty {
                return Err(NewError::NotEmpty(dir.to_path_buf()));
            }
        }
        Ok(_) => return Err(NewError::NotEmpty(dir.to_path_buf())),
    }
    let files = starter_files();
    for (name, bytes) in &files {
        let path = name
            .split('/')
            .fold(dir.to_path_buf(), |path, part| path.join(part));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| NewError::Io(parent.to_path_buf(), e))?;
        }
        std::fs::write(&path, bytes).map_err(|e| NewError::Io(path.clone(), e))?;
    }
    Ok(files.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_is_embedded() {
        let names: Vec<String> = starter_files().into_iter().map(|(n, _)| n).collect();
        for name in [
            "_README.md",
            "report.yaml",
            "index.md",
            "glossary.yaml",
            "case-studies/_index.md",
        ] {
            assert!(names.iter().any(|n| n == name), "{name} missing: {names:?}");
        }
        assert!(
            names
                .iter()
                .any(|n| n.starts_with("data/") && n.ends_with(".csv"))
        );
        assert!(names.iter().any(|n| n.ends_with(".meta.yaml")));
    }

    #[test]
    fn refuses_a_folder_with_files_and_a_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        assert!(matches!(create(dir.path()), Err(NewError::NotEmpty(_))));
        assert!(matches!(
            create(&dir.path().join("notes.txt")),
            Err(NewError::NotEmpty(_))
        ));
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1);
    }

    #[test]
    fn writes_into_a_new_or_empty_folder() {
        let dir = tempfile::tempdir().unwrap();
        let count = create(&dir.path().join("a/b")).unwrap();
        assert_eq!(count, starter_files().len());
        assert!(dir.path().join("a/b/report.yaml").is_file());
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        assert!(create(&empty).is_ok());
    }
}
