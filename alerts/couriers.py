"""Who carries the outbox's notices to people: a registry filled by the app above that sends them.

alerts writes each notice as an Outbox row with a snapshot of what it must say and to whom (alerts.snapshots); the
courier registered here (by that app, from its AppConfig.ready) plans its messages in the same transaction and says
whether anyone can receive an audience. alerts never names the courier, not even by string (core.registry).
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from alerts.choices import Undelivered
from core import registry

if TYPE_CHECKING:
    from alerts.models import Outbox

# Name -> dotted path of a Courier subclass; one app sends, so one entry is expected.
COURIERS: dict[str, str] = {}
# Name -> dotted path of an admin inline shown on an outbox row (the sender's messages of that notice).
OUTBOX_INLINES: dict[str, str] = {}


@dataclass(frozen=True)
class Gap:
    """One audience that reaches nobody, or some of whose agencies reach nobody, and why."""

    audience: str
    problem: str  # "no_recipient" or "no_channel"
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"audience": self.audience, "problem": self.problem, "message": self.message}


class Courier:
    """What alerts asks of the app that sends its notices; without one, nobody can receive anything."""

    def undeliverable(self, audience: str, recipients: list[dict[str, str]]) -> str:
        """Why no message would go to these recipients of the audience (an Undelivered value), or ""."""
        return Undelivered.NO_CHANNEL if recipients else Undelivered.NO_RECIPIENT

    def plan(self, outbox: "Outbox") -> None:
        """Plan the messages of a notice just written, from its snapshot, in the same transaction."""

    def gaps(self) -> list[Gap]:
        """Every audience without a configured channel, and every audience (or agency) without a recipient."""
        return []


def courier() -> Courier:
    """The registered courier (the first, by name), or one that sends nothing."""
    if not COURIERS:
        return Courier()
    return registry.load_class(COURIERS, min(COURIERS), Courier, "courier")()
