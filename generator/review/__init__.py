"""`briefing diff`: the review of a content change, for a pull request."""
