//! `ladder serve` (FORMAT.md section 11): the real binary, started on a copy of a fixture
//! on a port the system chooses (`-p 0`), spoken to over loopback HTTP with a plain
//! `TcpStream`. Every wait is bounded, and the server is killed when a test ends (also when
//! it fails), through [`Serve`]'s `Drop`.

mod common;

use common::Project;

#[cfg(feature = "serve")]
mod live {
    use super::Project;
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::{SocketAddr, TcpListener, TcpStream};
    use std::process::{Child, Command, Stdio};
    use std::sync::mpsc::{self, Receiver};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    /// How long the server may take to build and start.
    const START: Duration = Duration::from_secs(60);
    /// How long a rebuild may take to show.
    const REBUILD: Duration = Duration::from_secs(20);

    /// A running `ladder serve`, killed on drop.
    struct Serve {
        child: Child,
        port: u16,
        stdout: Arc<Mutex<String>>,
        stderr: Arc<Mutex<String>>,
    }

    impl Drop for Serve {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    impl Serve {
        /// Starts `ladder serve src -p 0` plus `extra` in the project folder and waits for
        /// the "Serving … at http://127.0.0.1:PORT/" line.
        fn start(project: &Project, extra: &[&str]) -> Serve {
            Serve::start_with(project, extra, &[])
        }

        fn start_with(project: &Project, extra: &[&str], env: &[(&str, &str)]) -> Serve {
            let mut command = Command::new(env!("CARGO_BIN_EXE_ladder"));
            command
                .args(["serve", "src", "-p", "0"])
                .args(extra)
                .current_dir(project.root())
                .env("NO_COLOR", "1")
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            for (key, value) in env {
                command.env(key, value);
            }
            let mut child = command.spawn().expect("start ladder serve");
            let stdout = Arc::new(Mutex::new(String::new()));
            let stderr = Arc::new(Mutex::new(String::new()));
            let (lines_tx, lines) = mpsc::channel();
            collect(
                child.stdout.take().unwrap(),
                Arc::clone(&stdout),
                Some(lines_tx),
            );
            collect(child.stderr.take().unwrap(), Arc::clone(&stderr), None);
            let mut serve = Serve {
                child,
                port: 0,
                stdout,
                stderr,
            };
            serve.port = serve.wait_for_port(&lines);
            serve
        }

        fn wait_for_port(&mut self, lines: &Receiver<String>) -> u16 {
            let deadline = Instant::now() + START;
            while let Some(left) = deadline.checked_duration_since(Instant::now()) {
                match lines.recv_timeout(left) {
                    Ok(line) => {
                        if let Some(rest) = line.strip_prefix("Serving src at http://127.0.0.1:") {
                            let port = rest.split('/').next().unwrap();
                            assert!(
                                rest.ends_with("/ (Ctrl-C to stop)"),
                                "unexpected line: {line}"
                            );
                            return port.parse().expect("a port number");
                        }
                    }
                    Err(_) => break,
                }
            }
            let _ = self.child.kill();
            panic!(
                "ladder serve did not start\n--- stdout\n{}\n--- stderr\n{}",
                self.stdout.lock().unwrap(),
                self.stderr.lock().unwrap()
            );
        }

        fn stderr(&self) -> String {
            self.stderr.lock().unwrap().clone()
        }

        fn stdout(&self) -> String {
            self.stdout.lock().unwrap().clone()
        }

        fn get(&self, target: &str) -> Reply {
            request(
                self.port,
                &format!("GET {target} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"),
            )
        }

