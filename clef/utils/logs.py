"""Application logs never carry personal data: exception texts often quote the values involved (a
database error repeats the row it refused), so logged tracebacks keep their frames and the exception's
type, never its message."""

import logging
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
