"""Application logs never carry personal data: exception texts often quote the values involved (a
database error repeats the row it refused), so logged tracebacks keep their frames and the exception's
type, never its message."""

import logging
import re
import traceback


def frames_only(exc_info) -> str:
    exc_type, _exc, tb = exc_info
    lines = ["Traceback (most recent call last):"]
    lines += [
        f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}'
        for frame in traceback.extract_tb(tb)
    ]
    lines.append(f"{exc_type.__module__}.{exc_type.__qualname__} (message omis : il peut citer des données)")
    return "\n".join(lines)


class NoValuesFormatter(logging.Formatter):
    def formatException(self, ei) -> str:  # noqa: N802 (logging's name)
        return frames_only(ei)


QUERY_STRING = re.compile(r"\?[^\s\"]*")


class NoQueryStrings(logging.Filter):
    """Request lines are logged without their query string: a name search is `GET /menages/?q=Dupont`."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name in {"django.server", "django.request", "gunicorn.access"} and record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(QUERY_STRING.sub("?…", a) if isinstance(a, str) else a for a in args)
        elif record.name in {"django.server", "django.request"}:
            record.msg = QUERY_STRING.sub("?…", str(record.msg))
        return True
