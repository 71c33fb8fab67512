"""Ask a Question: sends a question on the last interacted channel and waits for the reply.

Decisions SPEC leaves open:

* The reply is checked against the question type. An invalid reply is answered with
  ``invalid_reply_message`` (a built-in sentence for the type when it is empty, naming
  the range of a number question: :func:`~wfstudio.domain.answers.retry_prompt`) and the
  question waits again, at most ``retries`` times (0–10, default 2). When the retries
  are used up the contact takes the *failure* port if it is on; otherwise the enrollment
  ends. A question that cannot be sent also takes *failure* (or ends).
* The timeout always applies (default 7 days, one minute to seven days); the
  ``timeout_branch`` toggle only adds the *timeout* port. Without it, the enrollment ends
  when the timeout is reached.
* Multiple choice replaces *answered* by one port per option, ``option_1``…, labelled
  with the option's text. Options must be non-empty and distinct (ignoring case and
  surrounding spaces), at most 10 of at most 20 characters.
* Rating is always the 1–5 scale; date replies are accepted in the 11 formats of SPEC §6.
* "Save as tag" (multiple choice only) adds the tag chosen for the picked option; when
  it is on, every option needs its tag. Leaving it on for another type is an error.
* Saving to a contact field requires the field's type to fit the answer type (see
  :data:`FIELD_TYPES_FOR_ANSWER`); a location is saved as text, ``(latitude, longitude)``.
* Saving to a field or a tag can fire the Contact Field Updated / Contact Tag Updated
  triggers, so :meth:`AskQuestion.fires` reports them for loop detection.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from wfstudio.domain.answers import QuestionType
from wfstudio.domain.issues import Code
from wfstudio.domain.kinds import CheckContext, Config, FiredEvent, Port, StepSpec
from wfstudio.domain.limits import (
    DEFAULT_QUESTION_RETRIES,
    DEFAULT_TIMEOUT_SECONDS,
    MAX_CHOICE_OPTION_CHARS,
    MAX_CHOICE_OPTIONS,
    MAX_MESSAGE_CHARS,
)
from wfstudio.domain.refs import FieldType, Ref
from wfstudio.domain.steps._shared import (
    check_timeout,
    check_variable_name,
    duplicates,
    format_duration,
    shorten,
)

QUESTION_TYPE_LABELS: Mapping[str, str] = {
    "text": "Text",
    "multiple_choice": "Multiple choice",
    "number": "Number",
    "date": "Date",
    "phone": "Phone",
    "email": "Email",
    "url": "Website/URL",
    "rating": "Rating",
    "location": "Location",
}

FIELD_TYPES_FOR_ANSWER: Mapping[str, tuple[FieldType, ...]] = {
    "text": ("text", "list"),
    "multiple_choice": ("text", "list"),
    "number": ("number",),
    "date": ("date",),
    "phone": ("phone",),
    "email": ("email",),
    "url": ("url",),
    "rating": ("number",),
    "location": ("text",),
}
"""Which contact field types can store the answer of each question type."""

MAX_RETRIES = 10


class ChoiceOption(Config):
    """One option of a multiple-choice question; ``tag`` is used by "save as tag"."""

    text: str = ""
    tag: Annotated[str, Ref("tag")] = ""


class AskQuestionConfig(Config):
    text: str = ""
    question_type: QuestionType = "text"
    options: tuple[ChoiceOption, ...] = ()
    min_value: float | None = None  # number only
    max_value: float | None = None  # number only
    save_to_field: bool = False
    field: Annotated[str, Ref("field")] = ""
    save_to_variable: bool = False
    variable: str = ""
    save_to_tag: bool = False  # multiple choice only
    invalid_reply_message: str = ""  # empty: a built-in sentence for the type
    retries: int = DEFAULT_QUESTION_RETRIES
    timeout_seconds: int = DEFAULT_TIMEOUT_SECONDS
    timeout_branch: bool = False
    failure_branch: bool = False


class AskQuestion(StepSpec[AskQuestionConfig]):
    kind = "ask_question"
    label = "Ask a Question"
    icon = "message-circle-question"
    description = "Ask the contact a question and wait for a valid reply."
    group = "Messaging"
    pauses = True
    config_model = AskQuestionConfig

    def ports(self, config: AskQuestionConfig) -> list[Port]:
        if config.question_type == "multiple_choice":
            ports = [
                Port(f"option_{number}", option.text.strip() or f"Option {number}")
                for number, option in enumerate(config.options, start=1)
            ]
        else:
            ports = [Port("answered", "Answered")]
        if config.timeout_branch:
            ports.append(Port("timeout", "Timeout", always=False))
        if config.failure_branch:
            ports.append(Port("failure", "Failure", always=False))
        return ports

    def check(self, config: AskQuestionConfig, ctx: CheckContext) -> None:
        if ctx.require(config.text, "text", "The question text"):
            ctx.max_chars(config.text, MAX_MESSAGE_CHARS, "text", "The question")
        if config.question_type == "multiple_choice":
            self._check_options(config, ctx)
        if config.question_type == "number":
            low, high = config.min_value, config.max_value
            if low is not None and high is not None and low > high:
                ctx.error(
                    Code.INVALID_VALUE,
                    "max_value",
                    f"The maximum ({high:g}) must not be below the minimum ({low:g}).",
                )
        if config.save_to_field and ctx.require_ref(
            config.field, "field", "field", "the contact field to save the answer to"
        ):
            field_type = ctx.refs.field_type(config.field)
            allowed = FIELD_TYPES_FOR_ANSWER[config.question_type]
            if field_type is not None and field_type not in allowed:
                answer = QUESTION_TYPE_LABELS[config.question_type].lower()
                article = "An" if answer[0] in "aeiou" else "A"
                ctx.error(
                    Code.TYPE_MISMATCH,
                    "field",
                    f"{article} {answer} answer cannot be saved to “{config.field}”, a {field_type} "
                    f"field; choose a field of type {' or '.join(allowed)}.",
                )
        if config.save_to_variable:
            check_variable_name(ctx, config.variable, "variable", "The variable name")
        if config.save_to_tag and config.question_type != "multiple_choice":
            ctx.error(
                Code.INVALID_VALUE,
                "save_to_tag",
                "Only a multiple-choice answer can be saved as a tag.",
            )
        ctx.max_chars(
            config.invalid_reply_message,
            MAX_MESSAGE_CHARS,
            "invalid_reply_message",
            "The invalid-reply message",
        )
        ctx.in_range(config.retries, 0, MAX_RETRIES, "retries", "Retries")
        check_timeout(ctx, config.timeout_seconds, "timeout_seconds", "The timeout")

    def _check_options(self, config: AskQuestionConfig, ctx: CheckContext) -> None:
        if not ctx.require(config.options, "options", "At least one option"):
            return
        ctx.max_items(config.options, MAX_CHOICE_OPTIONS, "options", "Options")
        for index, option in enumerate(config.options):
            path = f"options.{index}"
            if ctx.require(option.text, f"{path}.text", f"Option {index + 1}"):
                ctx.max_chars(
                    option.text, MAX_CHOICE_OPTION_CHARS, f"{path}.text", f"Option {index + 1}"
                )
            if config.save_to_tag:
                ctx.require_ref(option.tag, "tag", f"{path}.tag", f"the tag for option {index + 1}")
        for index in duplicates([option.text for option in config.options], fold_case=True):
            ctx.error(
                Code.DUPLICATE,
                f"options.{index}.text",
                f"Option {index + 1} “{config.options[index].text.strip()}” repeats an "
                "earlier option.",
            )

    def fires(self, config: AskQuestionConfig) -> list[FiredEvent]:
        events: list[FiredEvent] = []
        if config.save_to_field and config.field:
            events.append(FiredEvent("contact_field_updated", {"field": config.field}))
        if config.save_to_tag and config.question_type == "multiple_choice":
            tags = dict.fromkeys(option.tag for option in config.options if option.tag)
            events.extend(
                FiredEvent("contact_tag_updated", {"action": "added", "tag": tag}) for tag in tags
            )
        return events

    def summary(self, config: AskQuestionConfig) -> str:
        kind = QUESTION_TYPE_LABELS[config.question_type]
        if not config.text.strip():
            return f"{kind} question, no text yet"
        extra = f" · {format_duration(config.timeout_seconds)}" if config.timeout_branch else ""
        return f"{kind}: {shorten(config.text, 48)}{extra}"
