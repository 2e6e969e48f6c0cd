//! `fenjie serve` driven as a server: the real binary listens on a free loopback port (port 0,
//! the bound address read back from its first line) and is answered over HTTP.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use calamine::Reader as _;

use crate::binary::fenjie;

/// A running server, stopped when dropped.
struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`
    base: String,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_fenjie"))
            .arg("serve")
            .args(["--bind", "127.0.0.1:0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the binary runs");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("piped"))
            .read_line(&mut line)
            .expect("the server says where it listens");
        let base = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .trim_end_matches('/')
            .to_string();
        Server { child, base }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn address(&self) -> String {
        self.base.trim_start_matches("http://").to_string()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An answer: status, headers of interest, body.
struct Answer {
    status: u16,
    content_type: String,
    tasks: Option<String>,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body[..self.body.len().min(300)])
            )
        })
    }
}

fn agent() -> ureq::Agent {
    ureq::AgentBuilder::new()
        .timeout(Duration::from_mins(2))
        .build()
}

fn answer(result: Result<ureq::Response, ureq::Error>) -> Answer {
    let response = match result {
        Ok(r) | Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("no answer: {e}"),
    };
    let status = response.status();
    let content_type = response.header("content-type").unwrap_or("").to_string();
    let tasks = response.header("x-fenjie-tasks").map(str::to_string);
    let mut body = Vec::new();
    response
        .into_reader()
        .take(512 << 20)
        .read_to_end(&mut body)
        .expect("the body reads");
    Answer {
        status,
        content_type,
        tasks,
        body,
    }
}

fn get(server: &Server, path: &str) -> Answer {
    answer(agent().get(&server.url(path)).call())
}

fn post(server: &Server, path: &str, body: &[u8]) -> Answer {
    answer(agent().post(&server.url(path)).send_bytes(body))
}

/// Sends a request as written, its body from another thread (the server may answer and close
/// before it has all of it), and returns the answer as text.
fn raw(server: &Server, head: &str, body: &[u8]) -> String {
    let mut stream = TcpStream::connect(server.address()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    let mut writer = stream.try_clone().unwrap();
    let body = body.to_vec();
    let sender = std::thread::spawn(move || {
        let _ = writer.write_all(&body);
    });
    let mut reply = Vec::new();
    let mut buffer = [0; 4096];
    // Up to the end of the first answer's JSON body, or the connection's end.
    while let Ok(n) = stream.read(&mut buffer) {
        if n == 0 {
            break;
        }
        reply.extend_from_slice(&buffer[..n]);
        if reply.ends_with(b"}") {
            break;
        }
    }
    drop(stream);
    let _ = sender.join();
    String::from_utf8_lossy(&reply).into_owned()
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(name),
    )
    .unwrap()
}

#[test]
fn serve_converts_to_every_format() {
    let server = Server::start(&[]);
    let docx = fixture("huli-2022.docx");

    let json = post(&server, "/v1/convert?filename=huli-2022.docx", &docx);
    assert_eq!(json.status, 200);
    assert_eq!(json.content_type, "application/json");
    assert_eq!(json.tasks.as_deref(), Some("28"));
    let document = json.json();
    assert_eq!(document["tasks"].as_array().unwrap().len(), 28);
    assert_eq!(document["source"]["path"], "huli-2022.docx");

    let csv = post(
        &server,
        "/v1/convert?filename=a.docx&format=csv&headers=zh",
        &docx,
    );
    assert_eq!(csv.status, 200);
    assert!(csv.body.starts_with(b"\xEF\xBB\xBF"), "a BOM first");
    assert_eq!(String::from_utf8_lossy(&csv.body).lines().count(), 29);

    let xlsx = post(&server, "/v1/convert?format=xlsx", &docx);
    assert_eq!(xlsx.status, 200);
    assert!(xlsx.body.starts_with(b"PK\x03\x04"), "a zip package");
    assert!(xlsx.content_type.contains("spreadsheetml"));

    let lines = post(&server, "/v1/convert?format=jsonl", &docx);
    assert_eq!(lines.status, 200);
    assert_eq!(String::from_utf8_lossy(&lines.body).lines().count(), 28);

    let review = post(&server, "/v1/review?filename=huli-2022.docx", &docx);
    assert_eq!(review.status, 200);
    assert!(review.content_type.starts_with("text/html"));
    assert!(String::from_utf8_lossy(&review.body).contains("<table"));
}

#[test]
fn serve_reads_multipart_uploads() {
    let server = Server::start(&[]);
    let docx = fixture("huli-2022.docx");
    let boundary = "fenjie-test-boundary";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"通知.docx\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(&docx);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let response = answer(
        agent()
            .post(&server.url("/v1/convert"))
            .set(
                "Content-Type",
                &format!("multipart/form-data; boundary={boundary}"),
            )
            .send_bytes(&body),
    );
    assert_eq!(response.status, 200);
    assert_eq!(response.json()["source"]["path"], "通知.docx");
}

#[test]
fn serve_answers_each_outcome_with_its_status() {
    let server = Server::start(&["--max-upload", "200KiB"]);
    let docx = fixture("huli-2022.docx");

    let bad_format = post(&server, "/v1/convert?format=pdf", &docx);
    assert_eq!(bad_format.status, 400);
    assert_eq!(bad_format.json()["code"], "bad_parameter");
    assert_eq!(post(&server, "/v1/convert?year=99", &docx).status, 400);
    assert_eq!(post(&server, "/v1/convert?year=2024", &docx).status, 200);

    let binary: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    let unsupported = post(&server, "/v1/convert?filename=x.bin", &binary);
    assert_eq!(unsupported.status, 415, "{}", unsupported.json());
    let e = unsupported.json();
    assert_eq!(e["code"], "unsupported_format");
    assert!(e["message"].as_str().unwrap().starts_with("x.bin: "), "{e}");
    assert_eq!(e["location"], "x.bin");

    let prose = "今天天气很好。\n我们去公园散步。\n".repeat(5);
    let not_a_notice = post(&server, "/v1/convert?filename=note.txt", prose.as_bytes());
    assert_eq!(not_a_notice.status, 422);
    let e = not_a_notice.json();
    assert!(
        e["message"].as_str().unwrap().starts_with("note.txt: "),
        "{e}"
    );

    // Declared too large: answered before the body is read.
    let declared = raw(
        &server,
        "POST /v1/convert?filename=big.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 307200\r\n\r\n",
        &[],
    );
    assert!(declared.starts_with("HTTP/1.1 413"), "{declared}");
    assert!(declared.contains("\"too_large\""), "{declared}");
    // Sent in chunks without a length: cut off at the limit.
    let mut chunked = Vec::new();
    for _ in 0..300 {
        chunked.extend_from_slice(b"400\r\n");
        chunked.extend_from_slice(&[b'a'; 1024]);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let streamed = raw(
        &server,
        "POST /v1/convert?filename=big.txt HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n",
        &chunked,
    );
    assert!(streamed.starts_with("HTTP/1.1 413"), "{streamed}");

    assert_eq!(get(&server, "/nowhere").status, 404);
    assert_eq!(get(&server, "/healthz").status, 200);
    let version = get(&server, "/v1/version").json();
    assert_eq!(version["version"], env!("CARGO_PKG_VERSION"));
    let schema = get(&server, "/v1/schema");
    assert_eq!(schema.status, 200);
    assert_eq!(schema.body, fenjie::validate::SCHEMA.as_bytes());
    let openapi = get(&server, "/v1/openapi.json").json();
    assert!(openapi["paths"]["/v1/convert"]["post"].is_object());

    let page = get(&server, "/");
    assert_eq!(page.status, 200);
    let html = String::from_utf8(page.body).unwrap();
    assert!(html.contains("任务分解表转换"));
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "the page loads nothing from elsewhere"
    );
}

#[test]
fn serve_without_a_token_stays_on_loopback() {
    let dir = tempfile::tempdir().unwrap();
    let out = fenjie(&["serve", "--bind", "0.0.0.0:0"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--token-file"), "{stderr}");

    std::fs::write(dir.path().join("short"), "abc").unwrap();
    let out = fenjie(
        &["serve", "--bind", "0.0.0.0:0", "--token-file", "short"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2), "a short token is refused");
}

#[test]
fn serve_with_a_token_asks_for_it() {
    let dir = tempfile::tempdir().unwrap();
    let token = "0123456789abcdef0123456789abcdef";
    let file = dir.path().join("token");
    std::fs::write(&file, format!("{token}\n")).unwrap();
    let server = Server::start(&["--token-file", file.to_str().unwrap()]);
    let docx = fixture("huli-2022.docx");

    let missing = post(&server, "/v1/convert", &docx);
    assert_eq!(missing.status, 401);
    assert_eq!(missing.json()["code"], "unauthorized");
    let wrong = answer(
        agent()
            .post(&server.url("/v1/convert"))
            .set("Authorization", "Bearer 0123456789abcdef0123456789abcdeX")
            .send_bytes(&docx),
    );
    assert_eq!(wrong.status, 401);
    assert_eq!(get(&server, "/v1/version").status, 401);
    let right = answer(
        agent()
            .post(&server.url("/v1/convert"))
            .set("Authorization", &format!("Bearer {token}"))
            .send_bytes(&docx),
    );
    assert_eq!(right.status, 200);
    // The page and the liveness check need no token.
    assert_eq!(get(&server, "/").status, 200);
    assert_eq!(get(&server, "/healthz").status, 200);
}

#[test]
fn serve_cuts_off_slow_senders() {
    let server = Server::start(&["--upload-timeout", "1"]);
    let mut stream = TcpStream::connect(server.address()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "POST /v1/convert?filename=slow.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let started = Instant::now();
    // A few bytes, then nothing: the server answers when the upload's time is up.
    stream.write_all(b"abc").unwrap();
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    let reply = String::from_utf8_lossy(&reply);
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
    assert!(started.elapsed() < Duration::from_secs(15));
}

#[test]
fn serve_cuts_off_slow_headers() {
    let server = Server::start(&["--upload-timeout", "1"]);
    let mut stream = TcpStream::connect(server.address()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let started = Instant::now();
    // Half a request line, then nothing: the connection is closed when the time is up.
    stream.write_all(b"POST /v1/conv").unwrap();
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    assert!(started.elapsed() < Duration::from_secs(15));
    // The server goes on.
    assert_eq!(get(&server, "/healthz").status, 200);
}

#[test]
fn serve_answers_concurrent_requests() {
    let server = Server::start(&["--jobs", "2"]);
    let docx = fixture("huli-2022.docx");
    let txt = fixture("huli-2022.txt");
    let expected_docx = post(&server, "/v1/convert?filename=a", &docx).body;
    let expected_txt = post(&server, "/v1/convert?filename=a", &txt).body;
    std::thread::scope(|scope| {
        for client in 0..8 {
            let (server, docx, txt) = (&server, &docx, &txt);
            let (expected_docx, expected_txt) = (&expected_docx, &expected_txt);
            scope.spawn(move || {
                for round in 0..4 {
                    let (input, expected) = if (client + round) % 2 == 0 {
                        (docx, expected_docx)
                    } else {
                        (txt, expected_txt)
                    };
                    let got = post(server, "/v1/convert?filename=a", input);
                    assert_eq!(got.status, 200);
                    assert!(got.body == *expected, "client {client} round {round}");
                    let hostile = post(server, "/v1/convert?filename=b", b"\x00\x01\x02garbage");
                    assert!(hostile.status == 415 || hostile.status == 422);
                }
            });
        }
    });
    assert_eq!(get(&server, "/healthz").status, 200);
}

#[cfg(unix)]
#[test]
fn serve_stops_on_sigterm_after_the_requests_in_flight() {
    let mut server = Server::start(&[]);
    assert_eq!(get(&server, "/healthz").status, 200);
    // A request in flight when the signal comes is answered.
    let mut stream = TcpStream::connect(server.address()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "POST /v1/convert?filename=late.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nConnection: close\r\n\r\nhello"
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    let status = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    std::thread::sleep(Duration::from_millis(300));
    stream.write_all(b"world").unwrap();
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    let reply = String::from_utf8_lossy(&reply);
    assert!(reply.starts_with("HTTP/1.1 422"), "{reply}");
    let started = Instant::now();
    loop {
        if let Some(code) = server.child.try_wait().unwrap() {
            assert_eq!(code.code(), Some(0));
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(10), "still running");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Every fixture with an expected file, by the registry its options file names (None: the
/// default choice by jurisdiction).
fn fixtures_by_registry() -> BTreeMap<Option<PathBuf>, Vec<PathBuf>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut found = BTreeMap::<Option<PathBuf>, Vec<PathBuf>>::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let expected = PathBuf::from(format!("{}.expected.json", path.display()));
            if !expected.exists() {
                continue;
            }
            let options = PathBuf::from(format!("{}.options.toml", path.display()));
            let units = std::fs::read_to_string(&options).ok().map(|text| {
                let value: toml::Table = toml::from_str(&text).unwrap();
                let relative = value["units"].as_str().unwrap().to_string();
                dir.join(relative).canonicalize().unwrap()
            });
            found.entry(units).or_default().push(path);
        }
    }
    found
}

#[test]
fn serve_answers_as_fenjie_convert_does() {
    let mut checked = 0;
    for (units, documents) in fixtures_by_registry() {
        let units_arg = units.as_ref().map(|u| u.to_str().unwrap().to_string());
        let mut args = Vec::new();
        if let Some(u) = &units_arg {
            args.extend(["--units", u.as_str()]);
        }
        let server = Server::start(&args);
        for document in documents {
            let name = document.file_name().unwrap().to_str().unwrap();
            let mut cli_args = vec!["convert", name, "-q"];
            cli_args.extend(&args);
            let cli = fenjie(&cli_args, document.parent().unwrap());
            let served = post(
                &server,
                &format!("/v1/convert?filename={}", percent(name)),
                &std::fs::read(&document).unwrap(),
            );
            match cli.status.code() {
                Some(0 | 1) if !cli.stdout.is_empty() => {
                    assert_eq!(served.status, 200, "{}", document.display());
                    assert!(
                        served.body == cli.stdout,
                        "{}: the API's document differs from fenjie convert's",
                        document.display()
                    );
                }
                _ => assert!(
                    served.status == 415 || served.status == 422,
                    "{}: {}",
                    document.display(),
                    served.status
                ),
            }
            checked += 1;
        }
    }
    assert!(checked >= 30, "only {checked} fixtures");
}

fn percent(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The page in Debian's chromium, where it is installed: its script runs, reaches the API and
/// marks the page ready with the server's version.
#[test]
fn serve_page_runs_in_chromium() {
    let Some(chromium) = ["chromium", "chromium-browser"].into_iter().find(|c| {
        Command::new(c)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }) else {
        eprintln!("serve_page_runs_in_chromium: skipped, chromium is not installed");
        return;
    };
    let server = Server::start(&[]);
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new("timeout")
        .args(["120", chromium])
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(server.url("/"))
        .stderr(Stdio::null())
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(dom.contains("data-ready=\"yes\""), "{dom}");
    assert!(
        dom.contains(&format!("fenjie {}", env!("CARGO_PKG_VERSION"))),
        "{dom}"
    );
}

/// A program on PATH that answers `--version`.
fn installed(names: &[&'static str]) -> Option<&'static str> {
    names.iter().copied().find(|c| {
        Command::new(c)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// The key of an element reference in W3C `WebDriver`'s JSON.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A W3C `WebDriver` session with Debian's chromedriver (JSON over HTTP, so the test's HTTP
/// client drives it), ended when dropped.
struct Browser {
    driver: Child,
    base: String,
    session: String,
}

impl Browser {
    fn start(chromium: &str, chromedriver: &str, downloads: &Path, profile: &Path) -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver runs");
        let base = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while agent().get(&format!("{base}/status")).call().is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let binary = which(chromium);
        let capabilities = serde_json::json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": binary,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update",
                         "--disable-sync", "--window-size=1400,1000",
                         format!("--user-data-dir={}", profile.display())],
                "prefs": {"download.default_directory": downloads.display().to_string(),
                          "download.prompt_for_download": false}
            }
        }}});
        let mut browser = Browser {
            driver,
            base,
            session: String::new(),
        };
        let created = browser.call("POST", "/session", &capabilities);
        browser.session = created["sessionId"].as_str().unwrap().to_string();
        browser.command(
            "POST",
            "/chromium/send_command",
            &serde_json::json!({"cmd": "Page.setDownloadBehavior",
                "params": {"behavior": "allow", "downloadPath": downloads.display().to_string()}}),
        );
        browser
    }

    fn call(&self, method: &str, path: &str, body: &serde_json::Value) -> serde_json::Value {
        let request = agent().request(method, &format!("{}{path}", self.base));
        let result = if method == "GET" || method == "DELETE" {
            request.call()
        } else {
            request
                .set("Content-Type", "application/json")
                .send_string(&body.to_string())
        };
        let answer = answer(result);
        let value = answer.json();
        assert_eq!(answer.status, 200, "WebDriver {method} {path}: {value}");
        value["value"].clone()
    }

    fn command(&self, method: &str, path: &str, body: &serde_json::Value) -> serde_json::Value {
        self.call(method, &format!("/session/{}{path}", self.session), body)
    }

    /// The elements a CSS selector finds now.
    fn find(&self, css: &str) -> Vec<String> {
        let found = self.command(
            "POST",
            "/elements",
            &serde_json::json!({"using": "css selector", "value": css}),
        );
        found
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                e[ELEMENT]
                    .as_str()
                    .unwrap_or_else(|| panic!("not an element: {e}"))
                    .to_string()
            })
            .collect()
    }

    /// Waits up to a minute for a CSS selector to find an element.
    fn wait_for(&self, css: &str) -> String {
        let started = Instant::now();
        loop {
            if let Some(element) = self.find(css).into_iter().next() {
                return element;
            }
            assert!(
                started.elapsed() < Duration::from_mins(1),
                "nothing matched {css}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn attribute(&self, element: &str, name: &str) -> serde_json::Value {
        self.command(
            "GET",
            &format!("/element/{element}/attribute/{name}"),
            &serde_json::Value::Null,
        )
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = agent()
                .delete(&format!("{}/session/{}", self.base, self.session))
                .call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn which(program: &str) -> String {
    let out = Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// The clerk's path in chromium, driven through `WebDriver`: choose huli-2022.docx on the page,
/// see its review with 28 items, download the workbook.
#[test]
fn serve_page_converts_an_upload_in_chromium() {
    let (Some(chromium), Some(chromedriver)) = (
        installed(&["chromium", "chromium-browser"]),
        installed(&["chromedriver"]),
    ) else {
        eprintln!(
            "serve_page_converts_an_upload_in_chromium: skipped, chromium and chromium-driver are not installed"
        );
        return;
    };
    let server = Server::start(&[]);
    let downloads = tempfile::tempdir().unwrap();
    let profile = tempfile::tempdir().unwrap();
    let browser = Browser::start(chromium, chromedriver, downloads.path(), profile.path());
    browser.command("POST", "/url", &serde_json::json!({"url": server.url("/")}));
    browser.wait_for("body[data-ready]");
    let input = browser.wait_for("#files");
    let docx = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/huli-2022.docx");
    browser.command(
        "POST",
        &format!("/element/{input}/value"),
        &serde_json::json!({"text": docx.display().to_string()}),
    );
    let result = browser.wait_for(".file[data-tasks]");
    assert_eq!(browser.attribute(&result, "data-tasks"), "28");

    // The review page inside its frame shows the 28 items.
    let frame = browser.wait_for(".file iframe");
    browser.command(
        "POST",
        "/frame",
        &serde_json::json!({"id": {ELEMENT: frame}}),
    );
    let started = Instant::now();
    while browser.find("tbody tr").len() < 28 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no review rows"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    assert_eq!(browser.find("tbody tr").len(), 28);
    browser.command("POST", "/frame/parent", &serde_json::json!({}));

    let button = browser.wait_for("button[data-format=xlsx]");
    browser.command(
        "POST",
        &format!("/element/{button}/click"),
        &serde_json::json!({}),
    );
    let started = Instant::now();
    let workbook = loop {
        let done = std::fs::read_dir(downloads.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.extension().is_some_and(|e| e == "xlsx"));
        if let Some(path) = done {
            break path;
        }
        assert!(started.elapsed() < Duration::from_mins(1), "no download");
        std::thread::sleep(Duration::from_millis(200));
    };
    assert!(
        workbook
            .file_name()
            .unwrap()
            .to_string_lossy()
            .ends_with("任务表.xlsx")
    );
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&workbook).unwrap();
    let first = book.sheet_names()[0].clone();
    let rows = book.worksheet_range(&first).unwrap().height();
    assert_eq!(rows, 29, "a header row and 28 tasks");
}
