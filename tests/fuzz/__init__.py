"""Property tests and fuzzing of what reads untrusted input (hypothesis).

`make test` runs them with the "ci" profile: a bounded number of examples and
a fixed seed (derandomize), so every run checks the same inputs. `make fuzz`
runs them with the "fuzz" profile (random seed, many more examples; the count
is BOCP_FUZZ_EXAMPLES) and, when atheris is installed, the coverage-guided
reader fuzzer of atheris_reader.py.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=200,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("BOCP_FUZZ_EXAMPLES") or 20_000),
    derandomize=False,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    print_blob=True,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or "ci")
