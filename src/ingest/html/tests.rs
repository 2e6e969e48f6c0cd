use encoding_rs::GB18030;

use super::*;

fn read_str(page: &str) -> Result<Document, Error> {
    read(page.as_bytes(), &ReadOptions::default())
}

/// The page's first table, or the error a page without one gives.
fn first_grid(doc: &Document) -> Result<&crate::grid::Grid, Error> {
    doc.grids().next().ok_or_else(|| {
        Error::from(crate::error::ErrorKind::NoTaskTable {
            seen: "the page has no table".to_string(),
            tables_seen: false,
        })
    })
}

/// The page's first body paragraph, or the error an empty page gives.
fn first_paragraph(doc: &Document) -> Result<&Paragraph, Error> {
    doc.paragraphs()
        .next()
        .ok_or_else(|| Error::from(crate::error::ErrorKind::Empty))
}

#[test]
fn pages_are_recognised_by_their_markup() {
    assert!(is_html(b"<!DOCTYPE html><html><body></body></html>"));
    assert!(is_html(
        b"\xEF\xBB\xBF\n  <html lang=\"zh\"><body>x</body></html>"
    ));
    assert!(!is_html("工作任务\t工作要求\n<p>一</p>".as_bytes()));
}

#[test]
fn the_article_is_read_without_the_sites_chrome() -> Result<(), Error> {
    let page = r##"<html><head><meta charset="utf-8"><title>t</title><script>var x = "工作任务";</script></head><body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>
<div class="article"><h1>关于印发方案的通知</h1><p>当前位置：首页 &gt; 通知公告</p><p>发布时间：2023-03-01 浏览次数：100</p>
<p>一、重点任务</p><p>1.优化服务。（区发改局牵头）</p>
<table><tr><th>工作任务</th><th>责任单位</th></tr><tr><td rowspan="2">一、公开<br>政策</td><td>司法局</td></tr><tr><td>财政局</td></tr></table></div>
<div class="footer">版权所有：某区人民政府 <a href="#">网站地图</a></div></body></html>"##;
    let doc = read_str(page)?;
    let texts: Vec<&str> = doc.paragraphs().map(|p| p.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "关于印发方案的通知",
            "一、重点任务",
            "1.优化服务。（区发改局牵头）"
        ]
    );
    let grid = first_grid(&doc)?;
    assert_eq!(grid.rows.len(), 3);
    assert_eq!(grid.rows[1].cells[0].value.text(), "一、公开\n政策");
    assert_eq!(grid.value(2, 0).text(), "一、公开\n政策");
    assert!(grid.rows[2].cells[0].is_covered());
    assert!(grid.rows[2].cells[0].value.is_blank());
    assert_eq!(grid.rows[2].cells[1].value.text(), "财政局");
    Ok(())
}

#[test]
fn chrome_in_traditional_script_is_chrome_too_and_kept_apart() -> Result<(), Error> {
    let page = r#"<html><head><meta charset="utf-8"></head><body><div class="article">
<p>當前位置：首頁 &gt; 政務公開</p><p>發佈時間：2023-03-01 來源：某某縣教育局</p>
<h1>關於印發方案的通知</h1><p>一、重點任務</p><p>【列印本頁】</p><p>列印本頁</p><p>【關閉】</p></div></body></html>"#;
    let doc = read_str(page)?;
    let texts: Vec<&str> = doc.paragraphs().map(|p| p.text.as_str()).collect();
    assert_eq!(texts, ["關於印發方案的通知", "一、重點任務"]);
    let chrome: Vec<&str> = doc.chrome.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        chrome,
        [
            "當前位置：首頁 > 政務公開",
            "發佈時間：2023-03-01 來源：某某縣教育局",
            "【列印本頁】",
            "列印本頁",
            "【關閉】"
        ]
    );
    Ok(())
}

#[test]
fn a_rowspan_stops_at_the_tables_last_row() -> Result<(), Error> {
    let page = r#"<html><body><table><tr><td rowspan="1000" colspan="2">一</td><td>二</td></tr><tr><td>三</td></tr></table></body></html>"#;
    let doc = read_str(page)?;
    let grid = first_grid(&doc)?;
    assert_eq!(grid.rows.len(), 2);
    assert_eq!(
        grid.rows[0].cells[0].merge,
        Merge::Anchor { rows: 2, cols: 2 }
    );
    assert_eq!(grid.value(1, 1).text(), "一");
    assert_eq!(grid.value(1, 2).text(), "三");
    let zero = r#"<html><body><table><tr><td rowspan="0">一</td><td>二</td></tr><tr><td>三</td></tr><tr><td>四</td></tr></table></body></html>"#;
    let doc = read_str(zero)?;
    let grid = first_grid(&doc)?;
    assert_eq!(grid.value(2, 0).text(), "一");
    assert_eq!(grid.value(2, 1).text(), "四");
    Ok(())
}

#[test]
fn line_breaks_in_pre_are_kept() -> Result<(), Error> {
    let page = "<html><body><pre>1.推进改革，6月底前\n2.优化营商环境，年底前</pre><table><tr><td><pre>甲\n乙</pre></td><td>丙</td></tr></table></body></html>";
    let doc = read_str(page)?;
    let texts: Vec<&str> = doc.paragraphs().map(|p| p.text.as_str()).collect();
    assert_eq!(texts, ["1.推进改革，6月底前", "2.优化营商环境，年底前"]);
    assert_eq!(first_grid(&doc)?.value(0, 0).text(), "甲\n乙");
    Ok(())
}

#[test]
fn scripts_and_comments_do_not_count_as_nesting() {
    let script = "<script>for (var i=0;i<n;i++) { if (a<b) {} }</script>".repeat(500);
    let page =
        format!("<!DOCTYPE html><html><!-- x --><body>{script}<p>责任单位</p></body></html>");
    assert!(nesting(&page, 256).is_ok());
    assert!(nesting(&"<div>".repeat(300), 256).is_err());
}

#[test]
fn a_declared_gb2312_page_is_decoded() -> Result<(), Error> {
    let (bytes, _, _) = GB18030.encode(
        r#"<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><p>责任单位</p></body></html>"#,
    );
    let doc = read(&bytes, &ReadOptions::default())?;
    assert_eq!(first_paragraph(&doc)?.text, "责任单位");
    Ok(())
}

#[test]
fn white_space_reads_as_a_browser_shows_it_with_tabs_and_nbsp_kept() -> Result<(), Error> {
    let page = "<html><body><p>燃气场所\t1月份\t镇安监站</p>\n<p>序号&nbsp;&nbsp;工作任务</p>\n<p>\n\t\t一、重点\n\t\t任务  安排\n</p></body></html>";
    let doc = read_str(page)?;
    let texts: Vec<&str> = doc.paragraphs().map(|p| p.text.as_str()).collect();
    // A tab between words on one source line sets cells apart; each &nbsp; is a space of its
    // own; indentation and line breaks of the source are one space.
    assert_eq!(
        texts,
        [
            "燃气场所\t1月份\t镇安监站",
            "序号  工作任务",
            "一、重点 任务 安排"
        ]
    );
    Ok(())
}
