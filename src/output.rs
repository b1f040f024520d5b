//! Writing the built site: everything goes into a temporary folder beside the output
//! folder, which is swapped in only when the whole site is written. A failed build leaves
//! the previous output exactly as it was. Nothing is written outside the output folder
//! (other than that temporary folder beside it).

use std::collections::{BTreeMap, HashSet};

use rayon::prelude::*;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// The file that marks a folder as written by Ladder, so a later build may replace it.
pub const MARKER: &str = ".ladder-output";
const MARKER_TEXT: &str = "This folder is written by Ladder (ladder build). It is replaced on every build: edit the source folder, not these files.\n";

/// The files of a built site, by path relative to the output folder (`/` separators).
///
/// Kept in memory, or, for `ladder build`, written straight into a [`Staging`] folder as
/// they are made, so a large site never has to fit in memory. Images are kept in memory
/// either way, for the single-file export, which inlines them.
#[derive(Debug, Default)]
pub struct SiteFiles {
    /// The files kept in memory: all of them, or only images when streaming.
    pub files: BTreeMap<String, Vec<u8>>,
    /// The size of every file of the site.
    sizes: BTreeMap<String, usize>,
    staging: Option<Staging>,
}

impl SiteFiles {
    /// Files written into `staging` as they are added.
    pub fn streaming(staging: Staging) -> SiteFiles {
        SiteFiles {
            staging: Some(staging),
            ..SiteFiles::default()
        }
    }

    pub fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.add_all(vec![(path.into(), bytes.into())]);
    }

    /// Adds many files at once; when streaming, they are written on all cores.
    pub fn add_all(&mut self, items: Vec<(String, Vec<u8>)>) {
        for (path, bytes) in &items {
            self.sizes.insert(path.clone(), bytes.len());
        }
        match &mut self.staging {
            Some(staging) => {
                staging.write_all(items.iter().map(|(p, b)| (p.as_str(), b.as_slice())));
                for (path, bytes) in items {
                    if is_image(&path) {
                        self.files.insert(path, bytes);
                    }
                }
            }
            None => self.files.extend(items),
        }
    }

    /// Starts a file that is written a piece at a time ([`FileStream::push`]), so a large
    /// file (the print view, the search index) is never held whole in memory when
    /// streaming. It joins the site with [`SiteFiles::finish`].
    pub fn stream(&mut self, path: impl Into<String>) -> FileStream {
        let path = path.into();
        let sink = match &mut self.staging {
            Some(staging) if staging.error.is_none() => match staging.open(&path) {
                Ok(file) => Sink::File(io::BufWriter::with_capacity(1 << 16, file)),
                Err(error) => {
                    staging.error = Some(error);
                    Sink::Failed
                }
            },
            Some(_) => Sink::Failed,
            None => Sink::Memory(Vec::new()),
        };
        FileStream { path, sink, len: 0 }
    }

    /// Ends a file started with [`SiteFiles::stream`]: it is now part of the site.
    pub fn finish(&mut self, stream: FileStream) {
        let FileStream { path, sink, len } = stream;
        self.sizes.insert(path.clone(), len);
        match sink {
            Sink::Memory(bytes) => {
                self.files.insert(path, bytes);
            }
            Sink::File(mut file) => {
                if let (Err(error), Some(staging)) =
                    (io::Write::flush(&mut file), &mut self.staging)
                    && staging.error.is_none()
                {
                    staging.error = Some(error);
                }
            }
            Sink::Error(error) => {
                if let Some(staging) = &mut self.staging
                    && staging.error.is_none()
                {
                    staging.error = Some(error);
                }
            }
            Sink::Failed => {}
        }
    }

    /// The staging folder the files were written into, if they were streamed.
    pub fn take_staging(&mut self) -> Option<Staging> {
        self.staging.take()
    }

    pub fn contains(&self, path: &str) -> bool {
        self.sizes.contains_key(path)
    }

    /// The size of the file at `path`, if the site has it.
    pub fn size(&self, path: &str) -> Option<usize> {
        self.sizes.get(path).copied()
    }

    pub fn len(&self) -> usize {
        self.sizes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sizes.is_empty()
    }

    pub fn total_bytes(&self) -> usize {
        self.sizes.values().sum()
    }
}

/// A file of the site being written a piece at a time (see [`SiteFiles::stream`]).
pub struct FileStream {
    path: String,
    sink: Sink,
    len: usize,
}

