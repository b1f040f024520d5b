//! The `ladder` command line. The work is done by the library; this file parses the
//! command, runs it and reports.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use ladder::build::{BuildOptions, BuildReport, Progress, build, build_with};
use ladder::format;

/// Ladder builds annual social mobility report sites from markdown and aggregate data.
#[derive(Parser)]
#[command(name = "ladder", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print only errors: no warnings, progress or summary.
    #[arg(short, long, global = true)]
    quiet: bool,
    /// How to print problems and the summary: `human` (default) or `json`, one JSON
    /// object on standard output for scripts and editors.
    #[arg(long, global = true, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Build the report site from SOURCE into OUT.
    Build {
        /// The report source folder (the one with report.yaml).
        #[arg(default_value = "content")]
        source: PathBuf,
        /// The folder to write the site into; it is replaced on every build.
        #[arg(short, long, default_value = "public")]
        out: PathBuf,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Also write the whole report as one self-contained HTML file (for email or a
        /// document library).
        #[arg(long, value_name = "FILE")]
        single_file: Option<PathBuf>,
        /// Print the time each phase of the build took.
        #[arg(long)]
        timings: bool,
    },
    /// Check the report source for problems without writing anything.
    Check {
        /// The report source folder (the one with report.yaml).
        #[arg(default_value = "content")]
        source: PathBuf,
        /// Check pages marked `draft: true` too.
        #[arg(long)]
        drafts: bool,
    },
    /// Preview the report in a browser: build it, serve it on 127.0.0.1 and rebuild and
    /// reload the page on every save.
    Serve {
        /// The report source folder (the one with report.yaml).
        #[arg(default_value = "content")]
        source: PathBuf,
        /// The port to serve on (0: let the system choose) [default: 8000, or the next free one]
        #[arg(short, long)]
        port: Option<u16>,
        /// The folder to write the preview site into [default: a folder in the system's
        /// temporary folder]
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Print the time each phase of every rebuild took.
        #[arg(long)]
        timings: bool,
    },
    /// Start a new report: write a small working example source into DIR.
    New {
        /// The folder to create; it must not exist yet, or be empty.
        dir: PathBuf,
    },
}

/// How the command reports: the global flags.
#[derive(Clone, Copy)]
struct Report {
    quiet: bool,
    format: Format,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let how = Report {
        quiet: cli.quiet,
        format: cli.format,
    };
    match cli.command {
        Command::Build {
            source,
            out,
            drafts,
            single_file,
            timings,
        } => {
            let options = BuildOptions {
                source: source.clone(),
                out: out.clone(),
                drafts,
                write: true,
                single_file: single_file.clone(),
            };
            let bar = progress_bar(how);
            let report = match &bar {
                Some(bar) => build_with(&options, bar),
                None => build(&options),
            };
            let ok = !report.diagnostics.has_errors();
            if how.format == Format::Json {
                print_json("build", &report, &source, Some(&out));
                return exit(ok);
            }
            print_diagnostics(&report, &source, how);
            if timings {
                print_timings(&report);
            }
            if !ok {
                eprintln!("{}", failure_line(&report, "The build stopped", &out));
                return exit(false);
            }
            if !how.quiet {
                println!("{}", summary_line(&report, &out));
                if let Some(file) = &single_file {
                    println!("Wrote the whole report as one file: {}", file.display());
                }
            }
            exit(true)
        }
        Command::Check { source, drafts } => {
            let report = build(&BuildOptions {
                source: source.clone(),
                out: PathBuf::new(),
                drafts,
                write: false,
                single_file: None,
            });
            let errors = report.diagnostics.error_count();
            if how.format == Format::Json {
                print_json("check", &report, &source, None);
                return exit(errors == 0);
            }
            print_diagnostics(&report, &source, how);
            let warnings = report.diagnostics.warning_count();
            if !how.quiet || errors > 0 {
                println!(
                    "{errors} {}, {warnings} {}",
                    plural(errors, "error"),
                    plural(warnings, "warning")
                );
            }
            exit(errors == 0)
        }
        Command::Serve {
            source,
            port,
            out,
            drafts,
            timings,
        } => serve(source, port, out, drafts, timings),
        Command::New { dir } => match ladder::new::create(&dir) {
            Ok(count) => {
                if !how.quiet {
                    println!(
                        "Wrote a new report source into {} ({count} files).",
                        dir.display()
                    );
                    println!(
                        "Next: read {} to see what to edit first, then run `ladder serve {}`.",
                        dir.join("_README.md").display(),
                        dir.display()
                    );
                }
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::from(1)
            }
        },
    }
}

fn exit(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

#[cfg(feature = "serve")]
fn serve(
    source: PathBuf,
    port: Option<u16>,
    out: Option<PathBuf>,
    drafts: bool,
    timings: bool,
) -> ExitCode {
    let options = ladder::serve::ServeOptions {
        source,
        out,
        port,
        drafts,
        timings,
    };
    let show = |report: &BuildReport, source: &std::path::Path| {
        print_diagnostics(
            report,
            source,
            Report {
                quiet: false,
                format: Format::Human,
            },
        );
    };
    match ladder::serve::serve(&options, show) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprint!("{message}");
            if !message.ends_with('\n') {
                eprintln!();
            }
            ExitCode::from(1)
        }
    }
}

#[cfg(not(feature = "serve"))]
fn serve(_: PathBuf, _: Option<u16>, _: Option<PathBuf>, _: bool, _: bool) -> ExitCode {
    eprintln!(
        "error: `ladder serve` is not included in this build of Ladder (it was built without the `serve` feature).\n  = how to fix: use `ladder build` and open public/index.html, or rebuild Ladder with the feature: `cargo install --path . --features serve`"
    );
    ExitCode::from(2)
}

