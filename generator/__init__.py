"""Evidence-first briefing site generator: seeds and fact sheets to a static site."""

__version__ = "0.1.0"
