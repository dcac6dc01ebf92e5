"""Make mkdocs-jupyter notebooks build in both languages.

mkdocs-static-i18n rebuilds the file list in its own ``on_files`` (priority -100), after
mkdocs-jupyter has wrapped ``.ipynb`` files as pages. The wrapping is lost: the notebook
is copied as a static file over its page URL (the site serves raw JSON), and the English
notebook lands beside the Korean one instead of under ``en/``. This hook runs after i18n
and wraps each notebook again, at the URL i18n chose for that language.
"""

from __future__ import annotations

import os
from pathlib import PurePosixPath

from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs_jupyter.plugin import NotebookFile


@event_priority(-200)
def on_files(files: Files, config) -> Files:
    plugin = config.plugins.get("mkdocs-jupyter")
    if plugin is None:
        return files
    for file in list(files):
        if isinstance(file, NotebookFile) or not plugin.should_include(file):
            continue
        page = NotebookFile(file, **config)
        # i18n already put the file under its language ("en/ch05/notebook/index.html",
        # or "en/ch05/notebook.ipynb" when it saw a static file): keep that place.
        dest = PurePosixPath(file.dest_uri)
        stem = dest.with_suffix("") if dest.suffix == ".ipynb" else dest.parent
        page.dest_path = str(stem / "index.html")
        page.abs_dest_path = os.path.normpath(os.path.join(config.site_dir, page.dest_path))
        page.url = f"{stem}/"
        files.remove(file)
        files.append(page)
    return files
