"""``python -m scratch``: the same as the ``scratch`` command."""

from scratch.cli import main

raise SystemExit(main())
