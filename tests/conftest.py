import os

import pytest
from hypothesis import settings


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True
    return settings


# CI runs the property-based tests with a fixed seed, so a red build is reproducible and a
# green one is not luck; developers' runs keep exploring new examples.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
