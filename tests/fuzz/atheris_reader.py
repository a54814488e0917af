"""Coverage-guided fuzzing of the stock table reader with atheris (optional,
outside CI): `make fuzz` runs it when atheris is installed.

Property: any byte string given to the reader yields rows or one TableError.
Run by hand: python3 tests/fuzz/atheris_reader.py -max_total_time=60
"""

import contextlib
import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import odoo.addons  # noqa: E402, F401 - Odoo itself is not instrumented

INSTRUMENTED = [
    "openpyxl",
    "xlrd",
    "odoo.addons.bocp_stock_import",
    "odoo.addons.bocp_number",
]
with atheris.instrument_imports(include=INSTRUMENTED, enable_loader_override=False):
    from tests.fuzz._addons import TableLimits, table_reader

LIMITS = TableLimits(file_mb=1, unpacked_mb=4, rows=200, columns=20, cell_chars=200)


def test_one_input(data):
    with contextlib.suppress(table_reader.TableError):
        table_reader.read_file(data, "", LIMITS)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
