"""What the API answers, in one place for both ways a request is served (the Starlette
endpoints of :mod:`.routes` and the plain ASGI inbound endpoints of :mod:`.inbound_asgi`):
the status code and headers of each refusal, the 500 of an unexpected failure, and JSON
bytes exactly as Starlette's ``JSONResponse`` renders them."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from json import encoder as json_encoder

from wfstudio.api.security import UnsupportedMediaType
from wfstudio.services import auth, inbound
from wfstudio.services.errors import NotFound, Refused

logger = logging.getLogger("wfstudio.api.routes")  # the name its 500s were always logged under

STATUS: list[tuple[type[Refused], int]] = [
    (auth.TooManyAttempts, 429),
    (auth.SignInRefused, 401),
    (auth.NotSignedIn, 401),
    (auth.NotAllowed, 403),
    (inbound.Unauthorized, 401),
    (inbound.BadRequest, 400),
    (UnsupportedMediaType, 415),
    (NotFound, 404),
    (inbound.NotAccepting, 409),
    (Refused, 400),
]
FAILED = "The server could not handle this request."

# JSONResponse.render calls json.dumps(content, ensure_ascii=False, allow_nan=False,
# indent=None, separators=(",", ":")), which builds a JSONEncoder and, in its iterencode, a C
# encoder per call (2/3 of its time for a small reply). The same C encoder, built once,
# without the cycle check (its `markers`): a circular document, never answered here, would
# fail with a RecursionError instead of a ValueError (a 500 either way).
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":"))
_make_c_encoder: Callable[..., Callable[[object, int], Iterable[str]]] | None = getattr(
    json_encoder, "c_make_encoder", None
)
_C_ENCODE = _make_c_encoder and _make_c_encoder(
    None, _ENCODER.default, json_encoder.encode_basestring, None, ":", ",", False, False, False
)


def json_bytes(content: object) -> bytes:
    """``content`` as the UTF-8 JSON a Starlette ``JSONResponse`` sends."""
    if _C_ENCODE is None:
        return _ENCODER.encode(content).encode("utf-8")
    return "".join(_C_ENCODE(content, 0)).encode("utf-8")


@dataclass(frozen=True)
class Answer:
    """A JSON reply: status code, content, and the headers beyond Content-Type/-Length."""

    status: int
    content: Mapping[str, object]
    headers: dict[str, str] = field(default_factory=dict)


def refusal_answer(message: str, status: int, retry_after: int | None = None) -> Answer:
    """``{"ok": false, "error": message}``; a 401 says ``WWW-Authenticate: Bearer``."""
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    return Answer(status, {"ok": False, "error": message}, headers)


def answer_to(refused: Refused) -> Answer:
    """The reply to a refusal: its status code by kind (:data:`STATUS`)."""
    status = next(code for kind, code in STATUS if isinstance(refused, kind))
    wait = refused.retry_after if isinstance(refused, auth.TooManyAttempts) else None
    return refusal_answer(refused.message, status, wait)


def failure_answer(method: str, path: str) -> Answer:
    """The 500 of an unexpected failure, logged with its traceback (call it in ``except``)."""
    logger.exception("%s %s failed", method, path)
    return refusal_answer(FAILED, 500)
