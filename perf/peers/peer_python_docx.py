"""Peer: python-docx reads every table of a .docx and writes its rows as CSV (to /dev/null)."""
import csv, sys
import docx

writer = csv.writer(open("/dev/null", "w", newline=""))
for table in docx.Document(sys.argv[1]).tables:
    for row in table.rows:
        writer.writerow([cell.text for cell in row.cells])
