"""The machinery that builds the site, kept apart from the library a reader imports.

- :mod:`site_tools.figures`: every figure the pages show, drawn by code in Korean and English.
- :mod:`site_tools.records`: chapter 6's full-size experiments, recorded as JSON.
- :mod:`site_tools.notebooks`, :mod:`site_tools.notebook_run`: each chapter page as a Jupyter
  notebook, executed and stored with its outputs.

``python -m site_tools --help`` lists the commands that regenerate them.
"""
