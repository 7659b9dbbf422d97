"""Production's static storage (cms.staticstorage) remembers each name's hashed URL
per process, and otherwise behaves as WhiteNoise's manifest storage."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings

from cms.staticstorage import MAX_REMEMBERED, StaticFilesStorage


@pytest.fixture
def storage(tmp_path):
    (tmp_path / "staticfiles.json").write_text(
        json.dumps(
            {
                "paths": {"css/site.css": "css/site.0123abcd.css"},
                "version": "1.1",
                "hash": "x",
            }
        )
    )
    return StaticFilesStorage(location=str(tmp_path), base_url="/static/")


@override_settings(DEBUG=False)
def test_hashed_urls_are_looked_up_once(storage):
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"
    storage.hashed_files["css/site.css"] = "css/site.changed.css"
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"
    # force=True always asks the manifest (collectstatic's own use)
    assert storage.url("css/site.css", force=True) == "/static/css/site.changed.css"


@override_settings(DEBUG=False)
def test_a_name_missing_from_the_manifest_still_fails_and_is_not_remembered(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/nowhere.css")
    assert "css/nowhere.css" not in storage._remembered_urls


@override_settings(DEBUG=False)
def test_the_table_stops_growing(storage):
    for i in range(MAX_REMEMBERED + 50):
        storage.hashed_files[f"x{i}.css"] = f"x{i}.h.css"
        assert storage.url(f"x{i}.css") == f"/static/x{i}.h.css"
    assert len(storage._remembered_urls) == MAX_REMEMBERED


@override_settings(DEBUG=True)
def test_with_debug_the_plain_name_is_served(storage):
    assert storage.url("css/site.css") == "/static/css/site.css"
