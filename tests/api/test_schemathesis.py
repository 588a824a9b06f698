"""schemathesis over the whole OpenAPI schema: no 5xx, and every response conforms to the schema
(status codes, content types, response bodies); schema-invalid requests are rejected.

Two statuses are configured, nothing else is relaxed:
- Schema-valid requests may get a 422: the schema cannot express cross-field rules (layer k's
  columns equal layer k − 1's neurons, start < stop, one label per row, ...), so 422 is added to
  the statuses the ``positive_data_acceptance`` check accepts.
- 413 (body over MAX_BODY_BYTES) is a rejection, so ``negative_data_rejection`` counts it as one.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings

from app.main import create_app

config = schemathesis.Config.from_dict({
    "checks": {
        "positive_data_acceptance": {"expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "422", "429"]},
        "negative_data_rejection": {"expected-statuses": ["400", "401", "403", "404", "405", "406", "409", "413",
                                                          "415", "422", "428", "429"]},
    },
})
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app(), config=config)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_api(case):
    case.call_and_validate()
