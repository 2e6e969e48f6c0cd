//! Requests let in: the token checked, and the upload read, bounded in size and time.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;

use super::Shared;
use super::error::ApiError;
use super::params::shown_name;

/// With a token configured, every `/v1` request but `/v1/openapi.json` carries
/// `Authorization: Bearer TOKEN`.
pub(super) fn authorize(shared: &Shared, headers: &HeaderMap) -> Result<(), ApiError> {
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

/// Answers a request refused before its upload was read. The upload is read and dropped first
/// (bounded as any upload), so that a client still sending it reads the answer rather than a
/// closed connection.
pub(super) async fn refuse(shared: &Shared, request: Request, error: ApiError) -> Response {
    if let Ok(_permit) = Arc::clone(&shared.uploads).try_acquire_owned() {
        let drain = read_body(request.into_body(), shared.max_upload, false);
        let _ = tokio::time::timeout(shared.upload_time, drain).await;
    }
    error.into_response()
}

/// Reads the upload: the body itself, or the first file of a `multipart/form-data` body. Bounded
/// by `--max-upload` (413) and `--upload-timeout` (408); beyond the uploads the server holds at
/// once, 503.
pub(super) async fn upload(
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
