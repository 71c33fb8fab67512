"""Click-to-Chat Ad: a conversation starts from an ad click (SPEC §2).

``ad_source`` is the ad platform (``facebook``, ``instagram`` or ``tiktok``; Meta's
Click-to-WhatsApp ads count as ``facebook``, where they are run). ``channel`` optionally
narrows it to the channel the ad leads to (empty = any). ``ad_mode`` is ``all`` or
``chosen``; chosen ads are listed by their platform ad ids (external ids, not workspace
references, so a missing one is ``required`` rather than ``missing_reference``).

Trigger variables: ``ad_id`` and ``ad_source``, and what the click brought along:
``headline`` (the ad's headline), ``source_url`` (where the ad or post is) and ``ref``
(the ad link's reference parameter); each is null (unset) when the channel did not say.

The event comes with the contact's message that opens a conversation (the API's
``referral``, the web chat page's ``?ad=``/``?ref=`` link): a conversation *starts* from
an ad click, so a referral on a message of an open conversation fires nothing.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from wfstudio.domain.definition import Trigger
from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import CheckContext, Config, FiredEvent, TriggerSpec
from wfstudio.domain.refs import Ref
from wfstudio.domain.triggers._common import Facts, conditions_allow, join_keys, trigger_facts

AdSource = Literal["facebook", "instagram", "tiktok"]
AD_SOURCES: tuple[AdSource, ...] = get_args(AdSource)
AD_SOURCE_LABELS = {"facebook": "Facebook", "instagram": "Instagram", "tiktok": "TikTok"}
MAX_AD_ID_CHARS = 100


class ClickToChatAdConfig(Config):
    ad_source: AdSource = "facebook"
    channel: Annotated[str, Ref("channel")] = ""  # empty = any channel
    ad_mode: Literal["all", "chosen"] = "all"
    ad_ids: tuple[str, ...] = ()  # used when ad_mode == "chosen"


class ClickToChatAd(TriggerSpec[ClickToChatAdConfig]):
    kind = "click_to_chat_ad"
    label = "Click-to-Chat Ad"
    icon = "megaphone"
    description = "When a conversation starts from a click on one of your ads."
    config_model = ClickToChatAdConfig

    def variables(self, config: ClickToChatAdConfig) -> list[str]:
        return ["ad_id", "ad_source", "headline", "source_url", "ref"]

    def check(self, config: ClickToChatAdConfig, ctx: CheckContext) -> None:
        if config.ad_mode != "chosen":
            return
        if not config.ad_ids:
            ctx.error(Code.REQUIRED, "ad_ids", "Enter at least one ad ID.")
            return
        seen: set[str] = set()
        for index, ad_id in enumerate(config.ad_ids):
            path = f"ad_ids.{index}"
            if not ctx.require(ad_id, path, f"Ad ID {index + 1}"):
                continue
            ctx.max_chars(ad_id, MAX_AD_ID_CHARS, path, f"Ad ID {index + 1}")
            key = ad_id.strip()
            if key in seen:
                ctx.error(Code.DUPLICATE, path, f"The ad ID “{key}” is listed twice.")
            seen.add(key)

    def summary(self, config: ClickToChatAdConfig) -> str:
        source = AD_SOURCE_LABELS[config.ad_source]
        if config.ad_mode == "all":
            return f"Any {source} ad"
        if not config.ad_ids:
            return f"{source} ads: enter ad IDs"
        return f"{source} ads {join_keys(config.ad_ids)}"

    def is_fired_by(self, trigger: Trigger, config: ClickToChatAdConfig, event: FiredEvent) -> bool:
        """Only a contact clicking an ad fires it; no step emits this kind. Should an event
        of this kind carry ``ad_source`` / ``ad_id`` / ``channel``, they are matched against
        the config (an event that does not say its platform or channel fits any)."""
        if event.trigger_kind != self.kind:
            return False
        source = event.detail.get("ad_source")
        ad_id = event.detail.get("ad_id")
        if source is not None and source != config.ad_source:
            return False
        channel = event.detail.get("channel")
        if channel is not None and config.channel and channel != config.channel:
            return False
        chosen = {a.strip() for a in config.ad_ids} if config.ad_mode == "chosen" else set()
        if ad_id is not None and chosen and ad_id not in chosen:
            return False
        facts = Facts(values=trigger_facts({"ad_source": source, "ad_id": ad_id}))
        return conditions_allow(trigger.conditions, facts)
