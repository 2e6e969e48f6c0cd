#!/usr/bin/env bash
# Writes the table-shape fixtures with LibreOffice from the HTML sources beside this script:
# Writer for .docx, Calc for .xlsx. Needs `soffice` (apt-get install libreoffice-writer
# libreoffice-calc). Run from the repository root: tools/tables/make.sh
set -euo pipefail
src=tools/tables
out=fixtures/tables
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for html in "$src"/*.html; do
  base=$(basename "$html" .html)
  cp "$html" "$tmp/$base.html"
  for form in $(cat "$src/$base.forms"); do
    case "$form" in
      docx) soffice --headless --writer --convert-to docx:"MS Word 2007 XML" --outdir "$tmp" "$tmp/$base.html" >/dev/null ;;
      xlsx) soffice --headless --infilter="HTML (StarCalc)" --convert-to xlsx:"Calc MS Excel 2007 XML" --outdir "$tmp" "$tmp/$base.html" >/dev/null ;;
    esac
    cp "$tmp/$base.$form" "$out/$base.$form"
  done
done
