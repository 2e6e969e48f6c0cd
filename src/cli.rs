//! The command line: clap's types for every command and flag, turned once into validated
//! options (`Common::options`, `Common::format_for`); a [`Failure`] carries an exit code.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::{Args, Parser, Subcommand, ValueEnum};

use fenjie::emit::diff::DiffFormat;
use fenjie::emit::lang::Lang;
use fenjie::emit::{self, OutputEncoding, OutputFormat};
use fenjie::{Options, ReadOptions, Registry};

#[derive(Parser)]
#[command(
    name = "fenjie",
    version,
    about = "Turn task-breakdown notices (任务分解表) into validated records",
    after_help = "Examples:
  fenjie convert notice.docx                      JSON on standard output
  fenjie convert notice.doc -o tasks.xlsx         an Excel workbook for checking and editing
  fenjie convert page.html -o tasks.csv --headers zh   CSV for Excel (Chinese headers, with a BOM)
  curl -s URL | fenjie convert - -o tasks.json    a notice from standard input
  fenjie batch notices/ -o out/ --combined out/all.csv --sqlite tasks.db
  fenjie review notice.docx -o review.html        each item's source beside what was read
  fenjie units --for notice.docx                  which jurisdiction and registry apply
  fenjie check fixtures/                          compare with NAME.expected.json files
  fenjie diff 2022.docx 2023.docx                 which items are the same, changed, added, removed
  fenjie serve                                    the page and the API on http://127.0.0.1:8080/

Exit codes: 0 converted; 1 an input could not be converted or has errors; 2 usage or fatal error.
diff: 0 the notices have the same items; 1 they differ; 2 error."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Convert one notice (.docx, .doc, .xlsx/.xls/.ods, a PDF with a text layer, a web page or
    /// text) to JSON, JSON Lines, CSV, an Excel workbook or a `SQLite` database.
    Convert(ConvertArgs),
    /// Write a review page: each item's source beside the fields read from it (one HTML file).
    Review(ConvertArgs),
    /// Print a completion script for a shell (bash, zsh, fish, powershell, elvish).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Convert every notice under files and folders, in parallel, into an output folder.
    Batch(BatchArgs),
    /// Print the JSON Schema of the JSON document (with --record: of one JSON Lines record;
    /// with --diff: of the diff document).
    Schema {
        /// The schema of `fenjie diff -f json` instead.
        #[arg(long, conflicts_with = "record")]
        diff: bool,
        /// The schema of one line of `-f jsonl` output instead.
        #[arg(long)]
        record: bool,
    },
    /// Compare two notices item by item: which items are the same, changed, added or removed,
    /// and what changed. Two folders: notices paired by key, then by issuer and title.
    Diff(DiffArgs),
    /// Validate JSON documents, or JSON Lines files line by line, against the schemas; `-` reads
    /// standard input.
    Validate {
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Convert every document that has `NAME.expected.json` beside it and compare, field by field.
    Check {
        /// Folders (searched recursively) or documents.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Rewrite the expected files from the current output.
        #[arg(long)]
        bless: bool,
    },
    /// Print the unit registry in use, or check a registry file.
    Units {
        /// Check this registry file and report the first problem.
        #[arg(long, value_name = "FILE")]
        check: Option<PathBuf>,
        /// Print this registry instead of the default.
        #[arg(long, value_name = "FILE")]
        units: Option<PathBuf>,
        /// Say which registry (or none) and which jurisdiction apply to this notice.
        #[arg(long = "for", value_name = "NOTICE")]
        notice: Option<PathBuf>,
    },
    /// Serve the page for clerks (GET /) and the HTTP API (/v1/convert …); see README.md.
    Serve(ServeArgs),
}

