from . import bocp_report_revenue
from . import bocp_report_profitability
from . import report_printer_label
