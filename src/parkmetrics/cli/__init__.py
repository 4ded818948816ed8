"""The command line: `app` holds the `parkmetrics` group, one module per concern holds its commands."""
