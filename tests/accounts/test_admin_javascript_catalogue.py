"""The admin's JavaScript catalogue (two-box pickers, calendar) reads in Vietnamese (locale/third_party djangojs)."""

import json

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.agencies.world import World


@pytest.mark.vietnamese
@pytest.mark.parametrize(
    "vietnamese",
    ["Chọn %s bằng cách đánh dấu rồi bấm nút mũi tên", "Bỏ tất cả %s", "(bấm để xóa)", "Chủ nhật", "Thứ bảy"],
)
def test_the_pickers_and_the_calendar_of_the_admin_speak_vietnamese(world: World, vietnamese: str) -> None:
    client = Client()
    client.force_login(world.users["management_admin"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"

    script = client.get(reverse("admin:jsi18n")).content.decode()

    assert json.dumps(vietnamese)[1:-1] in script  # the catalogue is JSON with non-ASCII letters escaped
