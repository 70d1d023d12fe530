"""The schools as an exposure input of spatial rules (alert_rules.api.FEATURE_SOURCES, source "schools").

Spec: {"source": "schools", "levels": ["primary", …] (optional), "ownership": "public" (optional)}. Population is
the school's enrolment, so an alert says how many pupils are exposed.
"""

import datetime

from django.utils.translation import gettext as _

from alert_rules.api import Features, FeatureSource, LandUseFeatures
from sectors.education.models import School


class SchoolFeatures(FeatureSource):
    def validate(self) -> None:
        levels = self.spec.get("levels")
        if levels is not None and (
            not isinstance(levels, list) or not levels or any(level not in School.Level.values for level in levels)
        ):
            raise self.fail(_("'levels' lists school levels among: %(levels)s.")
                            % {"levels": ", ".join(School.Level.values)})  # fmt: skip
        ownership = self.spec.get("ownership")
        if ownership is not None and ownership not in School.Ownership.values:
            raise self.fail(_("'ownership' is one of: %(values)s.") % {"values": ", ".join(School.Ownership.values)})

    def features(self, on_date: datetime.date) -> Features:
        self.validate()
        schools = School.objects.all()
        if levels := self.spec.get("levels"):
            schools = schools.filter(level__in=levels)
        if ownership := self.spec.get("ownership"):
            schools = schools.filter(ownership=ownership)
        return LandUseFeatures.subquery(schools, "enrolment", _("schools"))

    def layer_slugs(self) -> set[str]:
        from sectors.education.layer import SLUG

        return {SLUG}  # a change to the register (tracked by the layer's trigger) runs the rule again
