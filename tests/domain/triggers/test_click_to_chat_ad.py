from __future__ import annotations

import pydantic
import pytest

from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import FiredEvent
from wfstudio.domain.triggers.click_to_chat_ad import ClickToChatAd

from .helpers import check, fired, trigger

SPEC = ClickToChatAd()


def test_good_configs_have_no_issues() -> None:
    assert check(SPEC, {}) == []
    assert check(SPEC, {"ad_source": "tiktok", "ad_mode": "chosen", "ad_ids": ["123", "456"]}) == []
    assert check(SPEC, {"ad_source": "instagram", "channel": "ig_main"}) == []


def test_ad_source_must_be_known() -> None:
    with pytest.raises(pydantic.ValidationError):
        SPEC.parse({"ad_source": "myspace"})


def test_chosen_ads_need_an_id() -> None:
    assert check(SPEC, {"ad_mode": "chosen"}) == [(Code.REQUIRED, "config.ad_ids")]


def test_chosen_ad_ids_blank_or_repeated() -> None:
    assert check(SPEC, {"ad_mode": "chosen", "ad_ids": ["1", " ", "1"]}) == [
        (Code.REQUIRED, "config.ad_ids.1"),
        (Code.DUPLICATE, "config.ad_ids.2"),
    ]


def test_ad_ids_ignored_for_all_ads() -> None:
    assert check(SPEC, {"ad_mode": "all", "ad_ids": [""]}) == []


def test_variables() -> None:
    assert SPEC.variables(SPEC.parse({})) == [
        "ad_id",
        "ad_source",
        "headline",
        "source_url",
        "ref",
    ]


def test_summary() -> None:
    assert SPEC.summary(SPEC.parse({})) == "Any Facebook ad"
    assert (
        SPEC.summary(SPEC.parse({"ad_source": "tiktok", "ad_mode": "chosen", "ad_ids": ["9"]}))
        == "TikTok ads 9"
    )


def test_is_fired_by() -> None:
    trig = trigger(SPEC, {"ad_source": "tiktok", "ad_mode": "chosen", "ad_ids": ["9"]})
    assert fired(SPEC, trig, FiredEvent("click_to_chat_ad", {}))
    assert fired(SPEC, trig, FiredEvent("click_to_chat_ad", {"ad_source": "tiktok", "ad_id": "9"}))
    assert not fired(SPEC, trig, FiredEvent("click_to_chat_ad", {"ad_source": "facebook"}))
    assert not fired(SPEC, trig, FiredEvent("click_to_chat_ad", {"ad_id": "8"}))
    assert not fired(SPEC, trig, FiredEvent("conversation_opened", {"source": "workflow"}))


def test_a_channel_narrows_which_clicks_fire_it() -> None:
    trig = trigger(SPEC, {"channel": "wa_main"})
    assert fired(SPEC, trig, FiredEvent("click_to_chat_ad", {"channel": "wa_main"}))
    assert fired(SPEC, trig, FiredEvent("click_to_chat_ad", {}))  # a channel not said
    assert not fired(SPEC, trig, FiredEvent("click_to_chat_ad", {"channel": "ig_main"}))
    anywhere = trigger(SPEC, {})
    assert fired(SPEC, anywhere, FiredEvent("click_to_chat_ad", {"channel": "ig_main"}))
