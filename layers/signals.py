"""What layers tells the apps above it; they subscribe from their AppConfig.ready, so layers never imports them."""

from django.dispatch import Signal

# Sent with slug= once a layer's new data (vector rows or a raster file) is committed and visible to readers;
# alert_rules runs the alert rules reading that layer. A receiver's error reaches the import's caller, after the commit.
data_changed = Signal()


def send_data_changed(slug: str) -> None:
    """Tell the subscribers that the layer's new data is committed; call it from transaction.on_commit."""
    data_changed.send(sender=None, slug=slug)
