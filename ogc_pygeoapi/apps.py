import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OgcPygeoapiConfig(AppConfig):
    name = "ogc_pygeoapi"
    verbose_name = _("OGC API Coverages and EDR (pygeoapi)")

    def ready(self) -> None:
        from core.registry import register
        from ogc_api.contributors import DOCUMENT_CONTRIBUTORS

        # pygeoapi logs every refused request (a 400) at ERROR with its traceback; django.request already logs
        # each 4xx and 5xx answer, and a fault in pygeoapi surfaces there as a 500 with its traceback.
        logging.getLogger("pygeoapi").setLevel(logging.CRITICAL)
        # ogc_api's conformance, collection and OpenAPI documents list Coverages and EDR too.
        register(DOCUMENT_CONTRIBUTORS, "coverages-edr", "ogc_pygeoapi.documents.CoveragesAndEdr", "OGC document part")
