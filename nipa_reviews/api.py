"""The read-only JSON API: /api/, its OpenAPI schema at /api/openapi.json, docs at /api/docs."""

from ninja import NinjaAPI

from companies.api import router as companies_router

api = NinjaAPI(
    title="nipa_reviews API",
    version="1",
    description="Company profiles and satisfaction scores computed from published reviews. "
    "Read-only; no author data.",
    urls_namespace="api",
)
api.add_router("/companies/", companies_router)
