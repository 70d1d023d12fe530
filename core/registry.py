"""Registries: a dict of name -> dotted path, for things that come in kinds; load one entry by name."""

from django.utils.module_loading import import_string


def load_class[T](registry: dict[str, str], name: str, base: type[T], kind: str) -> type[T]:
    """The class registered under name, checked to be a base subclass; KeyError names the known entries."""
    try:
        path = registry[name]
    except KeyError:
        raise KeyError(f"Unknown {kind} {name!r}; use one of {', '.join(registry)}.") from None
    found = import_string(path)
    if not (isinstance(found, type) and issubclass(found, base)):
        raise TypeError(f"{path} is not a {base.__name__}.")
    return found
