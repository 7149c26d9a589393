"""Turn a raw page (text dump or web page) into metadata, clean paragraphs and removed blocks."""
