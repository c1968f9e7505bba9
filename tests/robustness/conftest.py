"""Hypothesis profiles for the robustness tests.

``FEATUREDOC_FUZZ_PROFILE`` selects one:

* ``ci`` (default): a few hundred examples per property, so the default
  suite's fuzz tests stay within seconds;
* ``fuzz``: the long run (20,000 examples per property) of the dedicated
  job, ``.ci/fuzz``, which also selects the tests marked ``fuzz``;
* ``dev``: a quick look while editing.

``FEATUREDOC_FUZZ_EXAMPLES`` overrides the number of examples of any profile.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,
    "suppress_health_check": [
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
    "print_blob": True,
}

settings.register_profile("ci", max_examples=100, derandomize=True, **_COMMON)
settings.register_profile("dev", max_examples=20, **_COMMON)
settings.register_profile("fuzz", max_examples=20_000, **_COMMON)
_profile = os.environ.get("FEATUREDOC_FUZZ_PROFILE", "ci")
if os.environ.get("FEATUREDOC_FUZZ_EXAMPLES"):
    settings.register_profile(
        "override",
        settings.get_profile(_profile),
        max_examples=int(os.environ["FEATUREDOC_FUZZ_EXAMPLES"]),
    )
    _profile = "override"
settings.load_profile(_profile)
