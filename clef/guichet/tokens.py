"""The owner's private follow link: a random token given once (in the confirmation e-mail); only its
SHA-256 is stored, so the database never holds a working link."""

import hashlib
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
