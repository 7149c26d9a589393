"""`python -m generator` runs the `briefing` command."""

from .cli import main

raise SystemExit(main())
