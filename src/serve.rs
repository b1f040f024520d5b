//! `ladder serve`: a preview server for authors. It builds the site once, serves it on
//! 127.0.0.1 only, watches the source folder and rebuilds on every save, and reloads the
//! pages open in a browser.
//!
//! - The site is built into a folder outside the source (by default one under the system
//!   temporary folder), exactly as `ladder build` would write it; the server only reads
//!   from that folder and refuses any request that would leave it.
//! - Live reload: every HTML response (never the files on disk) gets one
//!   `<script src="/__ladder/live.js">` tag, which listens to the Server-Sent Events of
//!   `/__ladder/events` and reloads the page when a build finishes. Pages work without it.
//! - A failed build leaves the last good site in place (as `ladder build` does); its
//!   errors are printed in the terminal and shown in an overlay on every served page until
//!   the source builds again.
//! - Ctrl-C ends the process with the default signal behaviour: nothing needs cleaning up,
//!   because every build is written atomically and the preview folder is reused by the next
//!   `ladder serve` of the same source on the same port.

use crate::html::escape;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use notify::EventKind;
use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify_debouncer_full::{DebouncedEvent, new_debouncer};
use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

use crate::build::{BuildOptions, BuildReport, Silent, build_incremental};
use crate::diagnostic::Diagnostic;
use crate::incremental::Cache;
use crate::output;

/// The Server-Sent Events stream that tells open pages a build has finished.
pub const EVENTS_PATH: &str = "/__ladder/events";
/// The live-reload script added to served HTML.
pub const SCRIPT_PATH: &str = "/__ladder/live.js";
/// The port tried first when none is given.
pub const DEFAULT_PORT: u16 = 8000;
/// How many ports from [`DEFAULT_PORT`] on are tried when none is given.
const PORT_TRIES: u16 = 100;
/// Edits closer together than this are built once. Short, because a save should show
/// at once; an editor's burst of events (write, rename) lands within it.
const DEBOUNCE: Duration = Duration::from_millis(20);
/// An open events stream gets a comment this often, so a closed tab is noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// Requests handled at once (each on its own thread; event streams stay open).
const MAX_ACTIVE: usize = 256;

const LIVE_JS: &str = r#"// Live reload for `ladder serve`: reloads the page when the site is rebuilt.
(function () {
  var me = document.currentScript;
  var build = me && me.getAttribute("data-build");
  if (!window.EventSource || !build) return;
  var events = new EventSource("/__ladder/events");
  function check(event) {
    if (event.data && event.data !== build) {
      events.close();
      window.location.reload();
    }
  }
  events.addEventListener("hello", check);
  events.addEventListener("build", check);
})();
"#;

/// What to serve and how.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The report source folder.
    pub source: PathBuf,
    /// Where to write the built site; a folder under the system temporary folder if `None`.
    pub out: Option<PathBuf>,
    /// The port; `None` tries 8000 and the next ones until one is free; `Some(0)` lets the
    /// system choose.
    pub port: Option<u16>,
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Print the time of each phase of every build.
    pub timings: bool,
}

/// Prints the diagnostics of a build in the terminal (supplied by the command line, so
/// colour and layout match `ladder build`).
pub type Printer = fn(&BuildReport, &Path);

/// The state of the served site, swapped as a whole under the lock by each build.
#[derive(Debug, Clone)]
struct Site {
    /// Changes with every build: open pages compare it with the one they were served with.
    token: String,
    /// True once a build has succeeded, so there is a site to serve.
    good: bool,
    /// The rendered errors of the last build when it failed.
    errors: Option<String>,
    /// The output folder, canonical, once it exists.
    root: Option<PathBuf>,
}

struct State {
    out: PathBuf,
    site: RwLock<Site>,
    clients: Mutex<Vec<Sender<String>>>,
    active: AtomicUsize,
    started: u128,
}

