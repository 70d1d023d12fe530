"""The courier alerts calls when it queues a notice (alerts.couriers): plan its messages, say who cannot get them."""

from alerts.api import Courier, Gap, Outbox
from delivery import audiences, planning


class DeliveryCourier(Courier):
    """Plans one message per recipient per channel from the Outbox row alone; the worker sends them."""

    def undeliverable(self, audience: str, recipients: list[dict[str, str]]) -> str:
        return planning.undeliverable(audience, recipients)

    def plan(self, outbox: Outbox) -> None:
        planning.plan(outbox)

    def gaps(self) -> list[Gap]:
        return audiences.gaps()
