//! The query parameters of `/v1/convert` and `/v1/review`, checked as the command line checks
//! its flags.

use axum::extract::Query;
use axum::http::StatusCode;

use fenjie::Options;
use fenjie::emit::lang::Lang;
use fenjie::emit::{self, OutputEncoding, OutputFormat};

use super::Shared;
use super::error::ApiError;

/// The query parameters of `/v1/convert` and `/v1/review`, as sent (checked in [`Params::check`]).
#[derive(serde::Deserialize, Default)]
pub(super) struct RawParams {
    filename: Option<String>,
    format: Option<String>,
    year: Option<String>,
    lang: Option<String>,
    headers: Option<String>,
    bom: Option<String>,
}

/// The parameters, checked.
pub(super) struct Params {
    pub(super) filename: Option<String>,
    pub(super) format: OutputFormat,
    pub(super) year: Option<i16>,
    pub(super) shape: emit::csv::Shape,
    pub(super) encoding: OutputEncoding,
}

impl RawParams {
    pub(super) fn check(self) -> Result<Params, ApiError> {
        let format = format(self.format.as_deref())?;
        let year = year(self.year.as_deref())?;
        let headers = headers(self.headers.as_deref())?;
        let chinese_headers = headers == emit::csv::Headers::Chinese;
        let lang = lang(
            self.lang.as_deref(),
            chinese_headers || format == OutputFormat::Xlsx,
        )?;
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

/// A parameter that is not one of its values.
fn bad(message: String) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "bad_parameter", message, None)
}

fn format(text: Option<&str>) -> Result<OutputFormat, ApiError> {
    Ok(match text {
        None | Some("json") => OutputFormat::Json,
        Some("jsonl") => OutputFormat::Jsonl,
        Some("csv") => OutputFormat::Csv,
        Some("xlsx") => OutputFormat::Xlsx,
        Some(other) => {
            return Err(bad(format!(
                "format: expected json, jsonl, csv or xlsx, but found {other:?}"
            )));
        }
    })
}

fn year(text: Option<&str>) -> Result<Option<i16>, ApiError> {
    match text {
        None | Some("") => Ok(None),
        Some(text) => match text.parse::<i16>() {
            Ok(y) if (1900..=2200).contains(&y) => Ok(Some(y)),
            _ => Err(bad(format!(
                "year: expected a year from 1900 to 2200, but found {text:?}"
            ))),
        },
    }
}

fn headers(text: Option<&str>) -> Result<emit::csv::Headers, ApiError> {
    match text {
        None | Some("en") => Ok(emit::csv::Headers::English),
        Some("zh") => Ok(emit::csv::Headers::Chinese),
        Some(other) => Err(bad(format!(
            "headers: expected en or zh (the CSV's column names), but found {other:?}"
        ))),
    }
}

/// As the command line's --lang: by default Chinese for people (Chinese headers, a workbook),
/// English for machines.
fn lang(text: Option<&str>, for_people: bool) -> Result<Lang, ApiError> {
    match text {
        Some("zh") => Ok(Lang::Zh),
        Some("en") => Ok(Lang::En),
        None if for_people => Ok(Lang::Zh),
        None => Ok(Lang::En),
        Some(other) => Err(bad(format!(
            "lang: expected en or zh (the language of values people read), but found {other:?}"
        ))),
    }
}

/// A file name from a request, as reports show it: its last component, at most 200 characters.
/// It is only ever shown, never used as a path.
pub(super) fn shown_name(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let clean: String = last.chars().filter(|c| !c.is_control()).take(200).collect();
    if clean.trim().is_empty() {
        "upload".to_string()
    } else {
        clean
    }
}

pub(super) fn checked(
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

pub(super) fn options_for(shared: &Shared, params: &Params) -> Options {
    Options {
        year: params.year,
        ..shared.options.clone()
    }
}
