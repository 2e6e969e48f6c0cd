//! `fenjie serve`: the page for clerks (`GET /`) and the HTTP API (`/v1/…`) over the library's
//! `convert`, on axum and tokio. Uploads are read into memory, bounded in size and time;
//! conversions run on blocking threads, at most `--jobs` at once; nothing is written to disk.
//!
//! Status codes: 200 a document was produced (even with error-level diagnostics); 400 bad
//! parameters; 401 a missing or wrong token; 408 an upload too slow; 413 an upload too large; 415
//! a file of no format fenjie reads; 422 a file that is no notice fenjie can read; 500 a failure
//! of fenjie itself; 503 too many uploads at once. Errors have the body `{code, message,
//! location}`.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::{get, post};
use tokio::sync::Semaphore;

use fenjie::Options;

use crate::cli::{Failure, ServeArgs, fail, load_registry};

mod error;
mod params;
mod routes;
mod upload;

use error::ApiError;

const PAGE: &str = include_str!("page.html");

const OPENAPI: &str = include_str!("openapi.json");

/// What the server needs, validated from the command line.
struct Config {
    bind: SocketAddr,
    token: Option<String>,
    options: Options,
    max_upload: usize,
    jobs: usize,
    upload_time: Duration,
}

/// Shared by every request.
struct Shared {
    token: Option<String>,
    options: Options,
    max_upload: usize,
    upload_time: Duration,
    /// Conversions running at once (`--jobs`).
    jobs: Arc<Semaphore>,
    /// Uploads held in memory at once: beyond this, 503 rather than a queue of bodies.
    uploads: Arc<Semaphore>,
}

/// `fenjie serve`: binds, prints `listening on http://ADDR/` on standard output, and serves
/// until SIGTERM or Ctrl-C, letting requests in flight finish.
pub(crate) fn run(args: &ServeArgs) -> Result<u8, Failure> {
    let config = config(args)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .worker_threads(2)
        .max_blocking_threads(config.jobs.max(1) + 2)
        .build()
        .map_err(|e| fail(2, format!("cannot start the server's runtime: {e}")))?;
    runtime.block_on(serve(config))
}

fn config(args: &ServeArgs) -> Result<Config, Failure> {
    let bind: SocketAddr = args.bind.parse().map_err(|_| {
        fail(
            2,
            format!(
                "--bind {:?}: expected an address and port such as 127.0.0.1:8080",
                args.bind
            ),
        )
    })?;
    let token = match &args.token_file {
        Some(path) => Some(read_token(path)?),
        None => None,
    };
    if !bind.ip().is_loopback() && token.is_none() {
        return Err(fail(
            2,
            format!(
                "--bind {bind} is reachable from other machines: name a token with --token-file FILE (clients send it as Authorization: Bearer TOKEN)"
            ),
        ));
    }
    let registry = match &args.units {
        Some(path) => Some(Arc::new(load_registry(path)?)),
        None => None,
    };
    let max_upload = parse_size(&args.max_upload).ok_or_else(|| {
        fail(
            2,
            format!(
                "--max-upload {:?}: expected a size such as 64MiB, 500KiB or 1000000",
                args.max_upload
            ),
        )
    })?;
    let jobs = if args.jobs == 0 {
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    } else {
        args.jobs
    };
    let mut options = Options {
        registry,
        ..Options::default()
    };
    // An upload is never larger than the CLI would read from a file.
    options.read.limits.input_bytes = options.read.limits.input_bytes.min(max_upload as u64);
    Ok(Config {
        bind,
        token,
        options,
        max_upload,
        jobs,
        upload_time: Duration::from_secs(args.upload_timeout.max(1)),
    })
}

fn read_token(path: &std::path::Path) -> Result<String, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| fail(2, format!("{}: cannot read the token: {e}", path.display())))?;
    let token = text.trim().to_string();
    if token.len() < 16 || token.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(fail(
            2,
            format!(
                "{}: expected a token of at least 16 characters without spaces, such as the output of: openssl rand -hex 32",
                path.display()
            ),
        ));
    }
    Ok(token)
}

/// `64MiB`, `500KiB`, `2GB`, `1000000`.
fn parse_size(text: &str) -> Option<usize> {
    let text = text.trim();
    let digits = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let number: usize = text[..digits].parse().ok()?;
    let factor: usize = match text[digits..].trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return None,
    };
    number.checked_mul(factor).filter(|n| *n > 0)
}

