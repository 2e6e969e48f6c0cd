//! Encodings decided as a browser decides them (WHATWG): a byte-order mark first, then the
//! `<meta>` pre-scan of the first 1,024 bytes (tags only: not text, comments or scripts), then
//! the content, where UTF-8 with a stray bad byte is still UTF-8.

use fenjie::Options;

const TABLE: &str = "<table><tr><td>工作任务</td><td>工作要求</td><td>责任单位</td><td>时限</td></tr>\
<tr><td>一、加强监管</td><td>落实责任</td><td>司法局</td><td>2022年12月底前</td></tr></table>";

fn page(head: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head>{head}</head><body><p>关于印发方案的通知</p>{TABLE}</body></html>"
    )
}

fn read(bytes: &[u8]) -> fenjie::Report {
    fenjie::convert("page.html", bytes, &Options::default()).unwrap()
}

fn decoded_as(report: &fenjie::Report) -> &str {
    &report
        .diagnostics
        .iter()
        .find(|d| d.code == fenjie::Code::Encoding)
        .unwrap()
        .message
}

#[test]
fn a_meta_saying_utf16_on_utf8_bytes_reads_as_utf8() {
    let report = read(page(r#"<meta charset="utf-16">"#).as_bytes());
    assert_eq!(report.tasks[0].requirement, "落实责任");
    assert!(
        decoded_as(&report).contains("UTF-8"),
        "{}",
        decoded_as(&report)
    );
}

#[test]
fn charset_in_a_comment_a_script_or_the_text_is_not_a_declaration() {
    for head in [
        r#"<!-- <meta charset="big5"> --><meta charset="gbk">"#,
        r#"<script>var s = '<meta charset="big5">';</script><meta charset="gbk">"#,
        r#"<title>charset=big5</title><meta http-equiv="Content-Type" content="text/html; charset=gbk">"#,
    ] {
        let text = page(head);
        let (bytes, _, _) = encoding_rs::GB18030.encode(&text);
        let report = read(&bytes);
        assert_eq!(report.tasks[0].requirement, "落实责任", "{head}");
        assert!(
            decoded_as(&report).contains("gb18030"),
            "{head}: {}",
            decoded_as(&report)
        );
    }
}

#[test]
fn a_utf16_page_with_a_byte_order_mark_is_read() {
    let text = page(r#"<meta charset="gbk">"#);
    for (bom, bytes) in [
        (
            vec![0xFF, 0xFE],
            text.encode_utf16()
                .flat_map(u16::to_le_bytes)
                .collect::<Vec<_>>(),
        ),
        (
            vec![0xFE, 0xFF],
            text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        ),
    ] {
        let all = [bom, bytes].concat();
        let report = read(&all);
        assert_eq!(report.tasks[0].requirement, "落实责任");
    }
}

#[test]
fn one_bad_byte_in_an_undeclared_utf8_page_spoils_only_itself() {
    let mut bytes = page("").into_bytes();
    let at = bytes.windows(3).position(|w| w == "关".as_bytes()).unwrap();
    bytes[at] = 0xFF;
    let report = read(&bytes);
    assert_eq!(report.tasks[0].requirement, "落实责任");
    let bad = report
        .diagnostics
        .iter()
        .find(|d| d.code == fenjie::Code::InvalidEncoding)
        .expect("the bad byte is reported");
    assert!(
        bad.message.contains("UTF-8") && bad.message.contains("--input-encoding"),
        "{}",
        bad.message
    );
}

#[test]
fn one_bad_byte_in_an_undeclared_utf8_text_spoils_only_itself() {
    let text = "工作任务\t工作要求\t责任单位\t时限\n一、加强监管\t落实责任\t司法局\t2022年12月底前\n二、推进公开\t公开信息\t财政局\t持续推进\n";
    let mut bytes = text.as_bytes().to_vec();
    bytes[0] = 0xFF;
    let report = fenjie::convert("n.txt", &bytes, &Options::default()).unwrap();
    assert_eq!(report.tasks[1].requirement, "公开信息");
    assert!(
        report
            .diagnostics
            .iter()
            .any(|d| d.code == fenjie::Code::InvalidEncoding),
        "{:?}",
        report.diagnostics
    );
}
