"""The layers contract (pyproject.toml, run by `make lint`) fails on a wrong import and
names it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["nipa_reviews", "companies", "reviews", "interviews"]


def lint_imports(tmp_path: Path, *, inject: tuple[str, str] | None = None):
    """`lint-imports` on a copy of the code, with one line added to one module."""
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("*.pyc"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    if inject is not None:
        module, line = inject
        path = tmp_path / module
        path.write_text(path.read_text() + f"\n{line}\n")
    return subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )


def test_the_code_keeps_the_layers(tmp_path):
    result = lint_imports(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_a_company_module_importing_reviews_breaks_the_contract(tmp_path):
    result = lint_imports(tmp_path, inject=("companies/models.py", "import reviews.models"))
    assert result.returncode == 1
    assert "companies.models -> reviews.models" in result.stdout


def test_reviews_importing_interviews_breaks_the_contract(tmp_path):
    result = lint_imports(tmp_path, inject=("reviews/views.py", "import interviews.selectors"))
    assert result.returncode == 1
    assert "reviews.views -> interviews.selectors" in result.stdout


def test_the_submission_mechanism_importing_a_kind_breaks_the_contract(tmp_path):
    inject = ("nipa_reviews/submissions/services.py", "import reviews.models")
    result = lint_imports(tmp_path, inject=inject)
    assert result.returncode == 1
    assert "nipa_reviews.submissions.services -> reviews.models" in result.stdout
