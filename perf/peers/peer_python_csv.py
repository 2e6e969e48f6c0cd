"""Peer: Python's csv module splits the tab-separated text and writes the rows as CSV."""
import csv, sys

writer = csv.writer(open("/dev/null", "w", newline=""))
with open(sys.argv[1], encoding="utf-8", newline="") as f:
    for row in csv.reader(f, delimiter="\t"):
        writer.writerow(row)
