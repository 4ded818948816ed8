"""Questions asked of a Dataset: queries, derived indicators, composite indices, scoring, profiles, coverage."""
