import pytest

from alerts.api import REPORT_SOURCES
from core.error_pages import ACCESS_GUIDES
from core.health import HEALTH_WARNINGS
from core.periodic import PERIODIC_TASKS, PeriodicTask
from core.registry import load_class, load_function, register
from gis_core.importer import IMPORT_TARGETS
from imports.kinds import JOB_KINDS
from layers.styles import STYLE_KINDS
from ogc_api.contributors import DOCUMENT_CONTRIBUTORS


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


def test_a_registered_function_loads_and_a_class_or_constant_is_not_taken_for_one() -> None:
    assert load_function(HEALTH_WARNINGS, "notifications", "health warning").__name__ == "audience_gaps"
    with pytest.raises(TypeError, match=r"core\.health\.HEALTH_WARNINGS is not a function"):
        load_function({"wrong": "core.health.HEALTH_WARNINGS"}, "wrong", "health warning")
    with pytest.raises(KeyError, match=r"Unknown health warning 'nope'; use one of notifications"):
        load_function(HEALTH_WARNINGS, "nope", "health warning")


def test_the_apps_above_core_alerts_and_ogc_api_fill_in_their_hooks() -> None:
    assert HEALTH_WARNINGS == {"notifications": "alerts.api.audience_gaps"}
    assert ACCESS_GUIDES == {"accounts": "accounts.access_guide.AccountsGuide"}
    assert REPORT_SOURCES == {"fieldreports": "fieldreports.staff.AlertReports"}
    assert DOCUMENT_CONTRIBUTORS == {"coverages-edr": "ogc_pygeoapi.documents.CoveragesAndEdr"}
