#!/usr/bin/env bash
# Makes the scanned fixtures in fixtures/scans/ from a fixture's PDF, as a scanner would give
# them: the page rendered at 200 dpi in grey (Ghostscript), turned 0.5°, blurred a little and
# saved as JPEG (ImageMagick), then the JPEG wrapped as the only image of a one-page PDF, as a
# scanner's "scan to PDF" writes it. Needs gs and convert (apt-get install ghostscript
# imagemagick) and python3. Run from the repository root: tools/make-scan.sh
set -euo pipefail
source=fixtures/tables/g-merged-goal-task.docx.pdf
out=fixtures/scans/g-merged-goal-task
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p fixtures/scans
gs -q -dSAFER -dBATCH -dNOPAUSE -sDEVICE=pnggray -r200 -dFirstPage=1 -dLastPage=1 \
  -sOutputFile="$tmp/page.png" "$source"
convert "$tmp/page.png" -background white -rotate 0.5 -blur 0x0.7 -quality 80 -strip "$out.jpg"
python3 - "$out.jpg" "$out.jpg.pdf" <<'PY'
# A PDF of one A4 page showing the JPEG (DCTDecode: the JPEG's bytes are the image stream).
import struct, sys
jpeg = open(sys.argv[1], "rb").read()
i, width, height, components = 2, 0, 0, 1
while i < len(jpeg):
    marker, length = jpeg[i + 1], struct.unpack(">H", jpeg[i + 2:i + 4])[0]
    if marker in (0xC0, 0xC1, 0xC2):
        height, width = struct.unpack(">HH", jpeg[i + 5:i + 9])
        components = jpeg[i + 9]
        break
    i += 2 + length
space = "/DeviceGray" if components == 1 else "/DeviceRGB"
page_w, page_h = 595.28, 595.28 * height / width
content = f"q {page_w:.2f} 0 0 {page_h:.2f} 0 0 cm /Im0 Do Q".encode()
objects = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {page_w:.2f} {page_h:.2f}] "
    f"/Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>".encode(),
    f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace {space} "
    f"/BitsPerComponent 8 /Filter /DCTDecode /Length {len(jpeg)} >>\nstream\n".encode() + jpeg + b"\nendstream",
    f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream",
]
out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
offsets = []
for n, body in enumerate(objects, 1):
    offsets.append(len(out))
    out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
xref = len(out)
out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
for o in offsets:
    out += f"{o:010d} 00000 n \n".encode()
out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
open(sys.argv[2], "wb").write(out)
PY
ls -l "$out.jpg" "$out.jpg.pdf"
