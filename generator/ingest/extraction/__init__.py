"""Turn a saved web page or a scraped text dump into clean paragraphs and draft metadata."""
