import io

import pytest


@pytest.fixture
def home(db):
    """The demo home page at the site root (as `make run` would set it up)."""
    from cms.demo import seed
    from cms.models import HomePage

    seed(io.StringIO())
    return HomePage.objects.get()