async fn serve(config: Config) -> Result<u8, Failure> {
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .map_err(|e| fail(2, format!("--bind {}: cannot listen: {e}", config.bind)))?;
    let address = listener
        .local_addr()
        .map_err(|e| fail(2, format!("--bind {}: {e}", config.bind)))?;
    let shared = Arc::new(Shared {
        token: config.token,
        options: config.options,
        max_upload: config.max_upload,
        upload_time: config.upload_time,
        jobs: Arc::new(Semaphore::new(config.jobs.max(1))),
        uploads: Arc::new(Semaphore::new(config.jobs.max(1) * 4)),
    });
    {
        use std::io::Write as _;
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "listening on http://{address}/");
        let _ = out.flush();
    }
    let upload_time = shared.upload_time;
    accept(listener, router(shared), upload_time).await;
    Ok(0)
}

/// Connections served at once; further ones wait in the listener's backlog.
const CONNECTIONS: usize = 256;

/// Accepts connections until SIGTERM or Ctrl-C, then lets the requests in flight finish. Each
/// connection has `upload_time` to send a request's headers (a slow sender is cut off) and
/// waits no longer between requests.
async fn accept(listener: tokio::net::TcpListener, app: Router, upload_time: Duration) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let connections = Arc::new(Semaphore::new(CONNECTIONS));
    let mut stop = std::pin::pin!(shutdown());
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&connections).acquire_owned() => permit,
            () = &mut stop => break,
        };
        let Ok(permit) = permit else { break };
        let stream = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stop => break,
        };
        // Out of file descriptors, or a connection reset before it was accepted: wait a moment
        // rather than spin.
        let Ok((stream, _)) = stream else {
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let service = hyper_util::service::TowerToHyperService::new(app.clone());
        let connection = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(upload_time)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// Resolves on SIGTERM or Ctrl-C.
async fn shutdown() {
    let notify = Arc::new(tokio::sync::Notify::new());
    let on_interrupt = Arc::clone(&notify);
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            on_interrupt.notify_one();
        }
    });
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            let on_term = Arc::clone(&notify);
            tokio::spawn(async move {
                term.recv().await;
                on_term.notify_one();
            });
        }
    }
    notify.notified().await;
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/", get(routes::page))
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/v1/version", get(routes::version))
        .route("/v1/schema", get(routes::schema))
        .route("/v1/openapi.json", get(routes::openapi))
        .route("/v1/convert", post(routes::convert))
        .route("/v1/review", post(routes::review))
        .fallback(|| async {
            ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such endpoint", None)
        })
        // The upload is read and bounded by `upload` itself.
        .layer(axum::extract::DefaultBodyLimit::disable())
        .with_state(shared)
}

#[cfg(test)]
mod tests {
    use super::error::ApiError;
    use super::params::shown_name;
    use super::routes::blocking;
    use super::*;

    #[test]
    fn sizes_read_with_their_units() {
        for (text, expected) in [
            ("64MiB", Some(64 << 20)),
            ("500KiB", Some(500 << 10)),
            ("1000000", Some(1_000_000)),
            ("2g", Some(2 << 30)),
            ("0", None),
            ("lots", None),
            ("64 TB", None),
        ] {
            assert_eq!(parse_size(text), expected, "{text}");
        }
    }

    #[test]
    fn a_panic_in_a_conversion_answers_500_and_the_next_one_runs() {
        let shared = Shared {
            token: None,
            options: Options::default(),
            max_upload: 1 << 20,
            upload_time: Duration::from_secs(1),
            jobs: Arc::new(Semaphore::new(1)),
            uploads: Arc::new(Semaphore::new(1)),
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let failed = runtime.block_on(blocking(&shared, "x.docx", || -> Result<(), ApiError> {
            panic!("a bug in one conversion")
        }));
        let error = failed.err().unwrap();
        assert_eq!(error.status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(error.location.as_deref(), Some("x.docx"));
        // The permit came back: the next conversion runs.
        let next = runtime.block_on(blocking(&shared, "y.docx", || Ok(7)));
        assert_eq!(next.ok(), Some(7));
    }

    #[test]
    fn names_from_requests_lose_their_folders() {
        assert_eq!(shown_name("../../etc/passwd"), "passwd");
        assert_eq!(shown_name("C:\\通知\\分解表.docx"), "分解表.docx");
        assert_eq!(shown_name("/"), "upload");
    }
}