        /// Polls `target` until `done` holds, for at most [`REBUILD`].
        fn poll(&self, target: &str, what: &str, done: impl Fn(&Reply) -> bool) -> Reply {
            let deadline = Instant::now() + REBUILD;
            loop {
                let reply = self.get(target);
                if done(&reply) {
                    return reply;
                }
                if Instant::now() > deadline {
                    panic!(
                        "{what}: not seen within {REBUILD:?}\n--- last reply\n{}\n--- stdout\n{}\n--- stderr\n{}",
                        reply.raw,
                        self.stdout(),
                        self.stderr()
                    );
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        }

        /// Opens the live-reload event stream and returns it once `hello` has arrived.
        fn events(&self) -> EventStream {
            let mut stream = connect(self.port);
            stream
                .write_all(b"GET /__ladder/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
                .unwrap();
            let mut events = EventStream {
                stream,
                seen: String::new(),
            };
            let head = events.wait_for("event: hello\ndata: ");
            assert!(head.starts_with("HTTP/1.1 200"), "{head}");
            assert!(head.contains("Content-Type: text/event-stream"), "{head}");
            events
        }
    }

    fn collect(
        from: impl Read + Send + 'static,
        into: Arc<Mutex<String>>,
        lines: Option<mpsc::Sender<String>>,
    ) {
        std::thread::spawn(move || {
            for line in BufReader::new(from).lines() {
                let Ok(line) = line else { break };
                {
                    let mut all = into.lock().unwrap();
                    all.push_str(&line);
                    all.push('\n');
                }
                if let Some(lines) = &lines {
                    let _ = lines.send(line);
                }
            }
        });
    }

    struct EventStream {
        stream: TcpStream,
        seen: String,
    }

    impl EventStream {
        /// Reads until `text` has been seen after what was already consumed, and returns
        /// what was read up to the end of it.
        fn wait_for(&mut self, text: &str) -> String {
            let deadline = Instant::now() + REBUILD;
            let mut buf = [0u8; 4096];
            while !self.seen.contains(text) {
                assert!(
                    Instant::now() < deadline,
                    "{text:?} not seen on the event stream:\n{}",
                    self.seen
                );
                match self.stream.read(&mut buf) {
                    Ok(0) => panic!("the event stream closed:\n{}", self.seen),
                    Ok(n) => self.seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                    Err(e)
                        if matches!(
                            e.kind(),
                            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                        ) => {}
                    Err(e) => panic!("reading the event stream: {e}"),
                }
            }
            // Consume up to the end of the match, so the next wait looks further on.
            let end = self.seen.find(text).unwrap() + text.len();
            let rest = self.seen.split_off(end);
            std::mem::replace(&mut self.seen, rest)
        }
    }

    fn connect(port: u16) -> TcpStream {
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(5)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_millis(500)))
            .unwrap();
        stream
            .set_write_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        stream
    }

    /// An HTTP reply, read until the server closed the connection (HTTP/1.0).
    #[derive(Debug)]
    struct Reply {
        status: u16,
        head: String,
        body: String,
        raw: String,
    }

    impl Reply {
        fn header(&self, name: &str) -> Option<String> {
            self.head.lines().find_map(|line| {
                let (key, value) = line.split_once(':')?;
                key.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| value.trim().to_string())
            })
        }
    }

    fn request(port: u16, text: &str) -> Reply {
        let mut stream = connect(port);
        stream.write_all(text.as_bytes()).unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut bytes = Vec::new();
        let mut buf = [0u8; 16384];
        loop {
            assert!(Instant::now() < deadline, "no complete reply to {text:?}");
            match stream.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => bytes.extend_from_slice(&buf[..n]),
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break,
                Err(e) => panic!("reading the reply to {text:?}: {e}"),
            }
        }
        let raw = String::from_utf8_lossy(&bytes).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let status = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status line in reply to {text:?}: {raw}"));
        Reply {
            status,
            head: head.to_string(),
            body: body.to_string(),
            raw: raw.clone(),
        }
    }

    const SCRIPT: &str = "<script src=\"/__ladder/live.js\" data-build=\"";
    const OVERLAY: &str = "id=\"ladder-serve-errors\"";

    /// The minimal fixture with one more page, served into `public/` beside the source.
    fn project() -> Project {
        let project = Project::minimal();
        project.write(
            "about.md",
            "---\ntitle: About this report\n---\n\nThe first version of this page.\n",
        );
        project
    }

