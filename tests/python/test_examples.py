# SPDX-License-Identifier: MIT
"""The Python examples run as a user runs them (with this interpreter and this carecompare)."""
import subprocess
import sys

from conftest import ROOT

EXAMPLE = ROOT / "examples" / "python" / "filter_and_html.py"


def run(*args, cwd):
    return subprocess.run([sys.executable, str(EXAMPLE), *args], capture_output=True, text=True, cwd=cwd,
                          timeout=60)


def test_filter_and_html_prints_reasons_and_writes_an_accessible_page(tmp_path):
    out = run("--site", "bone", "--symptom", "pain", "--output", "page.html", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[1].startswith("- Radiation Therapy (relevance 3)")
    assert any(line.strip().startswith("why: ") for line in lines)
    assert "informational purposes" in out.stdout
    page = (tmp_path / "page.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert '<html lang="en" dir="ltr">' in page and "<h1>" in page
    assert "<caption>" in page and '<th scope="col">' in page and '<th scope="row"' in page
    assert "informational purposes" in page
    assert "Why not shown" in page  # the options not shown are listed too


def test_filter_and_html_reports_bad_input(tmp_path):
    out = run("--site", "bones", cwd=tmp_path)
    assert out.returncode == 2
    assert "/sites/0" in out.stderr
    assert not (tmp_path / "carecompare-options.html").exists()
