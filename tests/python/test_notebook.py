# SPDX-License-Identifier: MIT
"""examples/python/notebook.ipynb runs top to bottom in a Jupyter kernel (Debian: python3-nbclient,
python3-ipykernel, python3-pandas) and shows the table, a filter with reasons and a data frame."""
import json
import sys

import pytest

from conftest import ROOT

NOTEBOOK = ROOT / "examples" / "python" / "notebook.ipynb"
MISSING = "is not installed (Debian: apt-get install python3-nbclient python3-ipykernel python3-pandas)"


def test_notebook_is_stored_without_outputs():
    # Outputs would go stale with every change of the catalog or the renderers.
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [cell for cell in nb["cells"] if cell["cell_type"] == "code"]
    assert code
    for cell in code:
        assert cell["outputs"] == [] and cell["execution_count"] is None, "".join(cell["source"])


@pytest.fixture()
def kernel_env(tmp_path, monkeypatch):
    """A kernel that runs this interpreter (with the carecompare under test), and Jupyter's files in
    tmp_path. Debian's own python3 kernel spec names /usr/bin/python3, which does not see a venv."""
    spec = tmp_path / "jupyter" / "kernels" / "carecompare-test"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "carecompare test", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    monkeypatch.setenv("JUPYTER_RUNTIME_DIR", str(tmp_path / "runtime"))
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    return "carecompare-test"


def outputs_of(cell):
    html = [o["data"]["text/html"] for o in cell["outputs"] if "text/html" in o.get("data", {})]
    text = "".join(o.get("text", "") for o in cell["outputs"] if o["output_type"] == "stream")
    return "".join(html), text


def test_notebook_runs_top_to_bottom(kernel_env, tmp_path):
    nbformat = pytest.importorskip("nbformat", reason="nbformat " + MISSING)
    nbclient = pytest.importorskip("nbclient", reason="nbclient " + MISSING)
    pytest.importorskip("ipykernel", reason="ipykernel " + MISSING)
    pytest.importorskip("pandas", reason="pandas " + MISSING)

    nb = nbformat.read(str(NOTEBOOK), as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name=kernel_env, timeout=120,
                                     resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError, with the traceback, when a cell fails

    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    assert all(o["output_type"] != "error" for cell in code for o in cell["outputs"])
    catalog_html, _ = outputs_of(code[0])
    assert '<figure class="carecompare"' in catalog_html and "informational purposes" in catalog_html
    assert '<th scope="row">Systemic Therapy</th>' in catalog_html

    result_html, _ = outputs_of(code[1])
    assert '<th scope="row">Radiation Therapy</th>' in result_html
    assert '<details class="carecompare-not-shown">' in result_html

    _, reasons = outputs_of(code[2])
    assert reasons.startswith("Radiation Therapy (relevance 3)\n    why: ")
    assert "informational purposes" in reasons

    undecided_html, asked = outputs_of(code[3])
    assert "Not answered yet: ['Pain score']" in asked
    assert "Depends on what you have not answered" in undecided_html

    frame_html, _ = outputs_of(code[4])
    assert 'class="dataframe"' in frame_html
    assert "<td>not_shown</td>" in frame_html and "<td>relevant</td>" in frame_html

    _, counts = outputs_of(code[5])
    assert "not_shown" in counts and "informational purposes" in counts
