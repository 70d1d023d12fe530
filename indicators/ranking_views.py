"""The public page of administrative procedure results: /indicators/procedures/ranking/ (no sign-in)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from indicators import periods, ranking

SPAN_LABELS = {"month": _("Last month"), "quarter": _("Last 3 months"), "year": _("Last 12 months")}


@require_safe
def public_ranking(request: HttpRequest) -> HttpResponse:
    """On-time rates by agency and by commune, ranked best first, for the period chosen."""
    key = request.GET.get("span", "month")
    key = key if key in ranking.SPANS else "month"
    start, end = ranking.span(timezone.localdate(), key)
    context = {
        "spans": [(value, label, value == key) for value, label in SPAN_LABELS.items()],
        "start_label": periods.label(periods.MONTH, start), "end_label": periods.label(periods.MONTH, end),
        "agencies": ranking.by_agency(start, end), "communes": ranking.by_commune(start, end),
    }  # fmt: skip
    return render(request, "indicators/public_ranking.html", context)
