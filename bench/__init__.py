"""Archive-scale benchmark: synthetic archives, our build vs bare Pelican and Hugo (docs/PERFORMANCE.md)."""
