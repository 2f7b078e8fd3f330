"""Exact query counts of a page (issue 7 §5): the same number whatever the amount of data shown."""

from django.urls import reverse


def page_queries(client, url: str, django_assert_num_queries, expected: int):
    """GET `url` once to settle the session (the current organisation is remembered on the first
    request), then assert that showing it again runs exactly `expected` queries."""
    client.get(reverse("www:home"))
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response
