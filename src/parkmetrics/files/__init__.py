"""Files in and out: input size limits and atomic writes."""