impl State {
    fn site(&self) -> Site {
        self.site.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Tells every open page the new build token; forgets pages that went away.
    fn broadcast(&self, token: &str) {
        let mut clients = self.clients.lock().unwrap_or_else(|e| e.into_inner());
        clients.retain(|client| client.send(token.to_string()).is_ok());
    }
}

/// Runs the preview server until the process is stopped. Returns an error message only
/// when it cannot start (a missing source folder, an unsafe output folder, no free port).
pub fn serve(options: &ServeOptions, print: Printer) -> Result<(), String> {
    let source = &options.source;
    if !source.is_dir() {
        let d = Diagnostic::error(source, "the source folder does not exist").with_hint(
            "give the folder that holds report.yaml, for example `ladder serve content`, or start one with `ladder new`",
        );
        return Err(d.render(source));
    }
    let (server, port) = bind(options.port)?;
    let out = options
        .out
        .clone()
        .unwrap_or_else(|| default_out(source, port));
    output::check_target(source, &out).map_err(|d| d.render(source))?;

    let started = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let state = Arc::new(State {
        out: out.clone(),
        site: RwLock::new(Site {
            token: format!("{started:x}-0"),
            good: false,
            errors: None,
            root: None,
        }),
        clients: Mutex::new(Vec::new()),
        active: AtomicUsize::new(0),
        started,
    });
    let mut builder = Builder {
        options: BuildOptions {
            source: source.clone(),
            out: out.clone(),
            drafts: options.drafts,
            write: true,
            single_file: None,
        },
        print,
        count: 0,
        cache: Cache::new(),
        timings: options.timings,
    };
    // Watch before the first build, so no edit made while it runs is missed.
    let source_abs = output::absolute(source);
    let (tx, rx) = mpsc::channel();
    let mut watcher = new_debouncer(DEBOUNCE, None, tx)
        .map_err(|e| format!("error: could not watch the source folder for changes: {e}"))?;
    watcher
        .watch(&source_abs, notify::RecursiveMode::Recursive)
        .map_err(|e| {
            format!(
                "error: could not watch {} for changes: {e}",
                source.display()
            )
        })?;

    builder.run(&state);

    let server = Arc::new(server);
    {
        let state = Arc::clone(&state);
        let server = Arc::clone(&server);
        std::thread::Builder::new()
            .name("ladder-serve".into())
            .spawn(move || accept(&server, &state))
            .map_err(|e| format!("error: could not start the server: {e}"))?;
    }
    println!(
        "Serving {} at http://127.0.0.1:{port}/ (Ctrl-C to stop)",
        source.display()
    );
    println!(
        "The preview site is written to {}; edit the source, not those files.",
        out.display()
    );
    let _ = io::stdout().flush();

    while let Ok(result) = rx.recv() {
        let mut changed = match result {
            Ok(events) => changed_paths(&events, &source_abs),
            Err(errors) => {
                for error in errors {
                    eprintln!("warning: watching the source folder: {error}");
                }
                Vec::new()
            }
        };
        // Everything already queued is covered by the build about to start.
        while let Ok(more) = rx.try_recv() {
            if let Ok(events) = more {
                changed.extend(changed_paths(&events, &source_abs));
            }
        }
        if changed.is_empty() {
            continue;
        }
        changed.sort();
        changed.dedup();
        let more = match changed.len() {
            1 => String::new(),
            n => format!(" and {} more", n - 1),
        };
        println!("Changed: {}{more}", changed[0].display());
        builder.run(&state);
    }
    drop(watcher);
    Ok(())
}

/// Binds 127.0.0.1 (never another interface) on the given port, or on the first free
/// one from 8000.
fn bind(port: Option<u16>) -> Result<(Server, u16), String> {
    let ports: Vec<u16> = match port {
        Some(port) => vec![port],
        None => (0..PORT_TRIES).map(|i| DEFAULT_PORT + i).collect(),
    };
    let mut last = String::new();
    for port in ports {
        match Server::http(("127.0.0.1", port)) {
            Ok(server) => {
                let actual = server
                    .server_addr()
                    .to_ip()
                    .map_or(port, |addr| addr.port());
                return Ok((server, actual));
            }
            Err(error) => last = error.to_string(),
        }
    }
    Err(match port {
        Some(port) => format!(
            "error: could not serve on port {port}: {last}\n  = how to fix: another program may be using it; choose another port with `-p`, or leave `-p` out to use the first free one from {DEFAULT_PORT}"
        ),
        None => format!(
            "error: no free port between {DEFAULT_PORT} and {}: {last}\n  = how to fix: choose a port with `-p`, or `-p 0` to let the system choose",
            DEFAULT_PORT + PORT_TRIES - 1
        ),
    })
}

/// The preview folder used when no `-o` is given: under the system temporary folder, one
/// per source folder and port, so two previews never share one and a restart reuses it.
fn default_out(source: &Path, port: u16) -> PathBuf {
    use std::hash::{Hash, Hasher};
    let absolute = output::absolute(source);
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    absolute.hash(&mut hasher);
    let name: String = absolute
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(40)
        .collect();
    std::env::temp_dir().join(format!(
        "ladder-serve-{name}-{:08x}-{port}",
        hasher.finish() as u32
    ))
}

/// Runs builds and reports them.
struct Builder {
    options: BuildOptions,
    print: Printer,
    count: u64,
    /// What the last build rendered and wrote, so the next one redoes only what changed.
    cache: Cache,
    timings: bool,
}

impl Builder {
    /// Builds the site; on success the new site is served, on failure the last good one
    /// stays, with the errors shown in the terminal and in the pages.
    fn run(&mut self, state: &State) {
        self.count += 1;
        let report = {
            // Requests wait while the output folder is being replaced.
            let mut site = state.site.write().unwrap_or_else(|e| e.into_inner());
            let report = build_incremental(&self.options, &Silent, &mut self.cache);
            site.token = format!("{:x}-{}", state.started, self.count);
            if report.diagnostics.has_errors() {
                site.errors = Some(render_errors(&report, &self.options.source));
            } else {
                site.errors = None;
                site.good = true;
                site.root = state.out.canonicalize().ok();
            }
            let token = site.token.clone();
            drop(site);
            state.broadcast(&token);
            report
        };
        (self.print)(&report, &self.options.source);
        if self.timings {
            for (i, (phase, time)) in report.timings.phases.iter().enumerate() {
                let indent = if report.timings.is_part(i) {
                    "    "
                } else {
                    "  "
                };
                eprintln!(
                    "{indent}{phase:<54} {:>8.1} ms",
                    time.as_secs_f64() * 1000.0
                );
            }
        }
        let errors = report.diagnostics.error_count();
        if errors > 0 {
            let good = state.site().good;
            eprintln!(
                "The build stopped: {errors} {} to fix. {}",
                plural(errors, "error"),
                if good {
                    "The preview still shows the last version that built, with the errors on top."
                } else {
                    "The preview shows the errors until the site builds."
                }
            );
        } else {
            let warnings = report.diagnostics.warning_count();
            println!(
                "Built {} pages in {:.2} s ({} rendered, {} {} written, {} removed){}",
                report.pages,
                report.elapsed.as_secs_f64(),
                self.cache.rendered,
                self.cache.files_written,
                plural(self.cache.files_written, "file"),
                self.cache.files_removed,
                match warnings {
                    0 => String::new(),
                    n => format!(", with {n} {}", plural(n, "warning")),
                }
            );
        }
        let _ = io::stdout().flush();
    }
}

fn render_errors(report: &BuildReport, source: &Path) -> String {
    report
        .diagnostics
        .sorted()
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.render(source))
        .collect::<Vec<_>>()
        .join("\n")
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

/// The source files touched by a batch of events, relative to the source folder. Reads
/// (a build opening files), metadata-only changes and editors' temporary files are left
/// out, so they never start a build.
fn changed_paths(events: &[DebouncedEvent], source: &Path) -> Vec<PathBuf> {
    events
        .iter()
        .filter(|e| is_change(&e.event.kind))
        .flat_map(|e| e.event.paths.iter())
        .map(|path| {
            path.strip_prefix(source)
                .map(Path::to_path_buf)
                .unwrap_or_else(|_| path.clone())
        })
        .filter(|rel| !is_scratch(rel))
        .collect()
}

fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Any => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Other => false,
    }
}

