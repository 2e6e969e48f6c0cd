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
use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http_body_util::BodyExt;
use tokio::sync::Semaphore;

use fenjie::emit::lang::Lang;
use fenjie::emit::{self, OutputEncoding, OutputFormat};
use fenjie::error::chain;
use fenjie::{ErrorKind, Options, Severity};

use crate::cli::{Failure, ServeArgs, fail, load_registry};

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
        .route("/", get(page))
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/v1/version", get(version))
        .route("/v1/schema", get(schema))
        .route("/v1/openapi.json", get(openapi))
        .route("/v1/convert", post(convert))
        .route("/v1/review", post(review))
        .fallback(|| async {
            ApiError::new(StatusCode::NOT_FOUND, "not_found", "no such endpoint", None)
        })
        // The upload is read and bounded by `upload` itself.
        .layer(axum::extract::DefaultBodyLimit::disable())
        .with_state(shared)
}

async fn page() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; frame-src 'self'; img-src 'self' data: blob:",
            ),
        ],
        PAGE,
    )
        .into_response()
}

async fn version(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    if let Err(e) = authorize(&shared, &headers) {
        return e.into_response();
    }
    json_response(
        StatusCode::OK,
        &serde_json::json!({
            "name": "fenjie",
            "version": env!("CARGO_PKG_VERSION"),
            "api": "v1",
            "max_upload": shared.max_upload,
        }),
    )
}

async fn schema(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    if let Err(e) = authorize(&shared, &headers) {
        return e.into_response();
    }
    (
        [(header::CONTENT_TYPE, "application/schema+json")],
        fenjie::validate::SCHEMA,
    )
        .into_response()
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

/// The query parameters of `/v1/convert` and `/v1/review`, as sent (checked in [`Params::check`]).
#[derive(serde::Deserialize, Default)]
struct RawParams {
    filename: Option<String>,
    format: Option<String>,
    year: Option<String>,
    lang: Option<String>,
    headers: Option<String>,
    bom: Option<String>,
}

/// The parameters, checked.
struct Params {
    filename: Option<String>,
    format: OutputFormat,
    year: Option<i16>,
    shape: emit::csv::Shape,
    encoding: OutputEncoding,
}

impl RawParams {
    fn check(self) -> Result<Params, ApiError> {
        let bad = |message: String| {
            ApiError::new(StatusCode::BAD_REQUEST, "bad_parameter", message, None)
        };
        let format = match self.format.as_deref() {
            None | Some("json") => OutputFormat::Json,
            Some("jsonl") => OutputFormat::Jsonl,
            Some("csv") => OutputFormat::Csv,
            Some("xlsx") => OutputFormat::Xlsx,
            Some(other) => {
                return Err(bad(format!(
                    "format: expected json, jsonl, csv or xlsx, but found {other:?}"
                )));
            }
        };
        let year = match self.year.as_deref() {
            None | Some("") => None,
            Some(text) => match text.parse::<i16>() {
                Ok(y) if (1900..=2200).contains(&y) => Some(y),
                _ => {
                    return Err(bad(format!(
                        "year: expected a year from 1900 to 2200, but found {text:?}"
                    )));
                }
            },
        };
        let headers = match self.headers.as_deref() {
            None | Some("en") => emit::csv::Headers::English,
            Some("zh") => emit::csv::Headers::Chinese,
            Some(other) => {
                return Err(bad(format!(
                    "headers: expected en or zh (the CSV's column names), but found {other:?}"
                )));
            }
        };
        let chinese_headers = headers == emit::csv::Headers::Chinese;
        // As the command line's --lang: by default Chinese for people (Chinese headers, a
        // workbook), English for machines.
        let lang = match self.lang.as_deref() {
            Some("zh") => Lang::Zh,
            Some("en") => Lang::En,
            None if chinese_headers || format == OutputFormat::Xlsx => Lang::Zh,
            None => Lang::En,
            Some(other) => {
                return Err(bad(format!(
                    "lang: expected en or zh (the language of values people read), but found {other:?}"
                )));
            }
        };
        // As the command line: CSV for people starts with a BOM unless bom=false.
        let bom = match self.bom.as_deref() {
            None | Some("") => {
                format != OutputFormat::Xlsx
                    && (chinese_headers || self.lang.as_deref() == Some("zh"))
            }
            Some("0" | "false") => false,
            Some("1" | "true") => true,
            Some(other) => {
                return Err(bad(format!(
                    "bom: expected true or false, but found {other:?}"
                )));
            }
        };
        if bom && format == OutputFormat::Xlsx {
            return Err(bad("bom: a workbook has no text encoding".to_string()));
        }
        Ok(Params {
            filename: self.filename.map(|f| shown_name(&f)),
            format,
            year,
            shape: emit::csv::Shape {
                headers,
                per_unit: false,
                lang,
            },
            encoding: if bom {
                OutputEncoding::Utf8Bom
            } else {
                OutputEncoding::Utf8
            },
        })
    }
}

/// A file name from a request, as reports show it: its last component, at most 200 characters.
/// It is only ever shown, never used as a path.
fn shown_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let clean: String = last.chars().filter(|c| !c.is_control()).take(200).collect();
    if clean.trim().is_empty() {
        "upload".to_string()
    } else {
        clean
    }
}