enum Sink {
    File(io::BufWriter<std::fs::File>),
    Memory(Vec<u8>),
    /// Writing failed: the error is reported when the stream is finished.
    Error(io::Error),
    /// The staging folder had failed already.
    Failed,
}

impl FileStream {
    /// Adds text to the end of the file.
    pub fn push(&mut self, text: &str) {
        self.len += text.len();
        match &mut self.sink {
            Sink::File(file) => {
                if let Err(error) = io::Write::write_all(file, text.as_bytes()) {
                    self.sink = Sink::Error(error);
                }
            }
            Sink::Memory(bytes) => bytes.extend_from_slice(text.as_bytes()),
            Sink::Error(_) | Sink::Failed => {}
        }
    }
}

fn is_image(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"]
        .iter()
        .any(|x| lower.ends_with(x))
}

/// A new site being written into a temporary folder beside the output folder. It
/// becomes the output folder only through [`Staging::commit`]; dropped without that (a
/// failed build), it is removed and the previous output is left exactly as it was.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    made: HashSet<PathBuf>,
    error: Option<io::Error>,
    committed: bool,
}

impl Staging {
    /// Makes the empty temporary folder for a new site in `out`.
    pub fn new(out: &Path) -> io::Result<Staging> {
        let (out, dir) = temporary_folder(out)?;
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        spread_folders(&dir);
        std::fs::write(dir.join(MARKER), MARKER_TEXT)?;
        Ok(Staging {
            out,
            dir,
            made: HashSet::new(),
            error: None,
            committed: false,
        })
    }

