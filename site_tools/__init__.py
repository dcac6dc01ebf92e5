"""The machinery that builds the site, kept apart from the library a reader imports.

- :mod:`site_tools.figures`: every figure the pages show, drawn by code in Korean and English.
- :mod:`site_tools.records`: chapter 6's full-size experiments, recorded as JSON.

``python -m site_tools --help`` lists the commands that regenerate them.
"""