#[derive(Args)]
pub(crate) struct ServeArgs {
    /// The address and port to listen on; any address other than loopback needs --token-file.
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    pub(crate) bind: String,
    /// A file holding the token every API request must send as `Authorization: Bearer TOKEN`.
    #[arg(long, value_name = "FILE")]
    pub(crate) token_file: Option<PathBuf>,
    /// A unit registry (TOML) for every notice instead of the one its jurisdiction names.
    #[arg(long, value_name = "FILE")]
    pub(crate) units: Option<PathBuf>,
    /// The largest upload accepted (larger ones are answered 413).
    #[arg(long, value_name = "SIZE", default_value = "64MiB")]
    pub(crate) max_upload: String,
    /// Conversions run at once (default: one per core); further requests wait.
    #[arg(long, default_value_t = 0)]
    pub(crate) jobs: usize,
    /// Seconds an upload may take to arrive (slower ones are answered 408).
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub(crate) upload_timeout: u64,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum FormatArg {
    Json,
    Jsonl,
    Csv,
    Xlsx,
    Sqlite,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DiffFormatArg {
    Text,
    Json,
    Xlsx,
    Html,
}

impl DiffFormatArg {
    fn format(self) -> DiffFormat {
        match self {
            DiffFormatArg::Text => DiffFormat::Text,
            DiffFormatArg::Json => DiffFormat::Json,
            DiffFormatArg::Xlsx => DiffFormat::Xlsx,
            DiffFormatArg::Html => DiffFormat::Html,
        }
    }
}

#[derive(Args)]
pub(crate) struct DiffArgs {
    /// The old notice (any format fenjie reads, or a fenjie JSON document), or a folder of them.
    pub(crate) old: PathBuf,
    /// The new notice, or a folder of them.
    pub(crate) new: PathBuf,
    /// Output format; by default the one -o's extension names (.txt .json .xlsx .html), else text.
    #[arg(short, long, value_enum)]
    pub(crate) format: Option<DiffFormatArg>,
    /// Write here (atomically) instead of standard output (`-`); for two folders, the output
    /// folder.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// A unit registry (TOML) for both notices instead of the one their jurisdiction names.
    #[arg(long, value_name = "FILE")]
    pub(crate) units: Option<PathBuf>,
}

impl DiffArgs {
    /// The format: -f, else what -o's extension names, else text; a -f that contradicts the
    /// extension is an error.
    pub(crate) fn format_for(&self, output: Option<&Path>) -> Result<DiffFormat, Failure> {
        let named = output.and_then(DiffFormat::of_path);
        match (self.format.map(DiffFormatArg::format), named) {
            (Some(f), Some(named)) if f != named => Err(fail(
                2,
                format!(
                    "-f {} contradicts the output's extension .{}; drop one of them",
                    f.extension(),
                    named.extension()
                ),
            )),
            (Some(f), _) | (None, Some(f)) => Ok(f),
            (None, None) => Ok(DiffFormat::Text),
        }
    }

    pub(crate) fn options(&self) -> Result<Options, Failure> {
        let registry = match &self.units {
            Some(path) => Some(Arc::new(load_registry(path)?)),
            None => None,
        };
        Ok(Options {
            registry,
            ..Options::default()
        })
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum EncodingArg {
    #[value(name = "utf-8")]
    Utf8,
    Gb18030,
}

/// Options shared by `convert` and `batch`.
#[derive(Args)]
pub(crate) struct Common {
    /// Output format; by default the one -o's extension names (.json .jsonl .csv .xlsx), else json.
    #[arg(short, long, value_enum)]
    pub(crate) format: Option<FormatArg>,
    /// The year for deadlines that name none (overrides the notice's own year).
    #[arg(long, value_name = "YYYY", value_parser = clap::value_parser!(i16).range(1900..=2200))]
    pub(crate) year: Option<i16>,
    /// Start UTF-8 output with a byte-order mark (Excel needs it for CSV). CSV for people
    /// (`--headers zh` or `--lang zh`) has one unless --no-bom.
    #[arg(long, conflicts_with = "no_bom")]
    pub(crate) bom: bool,
    /// No byte-order mark, even on CSV for people (`--headers zh`, `--lang zh`).
    #[arg(long)]
    pub(crate) no_bom: bool,
    /// Encoding of CSV/JSON output.
    #[arg(long, value_enum, default_value = "utf-8")]
    pub(crate) output_encoding: EncodingArg,
    /// Encoding of text inputs (e.g. gb18030, utf-16le); detected when not given.
    #[arg(long, value_name = "NAME")]
    pub(crate) input_encoding: Option<String>,
    /// A unit registry (TOML) to use instead of the default; `extends = "default"` in the file
    /// adds to the default.
    #[arg(long, value_name = "FILE")]
    pub(crate) units: Option<PathBuf>,
    /// Replace each group (各街道办) by its member units.
    #[arg(long)]
    pub(crate) expand_groups: bool,
    /// The jurisdiction of notices that name none (a bare workbook), e.g. 厦门市湖里区: units
    /// are then named as that government's registry names them.
    #[arg(long, value_name = "NAME")]
    pub(crate) jurisdiction: Option<String>,
    /// Write a Frictionless data package (NAME.datapackage.json) beside every CSV.
    #[arg(long)]
    pub(crate) datapackage: bool,
    /// Also print info-level diagnostics.
    #[arg(short, long, conflicts_with = "quiet")]
    pub(crate) verbose: bool,
    /// Print no diagnostics, only errors that stop a file.
    #[arg(short, long)]
    pub(crate) quiet: bool,
    /// CSV header names: en (`snake_case`, for machines) or zh (Chinese, for people; the file
    /// then starts with a byte-order mark, so that Excel on Chinese Windows reads it as UTF-8).
    #[arg(long, value_enum, default_value = "en")]
    pub(crate) headers: HeadersArg,
    /// CSV: one row per task and unit, the unit and its role in columns of their own.
    #[arg(long)]
    pub(crate) per_unit: bool,
    /// Read scanned PDF pages and images of pages with Tesseract, and fail when it is not
    /// installed; in a batch, images are read only with --ocr. Without either flag, scanned
    /// pages and a single image are read when Tesseract is installed.
    #[arg(long, conflicts_with = "no_ocr")]
    pub(crate) ocr: bool,
    /// Read no page by OCR: a scanned PDF or an image is refused.
    #[arg(long)]
    pub(crate) no_ocr: bool,
    /// Language of what a person reads in CSV values, the workbook and the review page: places
    /// (表1 第2行 or table 1, row 2), deadline kinds, roles, yes/no, diagnostics' messages.
    /// Default zh for the workbook, the review page and --headers zh, en otherwise; with JSON,
    /// zh words the diagnostics' messages; JSON Lines and the database are always en.
    #[arg(long, value_enum)]
    pub(crate) lang: Option<LangArg>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LangArg {
    Zh,
    En,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum HeadersArg {
    En,
    Zh,
}

#[derive(Args)]
pub(crate) struct ConvertArgs {
    /// The notice to convert; `-` reads it from standard input.
    pub(crate) input: PathBuf,
    /// Write here (atomically) instead of standard output; `-` is standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    #[command(flatten)]
    pub(crate) common: Common,
}

#[derive(Args)]
pub(crate) struct BatchArgs {
    /// Files and folders (searched recursively); `-` reads a list of paths from standard input,
    /// one per line.
    #[arg(required = true)]
    pub(crate) inputs: Vec<PathBuf>,
    /// The output folder: one output per notice, mirroring the input tree, and summary.json.
    #[arg(short, long, value_name = "DIR")]
    pub(crate) output: PathBuf,
    /// Also write all tasks of all notices into one file (.csv, .jsonl or .xlsx).
    #[arg(long, value_name = "FILE")]
    pub(crate) combined: Option<PathBuf>,
    /// Also store every converted notice in this `SQLite` database (created when missing; a
    /// notice stored again replaces its rows).
    #[arg(long, value_name = "FILE")]
    pub(crate) sqlite: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(short, long, default_value_t = 0)]
    pub(crate) jobs: usize,
    /// Convert only what changed: an input whose bytes the database (--sqlite), else the
    /// output folder's summary.json, last saw at its path, its output still there, is listed as
    /// unchanged and not converted again. Not with --combined, which holds every notice.
    #[arg(long, conflicts_with = "combined")]
    pub(crate) incremental: bool,
    #[command(flatten)]
    pub(crate) common: Common,
}

impl Common {
    pub(crate) fn options(&self) -> Result<Options, Failure> {
        let registry = match &self.units {
            Some(path) => Some(Arc::new(load_registry(path)?)),
            None => None,
        };
        if let Some(label) = &self.input_encoding
            && encoding_rs::Encoding::for_label(label.as_bytes()).is_none()
        {
            return Err(fail(
                2,
                format!(
                    "unknown --input-encoding {label:?}; expected a label such as utf-8, gb18030, utf-16le"
                ),
            ));
        }
        let jurisdiction = match &self.jurisdiction {
            Some(name) => Some(fenjie::jurisdiction::named(name).ok_or_else(|| {
                fail(
                    2,
                    format!(
                        "--jurisdiction {name:?}: expected a place or office such as 厦门市湖里区"
                    ),
                )
            })?),
            None => None,
        };
        let ocr: Option<Arc<dyn fenjie::ingest::ocr::Engine>> = if self.no_ocr {
            None
        } else {
            match fenjie::ocr::Tesseract::find() {
                Some(tesseract) => Some(Arc::new(tesseract)),
                None if self.ocr => {
                    return Err(fail(
                        2,
                        "--ocr reads pages with Tesseract, which is not installed (Debian: apt install tesseract-ocr tesseract-ocr-chi-sim)",
                    ));
                }
                None => None,
            }
        };
        Ok(Options {
            jurisdiction,
            read: ReadOptions {
                encoding: self.input_encoding.clone(),
                images: ocr.is_some(),
                ocr,
                ..ReadOptions::default()
            },
            year: self.year,
            registry,
            expand_groups: self.expand_groups,
        })
    }

    fn format(&self) -> OutputFormat {
        match self.format {
            Some(FormatArg::Json) | None => OutputFormat::Json,
            Some(FormatArg::Jsonl) => OutputFormat::Jsonl,
            Some(FormatArg::Csv) => OutputFormat::Csv,
            Some(FormatArg::Xlsx) => OutputFormat::Xlsx,
            Some(FormatArg::Sqlite) => OutputFormat::Sqlite,
        }
    }

    /// The format for an output file: `-f`, else what its extension names, else JSON. A `-f`
    /// that contradicts the extension is an error, never a JSON file named `.xlsx`.
    pub(crate) fn format_for(&self, output: Option<&Path>) -> Result<OutputFormat, Failure> {
        let named = output.and_then(OutputFormat::of_path);
        let format = match (self.format, named) {
            (None, Some(named)) => named,
            (Some(_), Some(named)) if named != self.format() => {
                return Err(fail(
                    2,
                    format!(
                        "-f {} contradicts the output's extension .{}; drop one of them",
                        self.format().extension(),
                        named.extension()
                    ),
                ));
            }
            _ => self.format(),
        };
        if self.datapackage && (self.per_unit || matches!(self.headers, HeadersArg::Zh)) {
            return Err(fail(
                2,
                "--datapackage describes the standard CSV columns: use it without --headers zh and --per-unit",
            ));
        }
        if (self.per_unit || matches!(self.headers, HeadersArg::Zh))
            && !matches!(format, OutputFormat::Csv)
        {
            return Err(fail(
                2,
                "--headers and --per-unit shape CSV output: use them with -f csv",
            ));
        }
        if self.lang.is_some() && matches!(format, OutputFormat::Jsonl | OutputFormat::Sqlite) {
            return Err(fail(
                2,
                "--lang words CSV values, the workbook and the messages of JSON diagnostics; JSON Lines and the database are always in English",
            ));
        }
        if matches!(format, OutputFormat::Xlsx | OutputFormat::Sqlite)
            && (self.bom || self.no_bom || matches!(self.output_encoding, EncodingArg::Gb18030))
        {
            return Err(fail(
                2,
                "--bom, --no-bom and --output-encoding are for CSV and JSON text; a workbook has no text encoding",
            ));
        }
        Ok(format)
    }

    /// The shape of CSV rows and the language of CSV values and the workbook, for outputs in
    /// `formats` (a batch's per-notice format and its combined file's).
    pub(crate) fn csv_shape(&self, formats: &[OutputFormat]) -> emit::csv::Shape {
        let for_people =
            matches!(self.headers, HeadersArg::Zh) || formats.contains(&OutputFormat::Xlsx);
        emit::csv::Shape {
            headers: match self.headers {
                HeadersArg::En => emit::csv::Headers::English,
                HeadersArg::Zh => emit::csv::Headers::Chinese,
            },
            per_unit: self.per_unit,
            lang: match (self.lang, for_people) {
                (Some(LangArg::Zh), _) | (None, true) => Lang::Zh,
                (Some(LangArg::En), _) | (None, false) => Lang::En,
            },
        }
    }

    /// The language of a review page's diagnostics: Chinese unless `--lang en`.
    pub(crate) fn review_lang(&self) -> Lang {
        match self.lang {
            Some(LangArg::En) => Lang::En,
            Some(LangArg::Zh) | None => Lang::Zh,
        }
    }

    /// The encoding of text outputs in `formats` (as [`Self::csv_shape`]'s).
    pub(crate) fn encoding(&self, formats: &[OutputFormat]) -> OutputEncoding {
        // CSV for people opens in Excel, which reads UTF-8 without a BOM as the system's code
        // page (mojibake on Chinese Windows). JSON never starts with one unasked (RFC 8259).
        let for_people = (matches!(self.headers, HeadersArg::Zh) || self.lang == Some(LangArg::Zh))
            && formats.contains(&OutputFormat::Csv)
            && !self.no_bom;
        match (self.output_encoding, self.bom || for_people) {
            (EncodingArg::Gb18030, _) => OutputEncoding::Gb18030,
            (EncodingArg::Utf8, true) => OutputEncoding::Utf8Bom,
            (EncodingArg::Utf8, false) => OutputEncoding::Utf8,
        }
    }
}

impl Command {
    /// The folder this command writes in, if any: where an interrupted run's temporary files
    /// are (and a batch's lock).
    pub(crate) fn writes_to(&self) -> Option<PathBuf> {
        let parent = |o: &Path| {
            o.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        };
        match self {
            Command::Convert(a) | Command::Review(a) => a.output.as_deref().map(parent),
            Command::Batch(a) => Some(a.output.clone()),
            Command::Diff(a) if a.old.is_dir() => a.output.clone(),
            Command::Diff(a) => a.output.as_deref().map(parent),
            _ => None,
        }
    }
}

impl Cli {
    /// `-o -` is standard output, as `-` is standard input.
    pub(crate) fn with_stdout_dashes(mut self) -> Cli {
        match &mut self.command {
            Command::Convert(a) | Command::Review(a) => a.output = stdout_dash(a.output.take()),
            Command::Diff(a) => a.output = stdout_dash(a.output.take()),
            _ => {}
        }
        self
    }
}

impl ConvertArgs {
    /// `review` writes one HTML page: the flags that shape a conversion's output do not apply,
    /// and an output named for another format would hold HTML under a wrong name.
    pub(crate) fn refuse_conversion_flags(&self) -> Result<(), Failure> {
        let c = &self.common;
        let given = [
            ("-f", c.format.is_some()),
            ("--bom", c.bom),
            ("--no-bom", c.no_bom),
            (
                "--output-encoding",
                matches!(c.output_encoding, EncodingArg::Gb18030),
            ),
            ("--datapackage", c.datapackage),
            ("--headers", matches!(c.headers, HeadersArg::Zh)),
            ("--per-unit", c.per_unit),
        ];
        if let Some((flag, _)) = given.iter().find(|(_, given)| *given) {
            return Err(fail(
                2,
                format!("review writes one HTML page: {flag} does not apply (use fenjie convert)"),
            ));
        }
        if let Some(format) = self.output.as_deref().and_then(OutputFormat::of_path) {
            return Err(fail(
                2,
                format!(
                    "review writes one HTML page, not .{}: name the output .html",
                    format.extension()
                ),
            ));
        }
        Ok(())
    }
}

/// An output of `-` is standard output.
fn stdout_dash(output: Option<PathBuf>) -> Option<PathBuf> {
    output.filter(|path| path.as_os_str() != "-")
}

/// A failure that ends the command, with its exit code.
pub(crate) struct Failure {
    pub(crate) code: u8,
    pub(crate) message: String,
}

pub(crate) fn fail(code: u8, message: impl Into<String>) -> Failure {
    Failure {
        code,
        message: message.into(),
    }
}

pub(crate) fn load_registry(path: &Path) -> Result<Registry, Failure> {
    fenjie::files::read_registry(path).map_err(|e| fail(2, e))
}
