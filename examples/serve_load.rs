//! A load test of `fenjie serve` on loopback, bounded in count and time: starts the server on a
//! free port, sends mixed fixtures and hostile files from concurrent clients, and reports
//! requests per second, p50/p99 latency, the server's memory after 200 requests and at the end,
//! and the answers that were not as expected. Run by `perf/serve-load.sh`.
//!
//! ```sh
//! cargo run --release --example serve_load -- --bin target/release/fenjie \
//!     [--clients 8] [--requests 2000] [--seconds 600]
//! ```
//!
//! Exits 1 when a valid file was not answered 200, a hostile one 5xx or not at all, or the server's
//! resident memory grew by more than half between 200 and all requests.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

struct Args {
    bin: PathBuf,
    clients: usize,
    requests: usize,
    seconds: u64,
}

fn args() -> Args {
    let mut args = Args {
        bin: PathBuf::from("target/release/fenjie"),
        clients: 8,
        requests: 2000,
        seconds: 600,
    };
    let mut given = std::env::args().skip(1);
    while let Some(flag) = given.next() {
        let value = given.next().unwrap_or_default();
        match flag.as_str() {
            "--bin" => args.bin = PathBuf::from(value),
            "--clients" => args.clients = value.parse().expect("--clients N"),
            "--requests" => args.requests = value.parse().expect("--requests N"),
            "--seconds" => args.seconds = value.parse().expect("--seconds S"),
            other => panic!("unknown flag {other}"),
        }
    }
    args
}

/// One kind of request: a name, the bytes, whether a document is expected.
struct Input {
    name: String,
    bytes: Vec<u8>,
    valid: bool,
}

fn inputs() -> Vec<Input> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut inputs: Vec<Input> = [
        "huli-2022.docx",
        "huli-2022.doc",
        "huli-2022.txt",
        "huli-2022.html",
        "huli-2022.gb2312.html",
    ]
    .iter()
    .map(|name| Input {
        name: (*name).to_string(),
        bytes: std::fs::read(fixtures.join(name)).expect("a fixture"),
        valid: true,
    })
    .collect();
    let hostile = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    if let Ok(entries) = std::fs::read_dir(&hostile) {
        let mut files: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        for path in files.into_iter().take(10) {
            inputs.push(Input {
                name: path.file_name().unwrap().to_string_lossy().into_owned(),
                bytes: std::fs::read(&path).unwrap(),
                valid: false,
            });
        }
    }
    let noise: Vec<u8> = (0..65_536u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    inputs.push(Input {
        name: "noise.bin".into(),
        bytes: noise,
        valid: false,
    });
    inputs.push(Input {
        name: "empty.docx".into(),
        bytes: Vec::new(),
        valid: false,
    });
    inputs
}

/// The server's resident and peak resident memory in KiB, from /proc.
fn memory(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn main() {
    let args = args();
    let mut server = Command::new(&args.bin)
        .args(["serve", "--bind", "127.0.0.1:0", "--jobs", "2"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line.trim().trim_start_matches("listening on ").to_string();
    let pid = server.id();
    let inputs = inputs();
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_mins(2))
        .build();

    let next = AtomicUsize::new(0);
    let latencies = Mutex::new(Vec::with_capacity(args.requests));
    let failures = Mutex::new(Vec::new());
    let at_200 = Mutex::new(None);
    let started = Instant::now();
    let deadline = started + Duration::from_secs(args.seconds);
    std::thread::scope(|scope| {
        for _ in 0..args.clients {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= args.requests || Instant::now() > deadline {
                        break;
                    }
                    let input = &inputs[i % inputs.len()];
                    let url = format!("{base}v1/convert?filename={}", i % 1000);
                    let sent = Instant::now();
                    let status = match agent.post(&url).send_bytes(&input.bytes) {
                        Ok(r) | Err(ureq::Error::Status(_, r)) => {
                            let status = r.status();
                            let _ = r.into_reader().read_to_end(&mut Vec::new());
                            status
                        }
                        Err(_) => 0,
                    };
                    latencies.lock().unwrap().push(sent.elapsed());
                    // A hostile file is answered with an error of the request, or (when it
                    // reads as a notice after all) a document; never 5xx or no answer.
                    let expected = if input.valid {
                        status == 200
                    } else {
                        status == 200 || (400..500).contains(&status)
                    };
                    if !expected {
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("{}: {status}", input.name));
                    }
                    if i == 200 {
                        *at_200.lock().unwrap() = Some(memory(pid));
                    }
                }
            });
        }
    });
    let elapsed = started.elapsed();
    let end = memory(pid);
    let _ = server.kill();
    let _ = server.wait();

    let mut latencies = latencies.into_inner().unwrap();
    latencies.sort();
    let done = latencies.len();
    let at = |q: f64| latencies[((done as f64 * q) as usize).min(done - 1)];
    let failures = failures.into_inner().unwrap();
    let (rss_200, _) = at_200.into_inner().unwrap().unwrap_or((0, 0));
    println!(
        "requests: {done} from {} clients in {:.1} s",
        args.clients,
        elapsed.as_secs_f64()
    );
    println!(
        "requests per second: {:.1}",
        done as f64 / elapsed.as_secs_f64()
    );
    println!(
        "latency: p50 {:.1} ms, p99 {:.1} ms",
        at(0.50).as_secs_f64() * 1000.0,
        at(0.99).as_secs_f64() * 1000.0
    );
    println!(
        "server memory: {} KiB resident after 200 requests, {} KiB at the end, peak {} KiB",
        rss_200, end.0, end.1
    );
    println!("answers not as expected: {}", failures.len());
    for f in failures.iter().take(20) {
        println!("  {f}");
    }
    let grew = rss_200 > 0 && end.0 > rss_200 + rss_200 / 2;
    if grew {
        println!("memory grew by more than half between 200 requests and the end");
    }
    if !failures.is_empty() || grew || done < args.requests {
        std::process::exit(1);
    }
}
