"""The API's orjson renderer writes what DRF's JSONRenderer wrote, value for value."""

import datetime
import json

from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer

from statements.api.renderers import FastJSONRenderer


def test_the_fast_renderer_writes_the_same_json_as_drfs():
    data = {
        "at": datetime.datetime(2019, 7, 23, 10, 0, tzinfo=datetime.UTC),
        "on": datetime.date(2019, 7, 23),
        "detail": gettext_lazy("Not found."),
        "text": "Modi \u201cno such request\u201d \u2028 ok",
        "nested": [{"n": 1, "none": None, "yes": True}],
    }

    fast = FastJSONRenderer().render(data)
    drf = JSONRenderer().render(data)

    assert json.loads(fast) == json.loads(drf)
    assert json.loads(fast)["at"] == "2019-07-23T10:00:00Z"
    assert b"\\u2028" in fast and "\u201c".encode() in fast  # UTF-8 kept, U+2028 escaped


def test_indentation_asked_for_is_honoured():
    indented = FastJSONRenderer().render({"a": 1}, "application/json; indent=2")

    assert indented == b'{\n  "a": 1\n}'
