"""The import pages run a constant, exact number of queries."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from clef.exchange.models import ImportJob
from tests.www.queries import page_queries

# session, user, membership, stale jobs recovered (one UPDATE), the job, header's memberships
DETAIL_QUERIES = 6
# the same without the page's header (JSON)
STATUS_QUERIES = 5


def _job(client, operator, problems: int) -> ImportJob:
    errors = [
        {
            "severity": "erreur",
            "file": "logements",
            "line": n,
            "column": "surface_m2",
            "value": "0",
            "message": "x",
        }
        for n in range(problems)
    ]
    return ImportJob.objects.create(
        organisation=operator,
        uploaded_by=client.membership.user,
        uploaded_from=operator,
        file=SimpleUploadedFile("x.csv", b"a"),
        original_name="x.csv",
        problems=errors,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("problems", [1, 30])
def test_the_import_detail_runs_a_constant_number_of_queries(
    director_client, operator, django_assert_num_queries, problems
):
    job = _job(director_client, operator, problems)
    page_queries(
        director_client,
        reverse("www:import_detail", args=[job.pk]),
        django_assert_num_queries,
        DETAIL_QUERIES,
    )


@pytest.mark.django_db
def test_the_import_progress_runs_a_constant_number_of_queries(
    director_client, operator, django_assert_num_queries
):
    job = _job(director_client, operator, 3)
    page_queries(
        director_client,
        reverse("www:import_status", args=[job.pk]),
        django_assert_num_queries,
        STATUS_QUERIES,
    )
