"""The limits a stock table must respect before it is read.

Each one is a setting (Inventory settings, *Stock Import*; stored as a system
parameter) whose default fits real initial-stock tables: a shop with 20,000
products fills a 2 MB .xlsx of 10 columns. The row limit keeps a whole import
under a worker's memory limit (limit_memory_soft, 2 GiB of virtual memory):
checked and confirmed in one transaction, 99,999 rows went past 2.2 GiB
(tests/bench/bench_stock_import_memory.py), so the default is half of that. Checked before the content is read, so a
hostile file costs no more memory than the limits allow (README "Limits").
"""

from dataclasses import dataclass, fields

MB = 1024 * 1024


@dataclass(frozen=True)
class TableLimits:
    file_mb: int = 20  # size of the uploaded file (or of the pasted text)
    unpacked_mb: int = 100  # .xlsx: uncompressed size of all its members
    ratio: int = 100  # .xlsx: uncompressed / compressed size of a member
    rows: int = 50_000  # rows of the table, header included
    columns: int = 50  # columns up to the last filled cell of a row
    cell_chars: int = 1_000  # characters in one cell

    @property
    def file_bytes(self):
        return self.file_mb * MB

    @property
    def unpacked_bytes(self):
        return self.unpacked_mb * MB

    @classmethod
    def parameter_key(cls, name):
        return f"bocp_stock_import.limit_{name}"

    @classmethod
    def from_parameters(cls, get_param):
        """The limits set in the system parameters (``get_param(key)``); a
        missing, non-numeric or non-positive value keeps the default."""
        values = {}
        for field in fields(cls):
            raw = (get_param(cls.parameter_key(field.name)) or "").strip()
            if raw.isascii() and raw.isdigit() and 0 < int(raw) <= 10**9:
                values[field.name] = int(raw)
        return cls(**values)
