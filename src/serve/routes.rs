//! The endpoints: the page, the version, the schemas, and the conversions.

use std::sync::Arc;

use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use fenjie::emit::{self, OutputFormat};
use fenjie::files::{self, WriteError};
use fenjie::{Options, Severity};

use super::error::{ApiError, conversion_error, json_response};
use super::params::{Params, RawParams, checked, options_for};
use super::upload::{authorize, refuse, upload};
use super::{OPENAPI, PAGE, Shared};

pub(super) async fn page() -> Response {
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

pub(super) async fn version(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
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

pub(super) async fn schema(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    if let Err(e) = authorize(&shared, &headers) {
        return e.into_response();
    }
    (
        [(header::CONTENT_TYPE, "application/schema+json")],
        fenjie::validate::SCHEMA,
    )
        .into_response()
}

pub(super) async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

/// `POST /v1/convert`: the report in the asked format.
pub(super) async fn convert(
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
pub(super) async fn review(
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
            Ok((
                emit::review::page(&report, &sources, emit::lang::Lang::Zh),
                Counts::of(&report),
            ))
        })
        .await?;
        let mut response =
            ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response();
        counts.set(response.headers_mut());
        Ok::<_, ApiError>(response)
    };
    answer.await.unwrap_or_else(IntoResponse::into_response)
}

/// Runs a conversion on a blocking thread, at most `--jobs` at once; a panic in it answers 500
/// for this request and the server goes on.
pub(super) async fn blocking<T: Send + 'static>(
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
    let output = files::Output {
        format: params.format,
        encoding: params.encoding,
        shape: params.shape,
        datapackage: false,
    };
    let written = files::rendered(&report, &output).map_err(|e| {
        let message = match e {
            WriteError::Violation(v) => format!("{name}: {v}"),
            WriteError::Write(e) | WriteError::DataPackage(e) => format!("{name}: {e}"),
        };
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            message,
            Some(name.to_string()),
        )
    })?;
    Ok((written, Counts::of(&report)))
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
