"""Peer: python-calamine reads the first sheet (bare read, nothing written)."""
import sys
from python_calamine import CalamineWorkbook

CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
