"""Extracting candidate figures from an article: the article and its rules file, period mentions, the extraction."""
