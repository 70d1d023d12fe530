import pytest

from core.periodic import PERIODIC_TASKS, PeriodicTask
from core.registry import load_class


def test_a_registered_name_loads_its_class() -> None:
    task_class = load_class(PERIODIC_TASKS, "datahub.freshness", PeriodicTask, "periodic task")
    assert issubclass(task_class, PeriodicTask)
    assert task_class.__name__ == "CheckFreshness"


def test_an_unknown_name_says_which_names_are_known() -> None:
    with pytest.raises(KeyError, match=r"Unknown periodic task 'nope'; use one of alerts\.cap_feeds, datahub\.pulls, "):
        load_class(PERIODIC_TASKS, "nope", PeriodicTask, "periodic task")


def test_an_entry_of_the_wrong_base_class_is_refused() -> None:
    with pytest.raises(TypeError, match=r"core\.errors\.NotFound is not a PeriodicTask"):
        load_class({"wrong": "core.errors.NotFound"}, "wrong", PeriodicTask, "periodic task")
