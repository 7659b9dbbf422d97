import io

import pytest


def ensure_wagtail_roots():
    """The page tree root and root collection that Wagtail's migrations create.

    Browser tests run in flushed transactions; on a reused test database the migration
    data may be gone, so recreate it instead of depending on test order.
    """
    from wagtail.models import Collection

    from cms.demo import _tree_root

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return _tree_root()


@pytest.fixture
def wagtail_roots(db):
    return ensure_wagtail_roots()


@pytest.fixture
def home(wagtail_roots):
    """The demo home page at the site root (as `make run` would set it up)."""
    from cms.demo import seed
    from cms.models import HomePage

    seed(io.StringIO())
    return HomePage.objects.get()
