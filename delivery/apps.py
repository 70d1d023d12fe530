from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import registry


class DeliveryConfig(AppConfig):
    name = "delivery"
    verbose_name = _("Message delivery")

    def ready(self) -> None:
        from alerts.api import COURIERS, OUTBOX_INLINES
        from delivery import audiences  # noqa: F401  (registers the check of audiences nobody can receive)

        # alerts queues the notices and calls its courier; it never names this app (alerts.couriers).
        registry.register(COURIERS, "delivery", "delivery.courier.DeliveryCourier", "courier")
        registry.register(OUTBOX_INLINES, "deliveries", "delivery.admin.DeliveryInline", "outbox inline")