fn print_diagnostics(report: &BuildReport, source: &std::path::Path, how: Report) {
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for diagnostic in report.diagnostics.sorted() {
        if how.quiet && !diagnostic.is_error() {
            continue;
        }
        let text = diagnostic.render(source);
        if colour {
            let (code, label) = if diagnostic.is_error() {
                ("31", "error")
            } else {
                ("33", "warning")
            };
            eprintln!("\x1b[1;{code}m{label}\x1b[0m{}", &text[label.len()..]);
        } else {
            eprintln!("{text}");
        }
    }
}

fn failure_line(report: &BuildReport, what: &str, out: &std::path::Path) -> String {
    let errors = report.diagnostics.error_count();
    format!(
        "{what}: {errors} {} to fix. Nothing was written; {} was left as it was.",
        plural(errors, "error"),
        out.display()
    )
}

/// The one line a successful build ends with.
fn summary_line(report: &BuildReport, out: &std::path::Path) -> String {
    let mut made = vec![format!(
        "{} {}",
        format::count(report.pages as u64),
        plural(report.pages, "page")
    )];
    if report.charts > 0 {
        made.push(format!(
            "{} {}",
            format::count(report.charts as u64),
            plural(report.charts, "chart")
        ));
    }
    if report.tables > 0 {
        made.push(format!(
            "{} data {} ({} {} withheld)",
            format::count(report.tables as u64),
            plural(report.tables, "table"),
            format::count(report.withheld as u64),
            if report.withheld == 1 {
                "value"
            } else {
                "values"
            }
        ));
    }
    format!(
        "Built {} into {} in {:.2} s: {} files, {}; search index {}{}",
        made.join(", "),
        out.display(),
        report.elapsed.as_secs_f64(),
        format::count(report.files as u64),
        size(report.bytes),
        size(report.search_bytes),
        warnings_suffix(report),
    )
}

/// A size in KB or MB.
fn size(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// `--timings`: the time of each phase, on standard error.
fn print_timings(report: &BuildReport) {
    let width = report
        .timings
        .phases
        .iter()
        .map(|(name, _)| name.len())
        .max()
        .unwrap_or(0);
    eprintln!("Timings:");
    for (i, (name, time)) in report.timings.phases.iter().enumerate() {
        let ms = time.as_secs_f64() * 1000.0;
        if report.timings.is_part(i) {
            let width = width.saturating_sub(2);
            eprintln!("    {name:<width$}  {ms:>8.1} ms");
        } else {
            eprintln!("  {name:<width$}  {ms:>8.1} ms");
        }
    }
    eprintln!(
        "  {:<width$}  {:>8.1} ms",
        "total",
        report.elapsed.as_secs_f64() * 1000.0
    );
}

/// `--format json`: one object on standard output with every problem and the summary.
fn print_json(
    command: &str,
    report: &BuildReport,
    source: &std::path::Path,
    out: Option<&std::path::Path>,
) {
    let diagnostics: Vec<serde_json::Value> = report
        .diagnostics
        .sorted()
        .iter()
        .map(|d| {
            serde_json::json!({
                "severity": if d.is_error() { "error" } else { "warning" },
                "file": source.join(&d.file).to_string_lossy(),
                "path": d.file.to_string_lossy(),
                "line": d.line,
                "column": d.column,
                "message": d.message,
                "hint": d.hint,
            })
        })
        .collect();
    let errors = report.diagnostics.error_count();
    let mut value = serde_json::json!({
        "command": command,
        "ok": errors == 0,
        "errors": errors,
        "warnings": report.diagnostics.warning_count(),
        "diagnostics": diagnostics,
        "pages": report.pages,
        "charts": report.charts,
        "tables": report.tables,
        "withheld": report.withheld,
        "seconds": report.elapsed.as_secs_f64(),
    });
    if let Some(out) = out {
        value["out"] = serde_json::json!(out.to_string_lossy());
        value["written"] = serde_json::json!(report.written);
        value["files"] = serde_json::json!(report.files);
        value["bytes"] = serde_json::json!(report.bytes);
    }
    println!("{value}");
}

/// A progress bar on standard error, only on a terminal and only for human output.
fn progress_bar(how: Report) -> Option<Bar> {
    if how.quiet || how.format == Format::Json || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg:20} [{bar:30}] {pos}/{len}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    Some(Bar {
        bar,
        started: std::time::Instant::now(),
        visible: std::sync::atomic::AtomicBool::new(false),
    })
}

/// The progress bar of a build: drawn only once a build has taken half a second, so short
/// builds print nothing but their summary.
struct Bar {
    bar: indicatif::ProgressBar,
    started: std::time::Instant,
    visible: std::sync::atomic::AtomicBool,
}

impl Bar {
    /// Shows the bar once the build has taken half a second.
    fn show_when_slow(&self) {
        use std::sync::atomic::Ordering;
        if !self.visible.load(Ordering::Relaxed)
            && self.started.elapsed() >= std::time::Duration::from_millis(500)
            && !self.visible.swap(true, Ordering::Relaxed)
        {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }
}

impl Progress for Bar {
    fn start(&self, phase: &'static str, total: usize) {
        self.bar.set_length(total as u64);
        self.bar.set_position(0);
        self.bar.set_message(phase);
        self.show_when_slow();
    }

    fn advance(&self) {
        self.show_when_slow();
        self.bar.inc(1);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

fn warnings_suffix(report: &BuildReport) -> String {
    match report.diagnostics.warning_count() {
        0 => String::new(),
        n => format!(", with {n} {}", plural(n, "warning")),
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}
