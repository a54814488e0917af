from . import (
    test_access,
    test_check,
    test_concurrency,
    test_confirm,
    test_guard,
    test_hostile_input,
    test_http,
    test_job,
    test_reader,
    test_values,
)
