#!/usr/bin/env bash
# Writes the list fixtures with LibreOffice from the HTML sources beside this script: Writer
# turns each <ol> into Word's automatic numbering. Needs `soffice` (apt-get install
# libreoffice-writer). Run from the repository root: tools/lists/make.sh
set -euo pipefail
src=tools/lists
out=fixtures/lists
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for html in "$src"/*.html; do
  base=$(basename "$html" .html)
  cp "$html" "$tmp/$base.html"
  for form in $(cat "$src/$base.forms"); do
    case "$form" in
      docx) soffice --headless --writer --convert-to docx:"MS Word 2007 XML" --outdir "$tmp" "$tmp/$base.html" >/dev/null ;;
      doc) soffice --headless --writer --convert-to doc:"MS Word 97" --outdir "$tmp" "$tmp/$base.html" >/dev/null ;;
    esac
    cp "$tmp/$base.$form" "$out/$base.$form"
  done
done
