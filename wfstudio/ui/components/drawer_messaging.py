"""Drawer forms of the Messaging steps: Send a Message and Ask a Question."""

from __future__ import annotations

from wfstudio.domain.limits import (
    MAX_CHOICE_OPTION_CHARS,
    MAX_CHOICE_OPTIONS,
    MAX_MESSAGE_CHARS,
)
from wfstudio.domain.steps.ask_question import (
    FIELD_TYPES_FOR_ANSWER,
    MAX_RETRIES,
    QUESTION_TYPE_LABELS,
)
from wfstudio.ui.components.drawer_fields import (
    Choice,
    Duration,
    Form,
    Number,
    Pick,
    Rows,
    Strings,
    Text,
    Toggle,
    When,
)

SEND_MESSAGE: Form = (
    Choice(
        key="channel_mode",
        label="Channel",
        options=(("last_interacted", "Last interacted channel"), ("specific", "A chosen channel")),
    ),
    Pick(
        key="channel",
        label="Send on",
        source="channels",
        when=When("channel_mode", ("specific",)),
    ),
    Text(
        key="text",
        label="Message",
        lines=5,
        variables=True,
        max_chars=MAX_MESSAGE_CHARS,
        placeholder="Hi $contact.firstname, thanks for reaching out!",
    ),
    Strings(
        key="buttons",
        label="Quick-reply buttons",
        placeholder="Button text",
        add_label="Add button",
    ),
    Strings(
        key="attachments",
        label="Attachments",
        help="Links to the files to send along (images, PDFs …).",
        placeholder="https://…",
        input_type="url",
        add_label="Add attachment",
    ),
    Rows(
        key="channel_messages",
        label="Channel responses",
        help="A different text for one channel; the message above is sent everywhere else.",
        columns=(
            Pick(key="channel", label="Channel", source="channels"),
            Text(key="text", label="Text", lines=3, variables=True, max_chars=MAX_MESSAGE_CHARS),
        ),
        add_label="Add channel response",
        item_label="Channel response",
    ),
    Toggle(
        key="failure_branch",
        label="Add a failure branch",
        help="Without it, a message that cannot be sent ends the workflow for the contact.",
    ),
)

_MULTIPLE = When("question_type", ("multiple_choice",))

ASK_QUESTION: Form = (
    Text(
        key="text",
        label="Question",
        lines=4,
        variables=True,
        max_chars=MAX_MESSAGE_CHARS,
        placeholder="What is your email address?",
    ),
    Choice(key="question_type", label="Question type", options=tuple(QUESTION_TYPE_LABELS.items())),
    Rows(
        key="options",
        label="Options",
        help=f"Up to {MAX_CHOICE_OPTIONS} options of at most {MAX_CHOICE_OPTION_CHARS} "
        "characters; each option gets its own branch.",
        columns=(
            Text(key="text", label="Option", max_chars=MAX_CHOICE_OPTION_CHARS),
            Pick(
                key="tag",
                label="Tag",
                source="tags",
                placeholder="Tag…",
                when=When("save_to_tag", (True,)),
            ),
        ),
        max_items=MAX_CHOICE_OPTIONS,
        add_label="Add option",
        item_label="Option",
        when=_MULTIPLE,
    ),
    Number(
        key="min_value",
        label="Minimum",
        placeholder="No minimum",
        when=When("question_type", ("number",)),
    ),
    Number(
        key="max_value",
        label="Maximum",
        placeholder="No maximum",
        when=When("question_type", ("number",)),
    ),
    Toggle(key="save_to_field", label="Save the answer to a contact field"),
    Pick(
        key="field",
        label="Contact field",
        help="Only the fields whose type can store this answer are offered.",
        source="fields",
        when=When("save_to_field", (True,)),
        fit_by="question_type",
        fits=tuple(FIELD_TYPES_FOR_ANSWER.items()),
    ),
    Toggle(key="save_to_variable", label="Save the answer as a variable"),
    Text(
        key="variable",
        label="Variable name",
        help="Used later as $var.<name>.",
        placeholder="email_answer",
        when=When("save_to_variable", (True,)),
    ),
    Toggle(
        key="save_to_tag",
        label="Save the chosen option as a tag",
        when=_MULTIPLE,
    ),
    Text(
        key="invalid_reply_message",
        label="Message after an invalid reply",
        help="Leave empty for a built-in sentence that fits the question type.",
        lines=2,
        variables=True,
        max_chars=MAX_MESSAGE_CHARS,
        when=When(
            "question_type",
            ("number", "date", "phone", "email", "url", "rating", "location", "multiple_choice"),
        ),
    ),
    Number(key="retries", label="Retries after an invalid reply", low=0, high=MAX_RETRIES),
    Duration(key="timeout_seconds", label="Wait for a reply for"),
    Toggle(
        key="timeout_branch",
        label="Add a timeout branch",
        help="Without it, the workflow ends for the contact when the time is up.",
    ),
    Toggle(
        key="failure_branch",
        label="Add a failure branch",
        help="Taken when the retries are used up or the question cannot be sent.",
    ),
)

FORMS: dict[str, Form] = {"send_message": SEND_MESSAGE, "ask_question": ASK_QUESTION}