/// `POST /v1/convert`: the report in the asked format.
async fn convert(
    State(shared): State<Arc<Shared>>,
    params: Result<Query<RawParams>, axum::extract::rejection::QueryRejection>,
    request: Request,
) -> Response {
    let params = match authorize(&shared, request.headers()).and_then(|()| checked(params)) {
        Ok(params) => params,
        Err(e) => return refuse(&shared, request, e).await,
    };
    let answer = async {
        let (name, bytes, _permit) = upload(&shared, request, params.filename.clone()).await?;
        let options = options_for(&shared, &params);
        let format = params.format;
        let shown = name.clone();
        let (body, counts) = blocking(&shared, &name, move || {
            produce(&shown, &bytes, &options, &params)
        })
        .await?;
        Ok::<_, ApiError>(document_response(&name, format, body, counts))
    };
    answer.await.unwrap_or_else(IntoResponse::into_response)
}

/// `POST /v1/review`: the review page of the report (HTML).
async fn review(
    State(shared): State<Arc<Shared>>,
    params: Result<Query<RawParams>, axum::extract::rejection::QueryRejection>,
    request: Request,
) -> Response {
    let params = match authorize(&shared, request.headers()).and_then(|()| checked(params)) {
        Ok(params) => params,
        Err(e) => return refuse(&shared, request, e).await,
    };
    let answer = async {
        let (name, bytes, _permit) = upload(&shared, request, params.filename.clone()).await?;
        let options = options_for(&shared, &params);
        let shown = name.clone();
        let (page, counts) = blocking(&shared, &name, move || {
            let report = fenjie::convert(&shown, &bytes, &options)
                .map_err(|e| conversion_error(&shown, &e))?;
            let sources = fenjie::source_texts(&bytes, &options.read)
                .map_err(|e| conversion_error(&shown, &e))?;
            Ok((emit::review::page(&report, &sources), Counts::of(&report)))
        })
        .await?;
        let mut response =
            ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response();
        counts.set(response.headers_mut());
        Ok::<_, ApiError>(response)
    };
    answer.await.unwrap_or_else(IntoResponse::into_response)
}

/// Answers a request refused before its upload was read. The upload is read and dropped first
/// (bounded as any upload), so that a client still sending it reads the answer rather than a
/// closed connection.
async fn refuse(shared: &Shared, request: Request, error: ApiError) -> Response {
    if let Ok(_permit) = Arc::clone(&shared.uploads).try_acquire_owned() {
        let drain = read_body(request.into_body(), shared.max_upload, false);
        let _ = tokio::time::timeout(shared.upload_time, drain).await;
    }
    error.into_response()
}

fn checked(
    params: Result<Query<RawParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Params, ApiError> {
    let Query(raw) = params.map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_parameter",
            format!("the query string: {}", e.body_text()),
            None,
        )
    })?;
    raw.check()
}

fn options_for(shared: &Shared, params: &Params) -> Options {
    Options {
        year: params.year,
        ..shared.options.clone()
    }
}