/// Hidden files and folders (`.git`, `.page.md.swp`) and editor backups (`page.md~`,
/// `#page.md#`).
fn is_scratch(rel: &Path) -> bool {
    rel.components().any(|c| match c {
        Component::Normal(name) => {
            let name = name.to_string_lossy();
            name.starts_with('.') || name.starts_with('#') || name.ends_with('~')
        }
        _ => false,
    })
}

/// Takes requests and answers each on its own thread.
fn accept(server: &Server, state: &Arc<State>) {
    for request in server.incoming_requests() {
        if state.active.load(Ordering::SeqCst) >= MAX_ACTIVE {
            let _ = request.respond(text_response(503, "Too many requests at once.\n"));
            continue;
        }
        state.active.fetch_add(1, Ordering::SeqCst);
        let state = Arc::clone(state);
        let spawned = std::thread::Builder::new()
            .name("ladder-request".into())
            .spawn(move || {
                handle(&state, request);
                state.active.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            // The request was dropped with the closure; tiny_http answers it with a 500.
            eprintln!("warning: could not start a thread for a request");
        }
    }
}

fn handle(state: &State, request: Request) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response = text_response(405, "Only GET and HEAD are supported.\n")
            .with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(response);
        return;
    }
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or_default();
    if path == EVENTS_PATH {
        events(state, request);
        return;
    }
    if path == SCRIPT_PATH {
        let response = Response::from_data(LIVE_JS.as_bytes().to_vec())
            .with_header(header("Content-Type", "text/javascript; charset=utf-8"));
        let _ = request.respond(no_cache(response));
        return;
    }
    let response = match site_path(path) {
        Ok(segments) => answer(state, path, &url, &segments),
        Err(Refusal::Forbidden) => text_response(403, "Forbidden: that is outside the site.\n"),
        Err(Refusal::BadRequest) => text_response(400, "Bad request.\n"),
    };
    let _ = request.respond(response);
}

