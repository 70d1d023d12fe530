import pytest

from core.periodic import PERIODIC_TASKS, PeriodicTask
from core.registry import load_class, register
from gis_core.importer import IMPORT_TARGETS
from imports.kinds import JOB_KINDS
from layers.styles import STYLE_KINDS


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


def test_an_app_above_adds_its_entry_once_and_may_repeat_it() -> None:
    kinds = {"own": "core.periodic.PeriodicTask"}
    register(kinds, "added", "datahub.tasks.CheckFreshness", "periodic task")
    register(kinds, "added", "datahub.tasks.CheckFreshness", "periodic task")  # a second ready() changes nothing
    assert kinds == {"own": "core.periodic.PeriodicTask", "added": "datahub.tasks.CheckFreshness"}


def test_a_name_registered_with_another_path_is_refused() -> None:
    kinds = {"taken": "datahub.tasks.CheckFreshness"}
    with pytest.raises(ValueError, match=r"The periodic task 'taken' is already registered as datahub\.tasks\."):
        register(kinds, "taken", "datahub.tasks.PullFeeds", "periodic task")
    assert kinds == {"taken": "datahub.tasks.CheckFreshness"}


def test_the_apps_above_register_their_import_targets_job_kinds_and_styles() -> None:
    assert IMPORT_TARGETS["plans"] == "planning.plan_import.PlanLotsTarget"
    assert IMPORT_TARGETS["layers"] == "layers.import_target.LayerTarget"
    assert IMPORT_TARGETS["roads"] == "roads.importer.RoadsTarget"
    assert set(JOB_KINDS) == {"layer", "plan_check", "plan_apply"}
    assert STYLE_KINDS["landuse"] == "planning.layer_style.LandUseCodes"
