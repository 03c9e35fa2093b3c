"""The HTTP API fuzzed from its own OpenAPI schema (schemathesis): whatever the parameters and bodies,
the server answers without a 5xx. It runs on its own server and copy of the database, since fuzzed
POSTs store articles."""

from __future__ import annotations

import shutil

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from web_fixtures import start_server

from tidings.api.app import create_app
from tidings.api.database import Database
from tidings.ontology import load_ontology

# Per operation; with the 13 operations of /api/v1 that is a few hundred requests.
EXAMPLES_PER_OPERATION = 30


@pytest.fixture(scope="module")
def fuzzed_server(web_db, tmp_path_factory, tidings_pipeline):
    copy = tmp_path_factory.mktemp("fuzzed") / "fuzzed.duckdb"
    shutil.copy(web_db, copy)
    server = start_server(copy, tidings_pipeline)
    yield server
    server.stop()


def api_schema() -> dict:
    """The OpenAPI schema the server publishes, from an app over an empty in-memory database."""
    database = Database.open(":memory:")
    try:
        return create_app(database, ontology=load_ontology()).openapi()
    finally:
        database.close()


schema = schemathesis.openapi.from_dict(api_schema())


@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_gets_a_server_error(case, fuzzed_server):
    response = case.call_and_validate(base_url=fuzzed_server.url, checks=[not_a_server_error])
    assert response.status_code < 500