/// The response for a path inside the site.
fn answer(
    state: &State,
    path: &str,
    url: &str,
    segments: &[String],
) -> Response<io::Cursor<Vec<u8>>> {
    // Read under the lock, so a page never mixes two builds.
    let site = state.site.read().unwrap_or_else(|e| e.into_inner());
    let Some(root) = site.root.as_deref().filter(|_| site.good) else {
        let page = error_page(&site);
        return html_response(500, page);
    };
    match lookup(root, segments, path.ends_with('/')) {
        Found::File(file) => match std::fs::read(&file) {
            Ok(bytes) => {
                let kind = content_type(&file);
                if kind.starts_with("text/html") {
                    html_response(200, decorate(&String::from_utf8_lossy(&bytes), &site))
                } else {
                    no_cache(Response::from_data(bytes).with_header(header("Content-Type", kind)))
                }
            }
            Err(_) => not_found(root, &site),
        },
        Found::Folder => {
            let query = &url[path.len()..];
            // One leading slash: `//name` would be read as another host.
            let path = format!("/{}", path.trim_start_matches('/'));
            text_response(301, "Moved: the address ends with a slash.\n")
                .with_header(header("Location", &format!("{path}/{query}")))
        }
        Found::Nothing => not_found(root, &site),
        Found::Outside => text_response(403, "Forbidden: that is outside the site.\n"),
    }
}

fn not_found(root: &Path, site: &Site) -> Response<io::Cursor<Vec<u8>>> {
    let page = std::fs::read(root.join("404.html"))
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_else(|_| {
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Page not found</title></head><body><h1>Page not found</h1></body></html>".to_string()
        });
    html_response(404, decorate(&page, site))
}

/// Why a request path was refused.
#[derive(Debug, PartialEq, Eq)]
enum Refusal {
    /// It tries to leave the site (`..`, a drive letter, a backslash).
    Forbidden,
    /// It is not a path (`*`, `http://…`, bad percent-encoding, not UTF-8).
    BadRequest,
}

/// The segments of a request path, percent-decoded and checked: only plain names, never
/// `..`, a separator hidden in a segment, or a drive letter.
fn site_path(path: &str) -> Result<Vec<String>, Refusal> {
    if !path.starts_with('/') {
        return Err(Refusal::BadRequest);
    }
    let decoded = percent_decode(path).ok_or(Refusal::BadRequest)?;
    let decoded = String::from_utf8(decoded).map_err(|_| Refusal::BadRequest)?;
    if decoded.contains(['\0', '\\']) {
        return Err(Refusal::Forbidden);
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Err(Refusal::Forbidden),
            name => {
                let mut components = Path::new(name).components();
                let plain = matches!(components.next(), Some(Component::Normal(_)))
                    && components.next().is_none();
                if !plain || name.contains(':') {
                    return Err(Refusal::Forbidden);
                }
                segments.push(name.to_string());
            }
        }
    }
    Ok(segments)
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

#[derive(Debug, PartialEq, Eq)]
enum Found {
    File(PathBuf),
    /// A folder asked for without the final slash: redirect, so relative links work.
    Folder,
    Nothing,
    Outside,
}

