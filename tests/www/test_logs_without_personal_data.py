"""No personal data in the server's logs (issue 6 §4; review): a name search is a GET with the name in
its query string, and the development server logs every request line."""

import io
import logging

from django.conf import settings

from clef.utils.logs import NoQueryStrings


def test_the_console_handler_drops_query_strings_from_request_lines():
    assert "no_query_strings" in settings.LOGGING["handlers"]["console"]["filters"]
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(NoQueryStrings())
    logger = logging.getLogger("django.server")
    logger.addHandler(handler)
    try:
        logger.warning('"%s" %s %s', "GET /menages/?q=Dupont+Marie&page=2 HTTP/1.1", 200, 1234)
    finally:
        logger.removeHandler(handler)
    line = stream.getvalue()
    assert "/menages/?…" in line and "Dupont" not in line and "200" in line
