"""A listening vendor's export (CSV, XLSX or JSON) through the datahub: target "listening_mentions".

Columns: url, title, published_at (ISO 8601 or dd/mm/yyyy hh:mm, Vietnam time when no offset), source, excerpt,
author (the last three optional). Each row is checked on its own and a file with a bad row is refused whole with
the row, column and fix named (datahub.validation); good rows then go through the same intake as feeds and the
staff form, so a vendor's copy of a mention already stored is not stored twice.
"""

import datetime
import zoneinfo
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from datahub.models import Delivery
from datahub.targets import CleanRow, Counts, Field, Target
from sectors.listening import dedup
from sectors.listening.intake import MentionData, record
from sectors.listening.models import Mention

VIETNAM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
DAY_FIRST = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y")


def parse_time(text: str) -> datetime.datetime:
    """Read an ISO 8601 or day-first Vietnamese date and time; raise ValueError saying the accepted forms."""
    text = text.strip()
    value: datetime.datetime | None = None
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        for pattern in DAY_FIRST:
            try:
                value = datetime.datetime.strptime(text, pattern)  # the zone is set below
                break
            except ValueError:
                continue
    if value is None:
        raise ValueError(_("'%(text)s' is no date and time; write 2026-12-07T08:30+07:00 or 07/12/2026 08:30")
                         % {"text": text[:40]})  # fmt: skip
    return value if value.tzinfo else value.replace(tzinfo=VIETNAM)


class VendorMentions(Target):
    fields = (
        Field("url", gettext_lazy("URL"), aliases=("link", "duong_dan", "url_bai_viet")),
        Field("title", gettext_lazy("title"), aliases=("tieu_de", "headline")),
        Field("published_at", gettext_lazy("published at"),
              aliases=("thoi_gian", "ngay_dang", "published", "date", "time")),
        Field("source", gettext_lazy("source"), required=False, aliases=("nguon", "site", "trang")),
        Field("excerpt", gettext_lazy("excerpt"), required=False, aliases=("noi_dung", "tom_tat", "content", "text")),
        Field("author", gettext_lazy("author"), required=False, aliases=("tac_gia", "nguoi_dang")),
    )  # fmt: skip

    def check_row(self, values: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        problems: list[tuple[str, str]] = []
        url = str(values["url"] or "").strip()
        if not url.startswith(("http://", "https://")) or not dedup.url_key(url):
            problems.append(("url", _("'%(url)s' is no web address; give the full link starting with https://.")
                             % {"url": url[:80]}))  # fmt: skip
        try:
            values["published_at"] = parse_time(str(values["published_at"] or ""))
        except ValueError as exc:
            problems.append(("published_at", str(exc) + "."))
        if len(str(values["title"] or "")) > 500:
            problems.append(("title", _("the title is longer than 500 characters; shorten it.")))
        values["url"] = url
        return values, problems

    def key(self, values: dict[str, Any]) -> tuple[Any, ...]:
        return (dedup.url_key(values["url"]),)

    def describe_key(self, values: dict[str, Any]) -> str:
        return values["url"]

    def store(self, delivery: Delivery, rows: list[CleanRow]) -> Counts:
        counts = Counts()
        for row in rows:
            values = row.values
            mention, created = record(MentionData(
                channel=Mention.Channel.VENDOR, source=values["source"] or "", url=values["url"],
                title=values["title"], excerpt=values["excerpt"] or "", author=values["author"] or "",
                published_at=values["published_at"],
            ))  # fmt: skip
            if created:
                Mention.objects.filter(pk=mention.pk).update(delivery=delivery, source_row=row.source.number)
                counts.created += 1
                counts.changed.append(mention)
            else:
                counts.unchanged += 1
        return counts
