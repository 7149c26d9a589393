"""The caches kept between runs, keyed by content and by the code itself."""