/// Finds the file for a checked path in the site folder `root` (canonical): a folder
/// gives its `index.html`. Anything that resolves outside `root` (through a link) is
/// refused.
fn lookup(root: &Path, segments: &[String], slash: bool) -> Found {
    let mut path = root.to_path_buf();
    path.extend(segments);
    let Ok(meta) = std::fs::metadata(&path) else {
        return Found::Nothing;
    };
    if meta.is_dir() {
        if !slash && !segments.is_empty() {
            return Found::Folder;
        }
        path.push("index.html");
    }
    match path.canonicalize() {
        Ok(real) if !real.starts_with(root) => Found::Outside,
        Ok(real) if real.is_file() => Found::File(real),
        _ => Found::Nothing,
    }
}

/// The content type of a site file, by its extension.
fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "zip" => "application/zip",
        _ => "application/octet-stream",
    }
}

/// A served HTML page: the live-reload script, and the errors of the last build on top
/// when it failed. The files on disk are left as they are.
fn decorate(html: &str, site: &Site) -> String {
    let mut extra = String::new();
    if let Some(errors) = &site.errors {
        extra.push_str(&overlay(
            errors,
            "This page shows the last version that built. Fix the problems below and save: the page reloads by itself.",
        ));
    }
    extra.push_str(&format!(
        "<script src=\"{SCRIPT_PATH}\" data-build=\"{}\"></script>\n",
        escape(&site.token)
    ));
    inject(html, &extra)
}

/// The page served for everything while no build has succeeded yet.
fn error_page(site: &Site) -> String {
    let errors = site.errors.as_deref().unwrap_or("The site is being built.");
    let page = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Ladder could not build the site</title></head>\n<body>\n{}</body></html>\n",
        overlay(
            errors,
            "There is no earlier version to show yet. Fix the problems below and save: the page reloads by itself."
        )
    );
    let site = Site {
        errors: None,
        ..site.clone()
    };
    decorate(&page, &site)
}

fn overlay(errors: &str, lead: &str) -> String {
    format!(
        "<div id=\"ladder-serve-errors\" role=\"alert\" style=\"position:fixed;left:0;right:0;bottom:0;z-index:2147483647;max-height:60vh;overflow:auto;margin:0;padding:1rem 1.25rem;background:#fff4f4;color:#1b1b1b;border-top:4px solid #a8001c;box-shadow:0 -4px 16px rgba(0,0,0,.25);font:15px/1.45 system-ui,sans-serif;text-align:left\">\
<h2 style=\"margin:0 0 .4rem;font-size:1.15rem;color:#a8001c\">Ladder could not build your latest changes</h2>\
<p style=\"margin:0 0 .75rem\">{}</p>\
<pre style=\"margin:0;white-space:pre-wrap;overflow-wrap:anywhere;font:13px/1.45 ui-monospace,Menlo,Consolas,monospace;color:#1b1b1b;background:none\">{}</pre></div>\n",
        escape(lead),
        escape(errors)
    )
}

/// Puts `extra` just before the last `</body>`, or at the end when there is none.
fn inject(html: &str, extra: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let at = lower.rfind("</body").unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + extra.len());
    out.push_str(&html[..at]);
    out.push_str(extra);
    out.push_str(&html[at..]);
    out
}

/// The Server-Sent Events stream: `hello` with the current build token on connect,
/// `build` with the new token after every build, and a comment now and then so a closed
/// tab ends the thread.
fn events(state: &State, request: Request) {
    let (tx, rx) = mpsc::channel();
    // Listen first, then read the token, so no build in between is missed.
    state
        .clients
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(tx);
    let token = state.site().token;
    // tiny_http buffers response bodies, so the stream is written by hand and flushed.
    let mut writer = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\nretry: 1000\n\n";
    if send(&mut writer, head).is_err() || send(&mut writer, &event("hello", &token)).is_err() {
        return;
    }
    loop {
        let message = match rx.recv_timeout(KEEP_ALIVE) {
            Ok(token) => event("build", &token),
            Err(RecvTimeoutError::Timeout) => ": still here\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if send(&mut writer, &message).is_err() {
            return;
        }
    }
}

fn event(name: &str, data: &str) -> String {
    format!("event: {name}\ndata: {data}\n\n")
}

fn send(writer: &mut Box<dyn Write + Send>, text: &str) -> io::Result<()> {
    writer.write_all(text.as_bytes())?;
    writer.flush()
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|()| {
        Header::from_bytes(&b"X-Ladder"[..], &b"-"[..]).expect("a valid header")
    })
}

