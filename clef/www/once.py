"""One-time submission tokens for create forms: sending the same form twice creates one record.

A double click, a browser's "send again" or a replayed request used to create two identical records.
Each time a create form is shown it carries a new token (hidden field `once`), remembered in the
session as "pending" for that form. The POST that creates the record consumes it, in the same
transaction, and remembers the record's address; a POST of a consumed token creates nothing and
redirects to the record created the first time. A missing or unknown token (forged, or from a session
that ended) is refused next to the form, which then carries a new token.

Concurrent POSTs of one token (a double click) are serialised on the session row: PostgreSQL locks it
(SELECT … FOR UPDATE) and SQLite's transactions take the write lock when they begin; the second one
reads the token as consumed. Constant cost: one locked read and one write of the session row.

Use in a create view:

    once = Once(request, "household")
    if (replay := once.replay()) is not None:
        return replay
    if once.problem: form.add_error(None, once.problem)   # after binding the form
    ...
    try:
        with once.claim():
            save_record(...)
            once.done(record.get_absolute_url())
    except AlreadySubmitted as exc:
        return exc.response
    except ValidationError as exc:   # from the save, or a token unknown in the stored session
        ...
    ...
    render(..., {"once": once})   # the template: <input type="hidden" name="{{ once.field }}" value="{{ once.token }}">
"""

from __future__ import annotations

import secrets
from contextlib import contextmanager

from django.contrib import messages
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect

FIELD = "once"
SESSION_KEY = "clef_once"
MAX_TOKENS = 50  # per session, oldest dropped first: enough for many open tabs, a small session
PENDING = ""
REPLAYED = "Ce formulaire a déjà été envoyé : voici la fiche créée."
EXPIRED = (
    "Ce formulaire n'est plus valable (ouvert dans une session terminée, ou incomplet) : vérifiez les "
    "informations et enregistrez de nouveau."
)


class AlreadySubmitted(Exception):
    """Raised by Once.claim() when a concurrent request consumed the token first."""

    def __init__(self, response: HttpResponse):
        super().__init__("form already submitted")
        self.response = response


def _tokens(data) -> dict[str, list[str]]:
    """token → [purpose, address of the record created, or PENDING]."""
    tokens = data.get(SESSION_KEY)
    return dict(tokens) if isinstance(tokens, dict) else {}


def issue(session, purpose: str) -> str:
    """A new pending token for a form of `purpose` ("household", "dwelling"…), kept in `session`."""
    token = secrets.token_urlsafe(18)
    tokens = _tokens(session)
    tokens[token] = [purpose, PENDING]
    for old in list(tokens)[: max(0, len(tokens) - MAX_TOKENS)]:
        del tokens[old]
    session[SESSION_KEY] = tokens
    return token


def _created(tokens: dict, token: str, purpose: str) -> str | None:
    """The record created with this token, PENDING if it is unused, None if unknown for `purpose`."""
    entry = tokens.get(token)
    if not isinstance(entry, list) or len(entry) != 2 or entry[0] != purpose:
        return None
    return entry[1]


def _redirect_to_first(request, url: str) -> HttpResponse:
    messages.info(request, REPLAYED)
    return redirect(url)


class Once:
    """The token of one create form in one request (see the module docstring)."""

    field = FIELD

    def __init__(self, request, purpose: str):
        self.request = request
        self.purpose = purpose
        self.posted = request.POST.get(FIELD, "") if request.method == "POST" else ""
        self._token = ""
        self.problem: str | None = None
        if request.method == "POST":
            state = _created(_tokens(request.session), self.posted, purpose) if self.posted else None
            if state is None:
                self.problem = EXPIRED
            elif state == PENDING:
                self._token = self.posted  # a refused form is shown again with the same token

    def replay(self) -> HttpResponse | None:
        """On a POST of a consumed token: the redirect to the record it created (nothing is created)."""
        if not self.posted:
            return None
        url = _created(_tokens(self.request.session), self.posted, self.purpose)
        return _redirect_to_first(self.request, url) if url else None

    @property
    def token(self) -> str:
        """The token the rendered form carries (a new one unless the posted one is still pending)."""
        if not self._token:
            self._token = issue(self.request.session, self.purpose)
        return self._token

    @contextmanager
    def claim(self):
        """One transaction around the creation: the token must still be pending in the stored session
        (read under lock), else AlreadySubmitted (consumed meanwhile) or ValidationError (unknown);
        `done(url)` inside the block consumes it."""
        session = self.request.session
        with transaction.atomic():
            stored = self._locked_session_data()
            tokens = _tokens(stored if stored is not None else session)
            state = _created(tokens, self.posted, self.purpose)
            if state:
                session[SESSION_KEY] = tokens  # the in-memory copy was stale
                raise AlreadySubmitted(_redirect_to_first(self.request, state))
            if state is None:  # unknown, or dropped meanwhile (more than MAX_TOKENS forms opened since)
                self._token = ""  # the form shown again gets a new one
                raise ValidationError(EXPIRED, code="once_expired")
            self._pending_write = (stored, tokens)
            yield self

    def done(self, url: str) -> None:
        """Consume the token: the record at `url` is what a replay of this form will show."""
        stored, tokens = self._pending_write
        tokens[self.posted] = [self.purpose, url]
        session = self.request.session
        session[SESSION_KEY] = tokens
        self._token = ""
        if stored is not None:
            stored[SESSION_KEY] = tokens
            session.model.objects.filter(session_key=session.session_key).update(
                session_data=session.encode(stored)
            )

    def _locked_session_data(self) -> dict | None:
        """The session as stored now, its row locked until the end of the transaction (None when the
        session is not kept in the database)."""
        session = self.request.session
        if not isinstance(session, DatabaseSessionStore) or not session.session_key:
            return None
        row = (
            session.model.objects.select_for_update()
            .filter(session_key=session.session_key)
            .values_list("session_data", flat=True)
            .first()
        )
        return session.decode(row) if row is not None else None
