"""Test helper: a pending one-time token of a create form (clef.www.once), as showing the form issues."""

from clef.www import once


def once_token(client, purpose: str) -> str:
    session = client.session
    token = once.issue(session, purpose)
    session.save()
    return token