fn no_cache<R: io::Read>(response: Response<R>) -> Response<R> {
    response
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

fn text_response(status: u16, text: &str) -> Response<io::Cursor<Vec<u8>>> {
    no_cache(
        Response::from_data(text.as_bytes().to_vec())
            .with_status_code(StatusCode(status))
            .with_header(header("Content-Type", "text/plain; charset=utf-8")),
    )
}

fn html_response(status: u16, html: String) -> Response<io::Cursor<Vec<u8>>> {
    no_cache(
        Response::from_data(html.into_bytes())
            .with_status_code(StatusCode(status))
            .with_header(header("Content-Type", "text/html; charset=utf-8")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_stay_inside_the_site() {
        assert_eq!(site_path("/"), Ok(vec![]));
        assert_eq!(
            site_path("/who-gets-in/index.html"),
            Ok(vec!["who-gets-in".to_string(), "index.html".to_string()])
        );
        assert_eq!(
            site_path("/data/pay%20gap.csv"),
            Ok(vec!["data".to_string(), "pay gap.csv".to_string()])
        );
        for bad in [
            "/../Cargo.toml",
            "/a/../../b",
            "/%2e%2e/secret",
            "/%2E%2E%2Fsecret",
            "/a/..%2f..%2fsecret",
            "/..\\secret",
            "/%5c..%5csecret",
            "/C:/Windows",
            "/a%00b",
        ] {
            assert_eq!(site_path(bad), Err(Refusal::Forbidden), "{bad}");
        }
        for bad in ["*", "http://example.org/", "/%zz", "/%2", "/%ff"] {
            assert_eq!(site_path(bad), Err(Refusal::BadRequest), "{bad}");
        }
    }

    #[test]
    fn lookup_serves_files_and_folder_indexes_and_nothing_outside() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir_all(root.join("page")).unwrap();
        std::fs::write(root.join("index.html"), "home").unwrap();
        std::fs::write(root.join("page/index.html"), "page").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        let root = root.canonicalize().unwrap();
        let seg = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            lookup(&root, &[], true),
            Found::File(root.join("index.html"))
        );
        assert_eq!(
            lookup(&root, &seg(&["page"]), true),
            Found::File(root.join("page/index.html"))
        );
        assert_eq!(lookup(&root, &seg(&["page"]), false), Found::Folder);
        assert_eq!(
            lookup(&root, &seg(&["missing.html"]), false),
            Found::Nothing
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("link.txt"))
                .unwrap();
            assert_eq!(lookup(&root, &seg(&["link.txt"]), false), Found::Outside);
        }
    }

    #[test]
    fn the_script_and_overlay_go_before_the_end_of_the_body() {
        let site = Site {
            token: "t-1".into(),
            good: true,
            errors: Some("error: <bad> & \"worse\"".into()),
            root: None,
        };
        let html = decorate("<html><body><p>Hi</p></BODY></html>", &site);
        assert!(html.ends_with("</BODY></html>"), "{html}");
        assert!(html.contains("<script src=\"/__ladder/live.js\" data-build=\"t-1\"></script>"));
        assert!(html.contains("error: &lt;bad&gt; &amp; &quot;worse&quot;"));
        assert!(!html.contains("<bad>"));
        assert!(inject("no body", "X").ends_with("no bodyX"));
    }

    #[test]
    fn content_types_by_extension() {
        assert_eq!(
            content_type(Path::new("a/index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("ladder.CSS")),
            "text/css; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("x.svg")), "image/svg+xml");
        assert_eq!(content_type(Path::new("t.csv")), "text/csv; charset=utf-8");
        assert_eq!(content_type(Path::new("noext")), "application/octet-stream");
    }

    #[test]
    fn reads_and_scratch_files_do_not_start_builds() {
        use notify::event::{CreateKind, DataChange};
        assert!(is_change(&EventKind::Modify(ModifyKind::Data(
            DataChange::Any
        ))));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
        assert!(!is_change(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!is_change(&EventKind::Modify(ModifyKind::Metadata(
            notify::event::MetadataKind::AccessTime
        ))));
        assert!(is_scratch(Path::new(".git/index")));
        assert!(is_scratch(Path::new("pages/.index.md.swp")));
        assert!(is_scratch(Path::new("index.md~")));
        assert!(!is_scratch(Path::new("case-studies/_index.md")));
    }
}