    #[test]
    fn serves_the_built_site_with_the_reload_script_in_html_only() {
        let project = project();
        let serve = Serve::start(&project, &["-o", "public"]);

        let home = serve.get("/");
        assert_eq!(home.status, 200, "{}", home.raw);
        assert!(
            home.header("Content-Type")
                .unwrap()
                .starts_with("text/html"),
            "{}",
            home.head
        );
        assert!(home.body.contains("Minimal home"), "{}", home.body);
        assert_eq!(home.body.matches(SCRIPT).count(), 1, "{}", home.body);
        assert!(!home.body.contains(OVERLAY));
        // The script is added to the response, not to the files on disk.
        let on_disk = std::fs::read_to_string(project.out().join("index.html")).unwrap();
        assert!(!on_disk.contains("__ladder"), "{on_disk}");

        // index.html for folders, a redirect to add the slash relative links need.
        let page = serve.get("/about/");
        assert_eq!(page.status, 200);
        assert!(page.body.contains("The first version of this page."));
        let bare = serve.get("/about");
        assert_eq!(bare.status, 301, "{}", bare.raw);
        assert_eq!(bare.header("Location").as_deref(), Some("/about/"));
        assert_eq!(serve.get("/about/index.html").status, 200);
        let double = serve.get("//about");
        assert_eq!(double.status, 301, "{}", double.raw);
        assert_eq!(double.header("Location").as_deref(), Some("/about/"));

        // Other files keep their content type and are not touched.
        let css = serve.get("/assets/ladder.css");
        assert_eq!(css.status, 200);
        assert_eq!(
            css.header("Content-Type").as_deref(),
            Some("text/css; charset=utf-8")
        );
        assert!(!css.body.contains("__ladder"));
        let script = serve.get("/__ladder/live.js");
        assert_eq!(script.status, 200);
        assert!(script.body.contains("EventSource"), "{}", script.body);

        // A missing page gets the site's own 404 page, with the script.
        let missing = serve.get("/no-such-page/");
        assert_eq!(missing.status, 404, "{}", missing.raw);
        let not_found = std::fs::read_to_string(project.out().join("404.html")).unwrap();
        let title = not_found
            .split("<title>")
            .nth(1)
            .and_then(|t| t.split("</title>").next())
            .unwrap();
        assert!(missing.body.contains(title), "{}", missing.body);
        assert!(missing.body.contains(SCRIPT));

        // Only GET and HEAD.
        let head = request(serve.port, "HEAD / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
        assert_eq!(head.status, 200);
        assert!(head.body.is_empty());
        let post = request(
            serve.port,
            "POST / HTTP/1.0\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n",
        );
        assert_eq!(post.status, 405);

        // Nothing was written into the source folder.
        assert!(!project.src().join("public").exists());
        let names: Vec<String> = project.source_files().into_keys().collect();
        assert_eq!(names, ["about.md", "index.md", "report.yaml"]);
    }

    #[test]
    fn requests_outside_the_site_are_refused() {
        let project = project();
        // A secret beside the output folder, and the source, are both one `..` away.
        std::fs::write(project.root().join("secret.txt"), "TOP SECRET").unwrap();
        let serve = Serve::start(&project, &["-o", "public"]);
        for target in [
            "/../secret.txt",
            "/../src/report.yaml",
            "/assets/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/assets/%2e%2e/%2e%2e/secret.txt",
            "/..%2fsecret.txt",
            "/..%5csecret.txt",
            "/..\\secret.txt",
            "//../secret.txt",
            "/../../../../../../../../etc/passwd",
            "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
            "/C:/Windows/win.ini",
            "http://127.0.0.1/../secret.txt",
            "../secret.txt",
            "*",
        ] {
            let reply = serve.get(target);
            assert!(
                matches!(reply.status, 400 | 403 | 404),
                "{target} was answered with {}:\n{}",
                reply.status,
                reply.raw
            );
            assert!(
                !reply.body.contains("TOP SECRET"),
                "{target} leaked the file"
            );
            assert!(
                !reply.body.contains("organisation:"),
                "{target} leaked the source"
            );
            assert!(!reply.body.contains("root:"), "{target} leaked /etc/passwd");
        }
        assert_eq!(serve.get("/../secret.txt").status, 403);
        assert_eq!(serve.get("/%2e%2e/secret.txt").status, 403);
        // The server is still serving.
        assert_eq!(serve.get("/").status, 200);
    }

    #[test]
    fn an_edit_is_rebuilt_served_and_announced_to_open_pages() {
        let project = project();
        let serve = Serve::start(&project, &["-o", "public"]);
        let before = serve.get("/about/");
        assert!(before.body.contains("The first version of this page."));
        let mut events = serve.events();

        project.replace(
            "about.md",
            "The first version of this page.",
            "The second version, saved while the preview was open.",
        );
        let after = serve.poll("/about/", "the edited page", |r| {
            r.body
                .contains("The second version, saved while the preview was open.")
        });
        assert_eq!(after.status, 200);
        assert!(!after.body.contains(OVERLAY));
        // The page was served with a new build token, and open pages were told.
        let token = |body: &str| {
            body.split(SCRIPT)
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_string()
        };
        assert_ne!(token(&before.body), token(&after.body));
        events.wait_for("event: build\ndata: ");
        assert!(
            serve.stdout().contains("Changed: about.md"),
            "{}",
            serve.stdout()
        );

        // A new page is picked up too.
        project.write(
            "new-page.md",
            "---\ntitle: A new page\n---\n\nFresh text.\n",
        );
        serve.poll("/new-page/", "the new page", |r| {
            r.status == 200 && r.body.contains("Fresh text.")
        });
    }

    #[test]
    fn a_broken_edit_keeps_the_last_good_site_and_shows_the_errors_in_the_page() {
        let project = project();
        let serve = Serve::start(&project, &["-o", "public"]);
        assert!(
            serve
                .get("/about/")
                .body
                .contains("The first version of this page.")
        );

        // An unknown stat, on a line with markup that must be escaped in the overlay.
        project.write(
            "about.md",
            "---\ntitle: About this report\n---\n\n<b>Broken</b> & half-saved: {{ no_such_stat }}\n",
        );
        let broken = serve.poll("/about/", "the error overlay", |r| r.body.contains(OVERLAY));
        assert_eq!(broken.status, 200);
        // The last good page is still there, under the errors.
        assert!(broken.body.contains("The first version of this page."));
        let overlay = broken.body.split(OVERLAY).nth(1).unwrap();
        assert!(overlay.contains("about.md:5"), "{overlay}");
        assert!(overlay.contains("no_such_stat"), "{overlay}");
        assert!(
            !broken.body.contains("<b>Broken</b>"),
            "the overlay must escape the source"
        );
        assert!(
            overlay.contains("&lt;b&gt;Broken&lt;/b&gt; &amp; half-saved"),
            "{overlay}"
        );
        assert!(broken.body.contains(SCRIPT));
        // Every page shows the errors, and so does the terminal.
        assert!(serve.get("/").body.contains(OVERLAY));
        let deadline = Instant::now() + REBUILD;
        while !serve.stderr().contains("last version that built") && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        let stderr = serve.stderr();
        assert!(stderr.contains("no_such_stat"), "{stderr}");
        assert!(stderr.contains("about.md:5"), "{stderr}");
        assert!(stderr.contains("last version that built"), "{stderr}");
        // The output folder still holds the last good site.
        let on_disk = std::fs::read_to_string(project.out().join("about/index.html")).unwrap();
        assert!(on_disk.contains("The first version of this page."));

        // Fixing it removes the overlay.
        project.write(
            "about.md",
            "---\ntitle: About this report\n---\n\nFixed again.\n",
        );
        let fixed = serve.poll("/about/", "the fixed page", |r| {
            r.body.contains("Fixed again.")
        });
        assert!(!fixed.body.contains(OVERLAY), "{}", fixed.body);
    }

    #[test]
    fn a_source_that_does_not_build_yet_is_served_as_an_error_page_until_fixed() {
        let project = project();
        project.write(
            "report.yaml",
            "title: Minimal report\norganisation: [unclosed\n",
        );
        let serve = Serve::start(&project, &["-o", "public"]);
        let reply = serve.get("/");
        assert_eq!(reply.status, 500, "{}", reply.raw);
        assert!(reply.body.contains(OVERLAY));
        assert!(reply.body.contains("report.yaml"), "{}", reply.body);
        assert!(reply.body.contains(SCRIPT));
        assert!(!project.out().exists());

        project.write(
            "report.yaml",
            "title: Minimal report\norganisation: Department for Example\nyear: 2025\n",
        );
        let fixed = serve.poll("/", "the site after the fix", |r| r.status == 200);
        assert!(fixed.body.contains("Minimal home"));
        assert!(!fixed.body.contains(OVERLAY));
    }

    #[test]
    fn by_default_the_site_goes_to_the_temporary_folder_not_the_source() {
        let project = project();
        let tmp = project.root().join("tmp");
        std::fs::create_dir(&tmp).unwrap();
        let before = project.source_files();
        let serve = Serve::start_with(&project, &[], &[("TMPDIR", tmp.to_str().unwrap())]);
        assert_eq!(serve.get("/").status, 200);
        assert_eq!(
            project.source_files(),
            before,
            "serve wrote into the source"
        );
        assert!(!project.out().exists());
        let written: Vec<String> = std::fs::read_dir(&tmp)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert!(
            written
                .iter()
                .any(|n| n.starts_with("ladder-serve-src-")
                    && tmp.join(n).join("index.html").is_file()),
            "{written:?}"
        );
    }

    #[test]
    fn a_port_in_use_or_a_missing_source_exits_with_status_1() {
        let project = project();
        let taken = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = taken.local_addr().unwrap().port().to_string();
        let run = project.run(&["serve", "src", "-p", &port, "-o", "public"]);
        run.assert_source_error()
            .assert_stderr(&format!("port {port}"));
        drop(taken);

        let run = project.run(&["serve", "nowhere", "-p", "0"]);
        run.assert_source_error().assert_stderr("nowhere");

        // An output folder inside the source is refused before anything is served.
        let run = project.run(&["serve", "src", "-p", "0", "-o", "src/public"]);
        run.assert_source_error()
            .assert_stderr("inside the source folder");
        assert!(!project.src().join("public").exists());
    }
}

#[test]
fn serve_is_listed_in_help() {
    let project = Project::minimal();
    let run = project.run(&["serve", "--help"]);
    run.assert_ok();
    for option in ["--port", "-p", "--out", "--drafts", "SOURCE", "127.0.0.1"] {
        assert!(
            run.stdout.contains(option),
            "{option} missing:\n{}",
            run.stdout
        );
    }
}

#[cfg(not(feature = "serve"))]
#[test]
fn without_the_serve_feature_serve_says_so() {
    let project = Project::minimal();
    let run = project.run(&["serve", "src"]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    run.assert_stderr("not included in this build");
}
