#!/usr/bin/env bash
# Writes fixtures with LibreOffice from the HTML sources in tools/NAME/ into fixtures/NAME/ (NAME:
# layouts, lists, tables or diff): each SOURCE.html into the forms SOURCE.forms lists — Writer for
# .docx and .doc (an <ol> becomes Word's automatic numbering), Calc for .xlsx, and `html` for the
# page itself as a fixture (a notice whose table is written as lines inside its paragraphs is
# read from the page, the .docx and the .doc alike). In tables/, each .xlsx is also saved as
# NAME.xlsx.ods, and a flat OpenDocument source (SOURCE.fods) as SOURCE.ods and SOURCE.ods.xlsx.
# Needs `soffice`
# (apt-get install libreoffice-writer libreoffice-calc). Run from the repository root:
# tools/make-fixtures.sh tables
#
# tools/make-fixtures.sh converted [FORM…] saves every .docx fixture of
# fixtures/{tables,layouts,lists} again as LibreOffice writes it in other formats, beside it:
# NAME.docx.doc (Word 97–2003), NAME.docx.html (HTML export), NAME.docx.txt (text export, UTF-8)
# and NAME.docx.pdf (PDF export; also fixtures/huli-2022.docx.pdf), or only the FORMs named
# (`converted pdf`). The PDF export needs a Chinese font installed (Debian's
# fonts-droid-fallback): without one every Chinese glyph is a missing-glyph box.
# tests/integration/conversions.rs checks that each gives the .docx's records.
set -euo pipefail
name=${1:?usage: tools/make-fixtures.sh layouts|lists|tables|diff|converted [FORM…]}
if [ "$name" = converted ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  shift
  forms=${*:-doc html txt pdf}
  for docx in fixtures/tables/*.docx fixtures/layouts/*.docx fixtures/lists/*.docx fixtures/huli-2022.docx; do
    base=$(basename "$docx" .docx)
    cp "$docx" "$tmp/$base.docx"
    for form in $forms; do
      # The Huli notice is saved as PDF only: its other forms are fixtures of their own.
      if [ "$docx" = fixtures/huli-2022.docx ] && [ "$form" != pdf ]; then
        continue
      fi
      case "$form" in
        doc) soffice --headless --convert-to doc:"MS Word 97" --outdir "$tmp" "$tmp/$base.docx" >/dev/null ;;
        html) soffice --headless --convert-to html:"HTML (StarWriter)" --outdir "$tmp" "$tmp/$base.docx" >/dev/null ;;
        txt) soffice --headless --convert-to "txt:Text (encoded):UTF8" --outdir "$tmp" "$tmp/$base.docx" >/dev/null ;;
        pdf) soffice --headless --convert-to pdf:writer_pdf_Export --outdir "$tmp" "$tmp/$base.docx" >/dev/null ;;
      esac
      cp "$tmp/$base.$form" "$docx.$form"
    done
  done
  exit 0
fi
src=tools/$name
out=fixtures/$name
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A text source (SOURCE.txt) is a notice whose table is written with tabs, as Word keeps them:
# Writer imports it as text for .docx and .doc, the page is LibreOffice's HTML export of that
# .docx (tabs kept in its paragraphs), and the text itself is a fixture too.
for text in "$src"/*.txt; do
  [ -e "$text" ] || continue
  base=$(basename "$text" .txt)
  cp "$text" "$tmp/$base.txt"
  for form in $(cat "$src/$base.forms"); do
    case "$form" in
      docx) soffice --headless --infilter="Text (encoded):UTF8" --convert-to docx:"MS Word 2007 XML" --outdir "$tmp" "$tmp/$base.txt" >/dev/null ;;
      doc) soffice --headless --infilter="Text (encoded):UTF8" --convert-to doc:"MS Word 97" --outdir "$tmp" "$tmp/$base.txt" >/dev/null ;;
      html) soffice --headless --infilter="Text (encoded):UTF8" --convert-to html:"HTML (StarWriter)" --outdir "$tmp" "$tmp/$base.txt" >/dev/null ;;
      txt) ;;
    esac
    cp "$tmp/$base.$form" "$out/$base.$form"
  done
done
for html in "$src"/*.html; do
  base=$(basename "$html" .html)
  cp "$html" "$tmp/$base.html"
  for form in $(cat "$src/$base.forms"); do
    case "$form" in
      docx) soffice --headless --writer --convert-to docx:"MS Word 2007 XML" --outdir "$tmp" "$tmp/$base.html" >/dev/null ;;
      doc) soffice --headless --writer --convert-to doc:"MS Word 97" --outdir "$tmp" "$tmp/$base.html" >/dev/null ;;
      xlsx) soffice --headless --infilter="HTML (StarCalc)" --convert-to xlsx:"Calc MS Excel 2007 XML" --outdir "$tmp" "$tmp/$base.html" >/dev/null ;;
      html) ;;
    esac
    cp "$tmp/$base.$form" "$out/$base.$form"
    # Each workbook of tables/ is also saved as OpenDocument (NAME.xlsx.ods), read as the .xlsx.
    if [ "$name" = tables ] && [ "$form" = xlsx ]; then
      mkdir -p "$tmp/ods"
      soffice --headless --convert-to ods --outdir "$tmp/ods" "$tmp/$base.xlsx" >/dev/null
      cp "$tmp/ods/$base.ods" "$out/$base.xlsx.ods"
    fi
  done
done
# A flat OpenDocument source (SOURCE.fods) is a spreadsheet written by hand: Calc saves it as
# SOURCE.ods, the fixture, and as SOURCE.ods.xlsx, which gives the same records.
for fods in "$src"/*.fods; do
  [ -e "$fods" ] || continue
  base=$(basename "$fods" .fods)
  cp "$fods" "$tmp/$base.fods"
  soffice --headless --convert-to ods --outdir "$tmp" "$tmp/$base.fods" >/dev/null
  soffice --headless --convert-to xlsx:"Calc MS Excel 2007 XML" --outdir "$tmp" "$tmp/$base.fods" >/dev/null
  cp "$tmp/$base.ods" "$out/$base.ods"
  cp "$tmp/$base.xlsx" "$out/$base.ods.xlsx"
done
