"""Hooks for the sector apps that build on IoT data: observers of stored readings and of recorded camera events.

iot knows nothing of the sectors. A sector app registers an observer class in its AppConfig.ready (e.g. the traffic
service folds its detectors' readings into per-segment 5-minute flows); ingestion calls every observer inside the
transaction that stores the batch, so what an observer writes commits, or rolls back, with the readings.
"""

from typing import TYPE_CHECKING

from core.registry import load_class

if TYPE_CHECKING:
    from iot.directory import DeviceInfo
    from iot.models import CameraEvent
    from iot.storage import Stored

# Name -> dotted path of a ReadingObserver subclass; filled by the sector apps' AppConfig.ready.
READING_OBSERVERS: dict[str, str] = {}


class ReadingObserver:
    """Told of the readings a batch stored and of the camera events recorded; does nothing unless overridden."""

    def readings_stored(self, stored: "list[Stored]", devices: "dict[int, DeviceInfo]") -> None:
        """Handle the readings just stored (new ones only: a reading sent twice is offered once)."""

    def camera_event_recorded(self, event: "CameraEvent", alert_created: bool) -> None:
        """Handle a camera event just stored with its alert."""


def register(name: str, dotted_path: str) -> None:
    """Register an observer; the same name registered for another class is a mistake."""
    known = READING_OBSERVERS.get(name)
    if known is not None and known != dotted_path:
        raise ValueError(f"IoT observer {name!r} is already {known}.")
    READING_OBSERVERS[name] = dotted_path


def _observers() -> list[ReadingObserver]:
    return [load_class(READING_OBSERVERS, name, ReadingObserver, "IoT observer")() for name in READING_OBSERVERS]


def readings_stored(stored: "list[Stored]", devices: "dict[int, DeviceInfo]") -> None:
    """Offer the stored readings to every observer (inside the caller's transaction)."""
    if stored:
        for observer in _observers():
            observer.readings_stored(stored, devices)


def camera_event_recorded(event: "CameraEvent", alert_created: bool) -> None:
    """Offer a recorded camera event to every observer (inside the caller's transaction)."""
    for observer in _observers():
        observer.camera_event_recorded(event, alert_created)
