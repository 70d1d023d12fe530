"""Registries: a dict of name -> dotted path, for things that come in kinds; load one entry by name.

A registry lives in the app that reads it; an app above adds its own entries with register() from its
AppConfig.ready, so the lower app never names the higher one, not even by string (docs/ARCHITECTURE.md, *Layers*).
"""

from collections.abc import Callable
from typing import Any

from django.utils.module_loading import import_string


def register(registry: dict[str, str], name: str, path: str, kind: str) -> None:
    """Add name -> path to the registry; registering the same name again with another path is a mistake."""
    known = registry.get(name)
    if known is not None and known != path:
        raise ValueError(f"The {kind} {name!r} is already registered as {known}.")
    registry[name] = path


def load_class[T](registry: dict[str, str], name: str, base: type[T], kind: str) -> type[T]:
    """The class registered under name, checked to be a base subclass; KeyError names the known entries."""
    path = _path(registry, name, kind)
    found = import_string(path)
    if not (isinstance(found, type) and issubclass(found, base)):
        raise TypeError(f"{path} is not a {base.__name__}.")
    return found


def load_function(registry: dict[str, str], name: str, kind: str) -> Callable[..., Any]:
    """The function registered under name, checked to be callable; KeyError names the known entries."""
    path = _path(registry, name, kind)
    found = import_string(path)
    if not callable(found):
        raise TypeError(f"{path} is not a function.")
    return found  # type: ignore[no-any-return]


def _path(registry: dict[str, str], name: str, kind: str) -> str:
    try:
        return registry[name]
    except KeyError:
        raise KeyError(f"Unknown {kind} {name!r}; use one of {', '.join(registry)}.") from None
