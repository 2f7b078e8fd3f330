"""Where uploaded files (photos of an inventory, documents of a claim or an exchange) are kept: the local disk
by default (`MEDIA_ROOT`), an S3-compatible object store in production when `CLEF_S3_BUCKET` is set
(django-storages). Uploaded files are never served by the web server: pages stream them after the access
check of their record (docs/exploitation.md)."""

from __future__ import annotations

from collections.abc import Mapping


def default_storage_from_env(environ: Mapping[str, str]) -> dict:
    """The `STORAGES["default"]` entry for this environment."""
    bucket = environ.get("CLEF_S3_BUCKET", "").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options = {
        "bucket_name": bucket,
        "file_overwrite": False,  # two uploads of « photo.jpg » never replace each other
        "default_acl": None,  # private objects: the bucket's policy, never public-read
        "querystring_auth": True,
        "location": environ.get("CLEF_S3_PREFIX", "").strip(),
    }
    for option, variable in (
        ("endpoint_url", "CLEF_S3_ENDPOINT_URL"),
        ("region_name", "CLEF_S3_REGION"),
        ("access_key", "CLEF_S3_ACCESS_KEY_ID"),
        ("secret_key", "CLEF_S3_SECRET_ACCESS_KEY"),
    ):
        if environ.get(variable, "").strip():
            options[option] = environ[variable].strip()
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
