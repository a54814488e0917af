from . import test_job
from . import test_job_workers
