import unicodedata


def search_key(value: str) -> str:
    """Lower-case, accent-free, hyphen-free text used for case-insensitive search on any database."""
    text = unicodedata.normalize("NFKD", value or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().replace("-", " ").replace("'", " ").split())
