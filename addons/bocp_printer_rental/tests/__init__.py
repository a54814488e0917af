from . import test_printer
from . import test_rental
from . import test_rental_concurrency
from . import test_reading
from . import test_intervention
from . import test_quick_process
from . import test_access
from . import test_tour