/// With a token configured, every `/v1` request but `/v1/openapi.json` carries
/// `Authorization: Bearer TOKEN`.
fn authorize(shared: &Shared, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = &shared.token else {
        return Ok(());
    };
    let sent = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match sent {
        Some(sent) if same(sent.as_bytes(), token.as_bytes()) => Ok(()),
        Some(_) => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "the token is wrong",
            None,
        )),
        None => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "this server needs a token: send the header Authorization: Bearer TOKEN",
            None,
        )),
    }
}

/// Compares in time independent of where the first difference is.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Reads the upload: the body itself, or the first file of a `multipart/form-data` body. Bounded
/// by `--max-upload` (413) and `--upload-timeout` (408); beyond the uploads the server holds at
/// once, 503.
async fn upload(
    shared: &Shared,
    request: Request,
    filename: Option<String>,
) -> Result<(String, Vec<u8>, tokio::sync::OwnedSemaphorePermit), ApiError> {
    let permit = Arc::clone(&shared.uploads)
        .try_acquire_owned()
        .map_err(|_| {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "too many uploads at once; try again shortly",
                None,
            )
        })?;
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            format!(
                "the upload exceeds the limit of {} bytes (--max-upload)",
                shared.max_upload
            ),
            filename.clone(),
        )
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > shared.max_upload as u64) {
        return Err(too_large());
    }
    let (parts, body) = request.into_parts();
    let bytes = tokio::time::timeout(shared.upload_time, read_body(body, shared.max_upload, true))
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::REQUEST_TIMEOUT,
                "timeout",
                format!(
                    "the upload took longer than {} seconds (--upload-timeout)",
                    shared.upload_time.as_secs()
                ),
                filename.clone(),
            )
        })?
        .map_err(|e| match e {
            BodyError::TooLarge => too_large(),
            BodyError::Broken(e) => ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_body",
                format!("the upload could not be read: {e}"),
                filename.clone(),
            ),
        })?;
    let multipart = parts
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"));
    if !multipart {
        return Ok((filename.unwrap_or_else(|| "upload".into()), bytes, permit));
    }
    let request = Request::from_parts(parts, Body::from(bytes));
    let (name, bytes) = first_file(request).await?;
    Ok((
        filename.or(name).unwrap_or_else(|| "upload".into()),
        bytes,
        permit,
    ))
}

enum BodyError {
    TooLarge,
    Broken(axum::Error),
}

/// Reads a body of at most `limit` bytes; with `keep` false, only counts them.
async fn read_body(mut body: Body, limit: usize, keep: bool) -> Result<Vec<u8>, BodyError> {
    let mut bytes = Vec::new();
    let mut read = 0;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(BodyError::Broken)?;
        if let Ok(data) = frame.into_data() {
            read += data.len();
            if read > limit {
                return Err(BodyError::TooLarge);
            }
            if keep {
                bytes.extend_from_slice(&data);
            }
        }
    }
    Ok(bytes)
}

/// The first field of a multipart body that carries a file (or else the first field).
async fn first_file(request: Request) -> Result<(Option<String>, Vec<u8>), ApiError> {
    let bad = |message: String| ApiError::new(StatusCode::BAD_REQUEST, "bad_body", message, None);
    let mut multipart = Multipart::from_request(request, &())
        .await
        .map_err(|e| bad(format!("the multipart body: {}", e.body_text())))?;
    let mut first = None;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| bad(format!("the multipart body: {}", e.body_text())))?
    {
        let name = field.file_name().map(shown_name);
        let has_file = name.is_some();
        let data = field
            .bytes()
            .await
            .map_err(|e| bad(format!("the multipart body: {}", e.body_text())))?;
        if has_file {
            return Ok((name, data.to_vec()));
        }
        first.get_or_insert((None, data.to_vec()));
    }
    first.ok_or_else(|| bad("the multipart body has no field: send the file as a field".into()))
}

