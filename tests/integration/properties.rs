//! Properties over generated input: the parsers never panic on any string, cleaning is
//! idempotent, and CSV output read back equals the records.

use proptest::prelude::*;

use fenjie::normalize::{deadline, units};
use fenjie::syntax::units::RoleHint;
use fenjie::text;
use fenjie::{Options, outline, records};

/// Strings drawn from the characters notices are made of, plus anything at all.
fn notice_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[一二三四五六七八九十百零〇两0-9０-９年月日底前末内上下中旬季度半每周长期持续推进按要求、，。；：（）()<>/ \\t\\np牵头配合负责区市局办委街道各有关单位司法财政]{0,40}",
        any::<String>(),
    ]
}

/// The `content.xml` of `fixtures/tables/q-merged-section.ods`, as `LibreOffice` wrote it.
fn ods_content() -> &'static [u8] {
    static CONTENT: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    CONTENT.get_or_init(|| {
        let bytes =
            std::fs::read(crate::common::fixture_path("tables/q-merged-section.ods")).unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut content = Vec::new();
        std::io::Read::read_to_end(&mut archive.by_name("content.xml").unwrap(), &mut content)
            .unwrap();
        content
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn deadline_parsing_never_panics(s in notice_text(), year in proptest::option::of(-5000i16..5000)) {
        let phrase = deadline::parse(&s);
        let (d, _) = deadline::resolve(Some(s.clone()), &phrase, year);
        // A date only ever comes with kind `due`.
        prop_assert!(d.date.is_none() || d.kind == deadline::DeadlineKind::Due);
    }

    #[test]
    fn unit_parsing_never_panics(s in notice_text()) {
        let registry = units::Registry::default_registry();
        for hint in [RoleHint::InText, RoleHint::Lead, RoleHint::Cooperate] {
            for m in units::mentions(&s, hint) {
                prop_assert!(!m.raw.is_empty());
                let found = registry.resolve(&m, true).units();
                prop_assert!(!found.is_empty());
            }
        }
    }

    #[test]
    fn numbering_never_panics(s in notice_text()) {
        let _ = outline::heading(&s);
        let _ = outline::item_number(&s);
        let _ = outline::chinese_number(&s);
        let _ = records::segments(&s);
    }

    #[test]
    fn cleaning_is_idempotent(s in notice_text()) {
        let once = text::clean(&s);
        prop_assert_eq!(text::clean(&once), once.clone());
        prop_assert_eq!(once.trim(), once.as_str());
    }

    #[test]
    fn reading_any_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = fenjie::convert("x", &bytes, &Options::default());
    }

    #[test]
    fn an_ods_whose_content_is_cut_into_anywhere_converts_or_fails_cleanly(
        at in 0.0f64..1.0,
        cut in 0usize..64,
        insert in prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..24),
            proptest::sample::select(vec![
                br#" table:number-columns-repeated="4294967296""#.to_vec(),
                br#" table:number-rows-repeated="18446744073709551615""#.to_vec(),
                br#" table:number-rows-spanned="99999999999""#.to_vec(),
                br#"<table:covered-table-cell table:number-columns-repeated="3"/>"#.to_vec(),
                br#"<table:table-row table:number-rows-repeated="1000000000"><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>"#.to_vec(),
                b"<text:s text:c=\"-1\"/>".to_vec(),
                b"</table:table>".to_vec(),
                b"<table:table table:name=\"b\">".to_vec(),
            ]),
        ],
    ) {
        let mut content = ods_content().to_vec();
        let start = ((content.len() as f64) * at) as usize;
        let end = (start + cut).min(content.len());
        content.splice(start..end, insert);
        let bytes = crate::common::zip(&[
            ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet".as_slice()),
            ("content.xml", &content),
        ]);
        let _ = fenjie::convert("x.ods", &bytes, &Options::default());
    }

    #[test]
    fn any_table_text_converts_or_fails_cleanly(rows in proptest::collection::vec(proptest::collection::vec(notice_text(), 1..6), 0..8)) {
        let mut text = String::from("工作任务\t工作要求\t责任单位\t时限\n");
        for row in &rows {
            text.push_str(&row.iter().map(|c| c.replace(['\t', '\n', '\r'], " ")).collect::<Vec<_>>().join("\t"));
            text.push('\n');
        }
        if let Ok(report) = fenjie::convert("x.txt", text.as_bytes(), &Options::default()) {
            let value = serde_json::to_value(&report).unwrap();
            prop_assert!(fenjie::validate::check(&value).is_ok(), "{:?}", fenjie::validate::check(&value));
            prop_assert!(fenjie::validate::report(&report).is_ok());
            prop_assert!(!report.diagnostics.iter().any(|d| d.code == fenjie::Code::CellUnaccounted), "{:?}", report.diagnostics);
        }
    }

    #[test]
    fn csv_read_back_equals_the_records(rows in proptest::collection::vec(proptest::collection::vec(notice_text(), 4), 1..8)) {
        let mut text = String::from("工作任务\t工作要求\t责任单位\t时限\n");
        for row in &rows {
            text.push_str(&row.iter().map(|c| c.replace(['\t', '\n', '\r'], " ")).collect::<Vec<_>>().join("\t"));
            text.push('\n');
        }
        let Ok(report) = fenjie::convert("x.txt", text.as_bytes(), &Options::default()) else {
            return Ok(());
        };
        let mut out = Vec::new();
        fenjie::emit::csv::write(std::slice::from_ref(&report), false, Default::default(), &mut out).unwrap();
        let mut reader = csv::Reader::from_reader(out.as_slice());
        let read: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect();
        let want: Vec<Vec<String>> = report
            .tasks
            .iter()
            .map(|t| fenjie::emit::csv::row(t, fenjie::emit::lang::Lang::En).iter().map(|f| fenjie::emit::csv::guard(f).into_owned()).collect())
            .collect();
        prop_assert_eq!(read, want);
    }

    /// The run-time check (each distinct task shape once) finds exactly what validating the
    /// whole document as one JSON value finds, with a task broken in one of the ways the types
    /// allow and the schema forbids.
    #[test]
    fn shape_checking_finds_what_the_whole_document_check_finds(
        rows in proptest::collection::vec(proptest::collection::vec(notice_text(), 4), 1..8),
        victim in any::<prop::sample::Index>(),
        breakage in 0..6usize,
    ) {
        let mut text = String::from("工作任务\t工作要求\t责任单位\t时限\n");
        for row in &rows {
            text.push_str(&row.iter().map(|c| c.replace(['\t', '\n', '\r'], " ")).collect::<Vec<_>>().join("\t"));
            text.push('\n');
        }
        let Ok(mut report) = fenjie::convert("x.txt", text.as_bytes(), &Options::default()) else {
            return Ok(());
        };
        if report.tasks.is_empty() {
            return Ok(());
        }
        let at = victim.index(report.tasks.len());
        let task = &mut report.tasks[at];
        match breakage {
            0 => task.seq = 0,
            1 => task.source = String::new(),
            2 => task.leaders.push(String::new()),
            3 => task.deadline.period = Some(fenjie::Period::Monthly),
            4 => task.deadline.date = jiff::civil::Date::new(2022, 1, 1).ok(),
            _ => task.number = Some(0),
        }
        let whole = fenjie::validate::check(&serde_json::to_value(&report).unwrap());
        prop_assert_eq!(fenjie::validate::report(&report), whole);
    }
}
