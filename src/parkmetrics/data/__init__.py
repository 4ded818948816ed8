"""The dataset: its schema, the Dataset model, loading, the cache, validation and writing."""
