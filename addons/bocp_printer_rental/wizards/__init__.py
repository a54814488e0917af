from . import bocp_reading_wizard
from . import bocp_reading_wizard_line
from . import bocp_quick_process
from . import bocp_billing_wizard
from . import account_move_reversal
