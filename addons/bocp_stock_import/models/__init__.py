from . import bocp_stock_import
from . import bocp_stock_import_line
from . import bocp_stock_import_checker
from . import stock_move
from . import res_config_settings
from . import bocp_stock_import_job
