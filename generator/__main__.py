"""`python -m generator` runs the `briefing` command."""

from generator.cli import main

raise SystemExit(main())
