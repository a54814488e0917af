"""Import the pure modules of our addons outside an Odoo server.

odoo.addons is a namespace package: adding our addons/ folder to its path is
all the import system needs (no database, no registry).
"""

from pathlib import Path

import odoo.addons

ADDONS = Path(__file__).resolve().parents[2] / "addons"
if str(ADDONS) not in odoo.addons.__path__:
    odoo.addons.__path__.append(str(ADDONS))

from odoo.addons.bocp_number.tools import number_rule  # noqa: E402
from odoo.addons.bocp_stock_import.tools import table_reader  # noqa: E402
from odoo.addons.bocp_stock_import.tools.limits import TableLimits  # noqa: E402

__all__ = ["TableLimits", "number_rule", "table_reader"]
