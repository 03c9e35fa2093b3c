"""The README's Python example runs as written."""

from __future__ import annotations

import re
import shutil
from contextlib import redirect_stdout
from io import StringIO

from conftest import REPO


def readme_python() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## From Python", 1)[1]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_the_readme_python_example_runs(tmp_path, monkeypatch):
    shutil.copytree(REPO / "examples" / "articles", tmp_path / "examples" / "articles")
    monkeypatch.chdir(tmp_path)
    printed = StringIO()
    with redirect_stdout(printed):
        exec(compile(readme_python(), "README.md", "exec"), {"__name__": "readme"})  # noqa: S102
    lines = printed.getvalue().splitlines()
    sentence = "Volkov met Iranian Foreign Minister Hossein Karimi at the foreign ministry in Tehran."
    assert f"RUSGOV 040 IRNGOV {sentence}" in lines
    assert lines[-1] == "[]"  # demo.duckdb is new: no events stored yet
    assert (tmp_path / "demo.duckdb").exists()


def test_the_developers_layout_names_every_package_and_module():
    text = (REPO / "DEVELOPERS.md").read_text(encoding="utf-8")
    layout = text.split("```", 2)[1]
    source = REPO / "src" / "tidings"
    packages = sorted(p.parent.name for p in source.glob("*/**/__init__.py"))
    modules = sorted(p.stem for p in source.glob("*.py") if p.stem not in ("__init__", "__main__"))
    missing = [f"{name}/" for name in packages if f"{name}/" not in layout]
    missing += [f"{name}.py" for name in modules if f"{name}.py" not in layout]
    assert missing == []