    /// Writes files into the folder on all cores, each file's folder made when it is not
    /// made yet. The first error is kept for [`Staging::commit`].
    fn write_all<'f>(&mut self, items: impl Iterator<Item = (&'f str, &'f [u8])>) {
        if self.error.is_some() {
            return;
        }
        let items: Vec<(&str, &[u8])> = items.collect();
        let made = &self.made;
        // Each worker makes the folders it needs: `create_dir_all` allows another thread
        // making the same folder at the same time.
        let result: io::Result<Vec<PathBuf>> = items
            .par_iter()
            .map(|(rel, bytes)| {
                let path = inside(&self.dir, rel)?;
                let dir = path.parent().unwrap_or(&self.dir).to_path_buf();
                if !made.contains(&dir) {
                    std::fs::create_dir_all(&dir)?;
                }
                std::fs::write(&path, bytes)?;
                Ok(dir)
            })
            .collect();
        match result {
            Ok(dirs) => self.made.extend(dirs),
            Err(error) => self.error = Some(error),
        }
    }

    /// Opens a file of the site to be written a piece at a time.
    fn open(&mut self, rel: &str) -> io::Result<std::fs::File> {
        let path = inside(&self.dir, rel)?;
        if let Some(dir) = path.parent()
            && !self.made.contains(dir)
        {
            std::fs::create_dir_all(dir)?;
            self.made.insert(dir.to_path_buf());
        }
        std::fs::File::create(path)
    }

    /// Swaps the new site in for the old one (the first write error, if there was one).
    pub fn commit(mut self) -> io::Result<()> {
        if let Some(error) = self.error.take() {
            return Err(error);
        }
        let old = self.dir.with_file_name(
            self.dir
                .file_name()
                .map(|n| n.to_string_lossy().replace("ladder-new", "ladder-old"))
                .unwrap_or_default(),
        );
        swap(&self.dir, &self.out, &old)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Marks a new site's folder as the top of a tree of folders (the `T` attribute of
/// ext2/3/4, `chattr +T`), so the file system places the folders made in it over free
/// parts of the disk instead of beside the folder it is in.
///
/// That matters for every rebuild: a build replaces the previous site, and for a while
/// after a delete, ext4 (without a journal) skips the freed file entries one by one each
/// time it makes a file near them. Writing 10,000 pages just after deleting the
/// previous 10,000 took 3 to 4 times longer than with this attribute (measured with
/// `cp -r` and with `ladder build`). Where the attribute is not known (other file
/// systems, other systems) nothing changes.
fn spread_folders(dir: &Path) {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{IFlags, ioctl_getflags, ioctl_setflags};
        if let Ok(folder) = std::fs::File::open(dir)
            && let Ok(flags) = ioctl_getflags(&folder)
        {
            let _ = ioctl_setflags(&folder, flags | IFlags::TOPDIR);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = dir;
}

/// The output folder, absolute, and the temporary folder beside it a new site is made in.
fn temporary_folder(out: &Path) -> io::Result<(PathBuf, PathBuf)> {
    let out = absolute(out);
    let parent = out
        .parent()
        .ok_or_else(|| io::Error::other("the output folder has no parent"))?;
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    std::fs::create_dir_all(parent)?;
    let tmp = parent.join(format!(".{name}.ladder-new-{}", std::process::id()));
    Ok((out, tmp))
}

/// Checks that `out` is a safe place to write the site built from `source`.
pub fn check_target(source: &Path, out: &Path) -> Result<(), Diagnostic> {
    // Looked at before the path is resolved: resolving would follow the link.
    if std::fs::symlink_metadata(out).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(
            Diagnostic::error(out, "the output folder is a link (symlink)").with_hint(
                "give the real folder, or remove the link: replacing a link would replace the folder it points to",
            ),
        );
    }
    let source_abs = absolute(source);
    let out_abs = absolute(out);
    let shown = out.display().to_string();
    if out_abs == source_abs {
        return Err(Diagnostic::error(
            out,
            "the output folder is the source folder: building would overwrite your report",
        )
        .with_hint("write the site somewhere else, for example `-o public`"));
    }
    if source_abs.starts_with(&out_abs) {
        return Err(Diagnostic::error(out, format!("the output folder {shown} contains the source folder: replacing it would delete your report"))
            .with_hint("choose an output folder outside the source folder, for example `-o public`"));
    }
    if out_abs.starts_with(&source_abs) {
        return Err(Diagnostic::error(out, format!("the output folder {shown} is inside the source folder"))
            .with_hint("choose an output folder next to the source folder instead, for example `-o public`: the built site must not become part of the source"));
    }
    if out_abs.parent().is_none() {
        return Err(Diagnostic::error(
            out,
            "the output folder cannot be the root of the file system",
        )
        .with_hint("choose a folder such as `public`"));
    }
    match std::fs::symlink_metadata(&out_abs) {
        Err(_) => Ok(()),
        Ok(meta) if meta.file_type().is_symlink() => Err(Diagnostic::error(
            out,
            "the output folder is a link (symlink)",
        )
        .with_hint("give the real folder, or remove the link")),
        Ok(meta) if !meta.is_dir() => Err(Diagnostic::error(
            out,
            format!("{shown} is a file, not a folder"),
        )
        .with_hint("choose another output folder, or move the file away")),
        Ok(_) => {
            let empty = std::fs::read_dir(&out_abs)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if empty || out_abs.join(MARKER).is_file() {
                Ok(())
            } else {
                Err(Diagnostic::error(out, format!("the output folder {shown} already holds files that Ladder did not write")
                ).with_hint("Ladder replaces its output folder on every build, so it will not touch a folder it did not create: choose a new or empty folder with `-o`, or move those files away"))
            }
        }
    }
}

/// Writes `site` as the new contents of `out`, atomically: a temporary folder beside
/// `out` is filled and then swapped in.
pub fn write(out: &Path, site: &SiteFiles) -> io::Result<()> {
    let mut staging = Staging::new(out)?;
    staging.write_all(
        site.files
            .iter()
            .map(|(rel, bytes)| (rel.as_str(), bytes.as_slice())),
    );
    staging.commit()
}

/// What [`update`] did.
#[derive(Debug, Default)]
pub struct Updated {
    pub written: usize,
    pub removed: usize,
}

/// Brings the site in `out`, last written with the files `previous`, up to date with
/// `site` in place: only new and changed files are written (each one atomically,
/// so a reader never sees half a file) and files no longer in the site are removed.
/// Used by `ladder serve`, where rewriting a whole large site on every save would be
/// slow; `build` always replaces the whole folder ([`write`]).
pub fn update(
    out: &Path,
    site: &SiteFiles,
    previous: &BTreeMap<String, Vec<u8>>,
) -> io::Result<Updated> {
    // Compared byte for byte: cheaper than hashing every file, as most are unchanged and
    // a changed file usually differs in length.
    let changed: Vec<(&String, &Vec<u8>)> = site
        .files
        .par_iter()
        .filter(|(path, bytes)| previous.get(*path) != Some(*bytes))
        .collect();
    changed.par_iter().try_for_each(|(rel, bytes)| {
        let path = inside(out, rel)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        write_file(&path, bytes)
    })?;
    let mut removed = 0;
    for rel in previous.keys().filter(|p| !site.files.contains_key(*p)) {
        let path = inside(out, rel)?;
        match std::fs::remove_file(&path) {
            Ok(()) => removed += 1,
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(error) => return Err(error),
        }
    }
    Ok(Updated {
        written: changed.len(),
        removed,
    })
}

fn swap(tmp: &Path, out: &Path, old: &Path) -> io::Result<()> {
    let had_old = out.exists();
    if had_old {
        let _ = std::fs::remove_dir_all(old);
        std::fs::rename(out, old)?;
    }
    if let Err(error) = std::fs::rename(tmp, out) {
        if had_old {
            let _ = std::fs::rename(old, out);
        }
        return Err(error);
    }
    if had_old {
        std::fs::remove_dir_all(old)?;
    }
    Ok(())
}

/// Writes one file atomically: a temporary file beside it, renamed over it when complete.
pub fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let path = absolute(path);
    let parent = path
        .parent()
        .ok_or_else(|| io::Error::other("the file has no folder"))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = parent.join(format!(".{name}.ladder-new-{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, &path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Joins a site path onto the folder, refusing anything that would leave it.
fn inside(dir: &Path, rel: &str) -> io::Result<PathBuf> {
    let rel_path = Path::new(rel);
    if rel.is_empty()
        || !rel_path
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
    {
        return Err(io::Error::other(format!(
            "refusing to write {rel}: it is not a plain path inside the output folder"
        )));
    }
    Ok(dir.join(rel_path))
}

/// An absolute, normalised path, resolving symlinks of the part that exists.
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    // Canonicalise the longest existing ancestor, then add the rest.
    let mut existing = joined.as_path();
    let mut rest: Vec<&std::ffi::OsStr> = Vec::new();
    loop {
        if let Ok(canonical) = existing.canonicalize() {
            let mut full = canonical;
            for part in rest.iter().rev() {
                full.push(part);
            }
            return crate::source::normalise(&full);
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name);
                existing = parent;
            }
            _ => return crate::source::normalise(&joined),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_leave_the_folder() {
        assert!(inside(Path::new("/tmp/x"), "../evil").is_err());
        assert!(inside(Path::new("/tmp/x"), "/etc/passwd").is_err());
        assert!(inside(Path::new("/tmp/x"), "a/b.html").is_ok());
    }

    #[test]
    fn output_checks() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("content");
        std::fs::create_dir_all(&source).unwrap();
        assert!(check_target(&source, &source).is_err());
        assert!(check_target(&source, dir.path()).is_err());
        assert!(check_target(&source, &source.join("public")).is_err());
        assert!(check_target(&source, &dir.path().join("public")).is_ok());
        let foreign = dir.path().join("docs");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("keep.txt"), "mine").unwrap();
        assert!(check_target(&source, &foreign).is_err());
    }

    #[test]
    fn writes_and_replaces_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut site = SiteFiles::default();
        site.add("index.html", "one");
        write(&out, &site).unwrap();
        let mut site = SiteFiles::default();
        site.add("a/index.html", "two");
        write(&out, &site).unwrap();
        assert!(!out.join("index.html").exists());
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "two"
        );
        assert!(out.join(MARKER).exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(leftovers.len(), 1, "only the output folder remains");
    }

    #[test]
    fn streamed_files_are_written_whole_in_memory_and_on_disk() {
        let mut memory = SiteFiles::default();
        let mut file = memory.stream("print/index.html");
        file.push("<p>one</p>");
        file.push("<p>two</p>");
        memory.finish(file);
        assert_eq!(
            memory.files.get("print/index.html").map(Vec::as_slice),
            Some(&b"<p>one</p><p>two</p>"[..])
        );
        assert_eq!(memory.size("print/index.html"), Some(20));

        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut site = SiteFiles::streaming(Staging::new(&out).unwrap());
        let mut file = site.stream("search/index.js");
        file.push("window.X = [");
        file.push("];");
        site.finish(file);
        site.add_all(vec![
            ("a/b/index.html".to_string(), b"b".to_vec()),
            ("a/c/index.html".to_string(), b"c".to_vec()),
        ]);
        assert_eq!(site.len(), 3);
        site.take_staging().unwrap().commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("search/index.js")).unwrap(),
            "window.X = [];"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("a/c/index.html")).unwrap(),
            "c"
        );
    }
}
