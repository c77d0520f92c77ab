"""The parsers are pure (text in, records out: no Django, no database), as are the
corrections applied to their records, and the records module imports none of the parsers
that build records."""

import ast
import subprocess
import sys
from pathlib import Path

IMPORTERS = Path(__file__).resolve().parents[2] / "tournaments" / "importers"


def test_parsing_a_source_imports_no_django():
    code = (
        "import sys; import tournaments.importers.sources, tournaments.vocabulary, "
        "tournaments.importers.corrections; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=IMPORTERS.parents[1],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"


def test_records_import_no_parser():
    tree = ast.parse((IMPORTERS / "records.py").read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    } | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not imported & {"article", "json_format", "sources", "loader"}
