"""Two imports of the same file at the same moment, on real concurrent PostgreSQL
connections: the second waits for the first (advisory lock) and then finds everything in
place. Before, the loser printed a full IntegrityError traceback."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.importers.conftest import APERTURA_2011, row_counts
from tests.test_concurrency import run_together

pytestmark = [
    pytest.mark.postgres_only("needs PostgreSQL: real concurrent connections"),
    pytest.mark.django_db(transaction=True),
]


def test_two_imports_of_the_same_file_at_once_run_one_after_the_other():
    def job():
        out = StringIO()
        call_command("import_season", str(APERTURA_2011), stdout=out, stderr=StringIO())
        return out.getvalue()

    outputs = run_together(job, job)
    assert sorted("(created)" in out for out in outputs) == [False, True]
    assert any("(nothing changed)" in out for out in outputs)
    counts = row_counts()
    assert (counts["Tournament"], counts["Leg"], counts["Goal"]) == (1, 12, 34)
