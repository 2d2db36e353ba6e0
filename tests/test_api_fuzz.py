"""Schemathesis against the API's own OpenAPI schema: every answer is one the schema
documents (status, content type, body), and no input is a server error."""

from __future__ import annotations

import pytest
import schemathesis
from django.test.client import ClientHandler
from hypothesis import HealthCheck, settings

from tests.factories import ReviewFactory


class DatabaseTestWSGI:
    """Django's test ClientHandler as a WSGI app. Requests run in this thread on the test
    database's connection, inside the test's transaction; the real WSGIHandler would close
    that connection at the end of each request."""

    def __init__(self):
        self.handler = ClientHandler(enforce_csrf_checks=False)

    def __call__(self, environ, start_response):
        response = self.handler(environ)
        headers = [*response.items()]
        headers += [("Set-Cookie", cookie.OutputString()) for cookie in response.cookies.values()]
        start_response(f"{response.status_code} {response.reason_phrase}", headers)
        return [response.content]


# The schema as /api/openapi.json serves it (building it needs no database).
# schemathesis.pytest.from_fixture would load it per test, but reads a node attribute
# pytest 9 no longer has.
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", DatabaseTestWSGI())


@pytest.fixture
def company_with_scores(nipa, publish):
    # The detail operation's example slug is "nipa": with its scores shown, the whole body
    # is checked against the schema.
    publish(*ReviewFactory.create_batch(3, company=nipa))
    return nipa


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=30,  # per operation and phase, with the boundary cases the coverage phase adds
    derandomize=True,  # the same cases on every run, so CI is deterministic
    database=None,
    deadline=None,  # no wall-time limit in a unit test
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_as_its_schema_says(case, company_with_scores):
    # Every built-in check, all on by default: not_a_server_error, status_code_conformance,
    # content_type_conformance, response_schema_conformance, negative_data_rejection,
    # positive_data_acceptance, unsupported_method and the rest. The schema's examples, its
    # boundaries (page 0 and 100,001, page_size 101, q of 51 characters) and fuzzed values,
    # valid and invalid, all run.
    case.call_and_validate()
