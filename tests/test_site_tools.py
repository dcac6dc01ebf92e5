"""``python -m site_tools``: the command that regenerates the site's figures and records."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from site_tools import figures
from site_tools.__main__ import main as site_main


def test_figures_list_names_every_registered_figure(capsys) -> None:
    assert site_main(["figures", "--list"]) == 0
    listed = capsys.readouterr().out
    for key in figures.registry():
        assert key in listed


def test_figures_draws_the_selected_figure(tmp_path, capsys) -> None:
    key = next(k for k, f in figures.registry().items() if not f.needs)
    assert site_main(["figures", "--only", key, "--lang", "en", "--docs", str(tmp_path)]) == 0
    chapter, name = key.split("/")
    assert (tmp_path / chapter / "figures" / f"{name}.en.png").stat().st_size > 1000
    assert not (tmp_path / chapter / "figures" / f"{name}.png").exists()


def test_figures_with_no_match_fails(capsys) -> None:
    assert site_main(["figures", "--only", "no-such-figure"]) == 1


def test_record_refuses_an_unknown_experiment(capsys) -> None:
    assert site_main(["record", "no-such-run"]) == 1
    assert "unknown experiment" in capsys.readouterr().err


def test_python_dash_m_site_tools_lists_its_commands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "site_tools", "--help"],
        capture_output=True, text=True, check=False, timeout=60,
        cwd=Path(__file__).resolve().parents[1],
    )  # fmt: skip
    assert result.returncode == 0
    for command in ("figures", "record", "all"):
        assert command in result.stdout


def test_notebooks_only_names_one_chapter(tmp_path):
    """``--only ch01`` is volume 1's chapter 1, not volume 2's as well; a folder's own name
    (``framework``) works when no folder under docs is called that."""
    from site_tools.notebook_run import _selected

    pages = [tmp_path / d / "index.md" for d in ("ch01", "vol2/ch01", "beyond/framework")]
    chosen = {o: [p.parent.relative_to(tmp_path).as_posix() for p in _selected(pages, tmp_path, o)]
              for o in ("ch01", "vol2/ch01", "framework", "ch1", None)}  # fmt: skip
    assert chosen == {
        "ch01": ["ch01"],
        "vol2/ch01": ["vol2/ch01"],
        "framework": ["beyond/framework"],
        "ch1": [],
        None: ["ch01", "vol2/ch01", "beyond/framework"],
    }
