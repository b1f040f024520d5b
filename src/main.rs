//! The `ladder` command line. The work is done by the library; this file parses the
//! command, runs it and reports.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use ladder::build::{BuildOptions, BuildReport, build};

/// Ladder builds annual social mobility report sites from markdown and aggregate data.
#[derive(Parser)]
#[command(name = "ladder", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
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
    },
    /// Start a new report: write a small working example source into DIR.
    New {
        /// The folder to create; it must not exist yet, or be empty.
        dir: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            source,
            out,
            drafts,
            single_file,
        } => {
            let report = build(&BuildOptions {
                source: source.clone(),
                out: out.clone(),
                drafts,
                write: true,
                single_file: single_file.clone(),
            });
            print_diagnostics(&report, &source);
            if report.diagnostics.has_errors() {
                eprintln!("{}", failure_line(&report, "The build stopped", &out));
                return ExitCode::from(1);
            }
            println!(
                "Built {} pages ({} files, {} KB; search index {} KB) into {} in {:.2} s{}",
                report.pages,
                report.files,
                report.bytes.div_ceil(1024),
                report.search_bytes.div_ceil(1024),
                out.display(),
                report.elapsed.as_secs_f64(),
                warnings_suffix(&report),
            );
            if let Some(file) = &single_file {
                println!("Wrote the whole report as one file: {}", file.display());
            }
            ExitCode::SUCCESS
        }
        Command::Check { source, drafts } => {
            let report = build(&BuildOptions {
                source: source.clone(),
                out: PathBuf::new(),
                drafts,
                write: false,
                single_file: None,
            });
            print_diagnostics(&report, &source);
            let errors = report.diagnostics.error_count();
            let warnings = report.diagnostics.warning_count();
            println!(
                "{errors} {}, {warnings} {}",
                plural(errors, "error"),
                plural(warnings, "warning")
            );
            if errors > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Serve {
            source,
            port,
            out,
            drafts,
        } => serve(source, port, out, drafts),
        Command::New { dir } => match ladder::new::create(&dir) {
            Ok(count) => {
                println!(
                    "Wrote a new report source into {} ({count} files).",
                    dir.display()
                );
                println!(
                    "Next: read {} to see what to edit first, then run `ladder serve {}`.",
                    dir.join("_README.md").display(),
                    dir.display()
                );
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("error: {error}");
                ExitCode::from(1)
            }
        },
    }
}

#[cfg(feature = "serve")]
fn serve(source: PathBuf, port: Option<u16>, out: Option<PathBuf>, drafts: bool) -> ExitCode {
    let options = ladder::serve::ServeOptions {
        source,
        out,
        port,
        drafts,
    };
    match ladder::serve::serve(&options, print_diagnostics) {
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
fn serve(_: PathBuf, _: Option<u16>, _: Option<PathBuf>, _: bool) -> ExitCode {
    eprintln!(
        "error: `ladder serve` is not included in this build of Ladder (it was built without the `serve` feature).\n  = how to fix: use `ladder build` and open public/index.html, or rebuild Ladder with the feature: `cargo install --path . --features serve`"
    );
    ExitCode::from(2)
}

fn print_diagnostics(report: &BuildReport, source: &std::path::Path) {
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for diagnostic in report.diagnostics.sorted() {
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