/// Runs a conversion on a blocking thread, at most `--jobs` at once; a panic in it answers 500
/// for this request and the server goes on.
async fn blocking<T: Send + 'static>(
    shared: &Shared,
    name: &str,
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let _permit = Arc::clone(&shared.jobs)
        .acquire_owned()
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "shutting_down",
                "the server is shutting down",
                None,
            )
        })?;
    match tokio::task::spawn_blocking(work).await {
        Ok(result) => result,
        Err(_) => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("{name}: fenjie failed on this file (a bug; please report it with the file)"),
            Some(name.to_string()),
        )),
    }
}

/// The numbers a client reads from the headers of any format.
#[derive(Clone, Copy)]
struct Counts {
    tasks: usize,
    errors: usize,
    warnings: usize,
}

impl Counts {
    fn of(report: &fenjie::Report) -> Counts {
        Counts {
            tasks: report.tasks.len(),
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
        }
    }

    fn set(self, headers: &mut HeaderMap) {
        for (name, value) in [
            ("x-fenjie-tasks", self.tasks),
            ("x-fenjie-errors", self.errors),
            ("x-fenjie-warnings", self.warnings),
        ] {
            headers.insert(name, HeaderValue::from(value));
        }
    }
}

/// Converts, checks against the schema and writes, as `fenjie convert` does.
fn produce(
    name: &str,
    bytes: &[u8],
    options: &Options,
    params: &Params,
) -> Result<(Vec<u8>, Counts), ApiError> {
    let report = fenjie::convert(name, bytes, options).map_err(|e| conversion_error(name, &e))?;
    let written = fenjie::files::validated(&report, || {
        let mut out = Vec::new();
        emit::write(
            &report,
            params.format,
            params.encoding,
            params.shape,
            &mut out,
        )
        .map(|()| out)
    })
    .map_err(|v| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("{name}: {v}"),
            Some(name.to_string()),
        )
    })?
    .map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            format!("{name}: {e}"),
            Some(name.to_string()),
        )
    })?;
    Ok((written, Counts::of(&report)))
}

/// A document that could not be converted: 415 for a format fenjie does not read, 422 for
/// everything else; the message is the command line's.
fn conversion_error(name: &str, error: &fenjie::Error) -> ApiError {
    let (status, code) = match error.kind() {
        ErrorKind::Binary | ErrorKind::Unsupported { .. } | ErrorKind::NotOffice => {
            (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_format")
        }
        ErrorKind::Limit { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "limit"),
        _ if error.is_not_a_notice() => (StatusCode::UNPROCESSABLE_ENTITY, "not_a_notice"),
        _ => (StatusCode::UNPROCESSABLE_ENTITY, "unreadable"),
    };
    let mut location = name.to_string();
    if let Some(part) = error.part() {
        location.push_str(&format!(", {part}"));
    }
    if let Some(place) = error.location() {
        location.push_str(&format!(", {place}"));
    }
    ApiError::new(
        status,
        code,
        format!("{name}: {}", chain(error)),
        Some(location),
    )
}

fn document_response(name: &str, format: OutputFormat, body: Vec<u8>, counts: Counts) -> Response {
    let content_type = match format {
        OutputFormat::Json => "application/json",
        OutputFormat::Jsonl => "application/jsonl",
        OutputFormat::Csv => "text/csv; charset=utf-8",
        OutputFormat::Xlsx | OutputFormat::Sqlite => {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        }
    };
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let disposition = format!(
        "attachment; filename=\"tasks.{ext}\"; filename*=UTF-8''{}.{ext}",
        percent_encode(stem),
        ext = format.extension()
    );
    let mut response = ([(header::CONTENT_TYPE, content_type)], body).into_response();
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    counts.set(response.headers_mut());
    response
}

/// RFC 8187's encoding of a header parameter's value.
fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn json_response(status: StatusCode, value: &serde_json::Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        value.to_string(),
    )
        .into_response()
}

/// An answer other than a document: `{code, message, location}`.
struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    location: Option<String>,
}

impl ApiError {
    fn new(
        status: StatusCode,
        code: &'static str,
        message: impl Into<String>,
        location: Option<String>,
    ) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            location,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = json_response(
            self.status,
            &serde_json::json!({
                "code": self.code,
                "message": self.message,
                "location": self.location,
            }),
        );
        if self.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

#[cfg(test)]
mod tests {
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
