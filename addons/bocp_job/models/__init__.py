from . import bocp_job
from . import bocp_job_batch
from . import bocp_job_mixin
from . import ir_cron
