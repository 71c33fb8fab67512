"""Workspace administration: the workspace's settings, users, teams, channels, contact
fields, tags, lifecycle stages and closing categories, and what the builder's dropdowns
offer (:func:`workspace_choices`). Import them from here.

Everything is addressed by ``workspace_id`` and the item's ``key``. Each operation is one
transaction; a refused one raises :class:`Refused` with a message for the person who
asked and changes nothing. Every change takes ``actor_id``, the signed-in user, whose
role is checked in that transaction against :mod:`wfstudio.services.access` (users:
Owners; everything else: Owners and Managers); None is the system itself (CLI, demo).

Decisions the product page leaves open:

* A key is made once from the name or label and never changes on a rename: workflows refer
  to it. Keys are lowercase ASCII slugs joined by ``-`` (``needs-follow-up``); contact
  field keys use ``_`` (``order_count``) because they appear in ``$contact.<key>``. A taken
  key gets ``-2``, ``-3`` … (``_2`` for fields). A custom field may not take a standard
  field's key or label, nor ``id`` or ``name`` (``$contact.name`` is first + last name).
* Names and labels are unique per workspace, ignoring case (a dropdown with two "Sales"
  is useless); people may share a name. A user's email is unique across workspaces (it
  is the login) and is stored lowercased. A workspace keeps at least one owner.
* **Removing something a workflow refers to is allowed.** Workflows are not rewritten:
  their validation then reports the missing reference as a configuration error on the
  step, and the builder shows it under ⚠. Contacts are cleaned up: a removed tag leaves
  every contact, a removed custom field's values are dropped, a removed lifecycle stage is
  cleared. Closed conversations keep a removed closing category (they are history).
* A contact field's type is fixed once created (remove it and add it again to change it):
  existing values and workflow steps were written for that type.
* The default business hours have the shape of the Date & Time step's ``business_hours``
  (:class:`~wfstudio.domain.steps.date_time.WeekHours`) and pass the same checks.

Modules: :mod:`.workspace_views` holds the read models; :mod:`.workspace_rules` how keys
and names are made and items found; :mod:`.workspace_people` users and teams;
:mod:`.workspace_channels` channels; :mod:`.workspace_lists` contact fields, tags,
lifecycle stages and closing categories (:mod:`.workspace_field_options` a list field's
options); :mod:`.workspace_settings` the workspace itself,
:func:`workspace_refs` and :func:`workspace_choices`.
"""

from __future__ import annotations

from wfstudio.services.workspace_channels import (
    CHANNEL_KIND_LABELS,
    add_channel,
    channel_view,
    insert_channel,
    list_channels,
    new_channel_token,
    remove_channel,
    update_channel,
)
from wfstudio.services.workspace_field_options import MAX_FIELD_OPTIONS, set_field_options
from wfstudio.services.workspace_lists import (
    RESERVED_FIELD_KEYS,
    STANDARD_FIELD_LABELS,
    ListName,
    add_closing_category,
    add_field,
    add_lifecycle_stage,
    add_list_item,
    add_tag,
    insert_field,
    insert_tag,
    remove_closing_category,
    remove_field,
    remove_lifecycle_stage,
    remove_tag,
    rename_closing_category,
    rename_field,
    rename_lifecycle_stage,
    rename_tag,
)
from wfstudio.services.workspace_people import (
    actor_view,
    add_team,
    add_user,
    insert_team,
    insert_user,
    remove_team,
    remove_user,
    update_team,
    update_user,
    user_view,
)
from wfstudio.services.workspace_rules import clean_name, load_workspace, slug, unique_key
from wfstudio.services.workspace_settings import (
    create_workspace,
    default_workspace_id,
    get_workspace,
    insert_workspace,
    rename_workspace,
    set_business_hours,
    set_timezone,
    update_workspace,
    workspace_choices,
    workspace_refs,
    workspace_view,
)
from wfstudio.services.workspace_usage import workflows_using
from wfstudio.services.workspace_views import (
    ChannelChoice,
    ChannelView,
    FieldView,
    Option,
    TeamView,
    UserView,
    WorkflowChoice,
    WorkspaceChoices,
    WorkspaceView,
)

__all__ = [
    "CHANNEL_KIND_LABELS",
    "MAX_FIELD_OPTIONS",
    "RESERVED_FIELD_KEYS",
    "STANDARD_FIELD_LABELS",
    "ChannelChoice",
    "ChannelView",
    "FieldView",
    "ListName",
    "Option",
    "TeamView",
    "UserView",
    "WorkflowChoice",
    "WorkspaceChoices",
    "WorkspaceView",
    "actor_view",
    "add_channel",
    "add_closing_category",
    "add_field",
    "add_lifecycle_stage",
    "add_list_item",
    "add_tag",
    "add_team",
    "add_user",
    "channel_view",
    "clean_name",
    "create_workspace",
    "default_workspace_id",
    "get_workspace",
    "insert_channel",
    "insert_field",
    "insert_tag",
    "insert_team",
    "insert_user",
    "insert_workspace",
    "list_channels",
    "load_workspace",
    "new_channel_token",
    "remove_channel",
    "remove_closing_category",
    "remove_field",
    "remove_lifecycle_stage",
    "remove_tag",
    "remove_team",
    "remove_user",
    "rename_closing_category",
    "rename_field",
    "rename_lifecycle_stage",
    "rename_tag",
    "rename_workspace",
    "set_business_hours",
    "set_field_options",
    "set_timezone",
    "slug",
    "unique_key",
    "update_channel",
    "update_team",
    "update_user",
    "update_workspace",
    "user_view",
    "workflows_using",
    "workspace_choices",
    "workspace_refs",
    "workspace_view",
]
