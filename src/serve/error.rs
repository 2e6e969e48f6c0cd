//! The answers other than documents: `{code, message, location}` with their status.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use fenjie::ErrorKind;
use fenjie::error::chain;

/// An answer other than a document: `{code, message, location}`.
pub(super) struct ApiError {
    pub(super) status: StatusCode,
    pub(super) code: &'static str,
    pub(super) message: String,
    pub(super) location: Option<String>,
}

impl ApiError {
    pub(super) fn new(
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

pub(super) fn json_response(status: StatusCode, value: &serde_json::Value) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        value.to_string(),
    )
        .into_response()
}

/// A document that could not be converted: 415 for a format fenjie does not read, 422 for
/// everything else; the message is the command line's.
pub(super) fn conversion_error(name: &str, error: &fenjie::Error) -> ApiError {
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
