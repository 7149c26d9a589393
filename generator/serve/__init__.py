"""`briefing serve`: the live preview, kept in memory and reloaded in the browser on every save."""
