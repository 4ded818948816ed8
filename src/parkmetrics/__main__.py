"""`python -m parkmetrics` runs the command line."""

from parkmetrics.cli import main

if __name__ == "__main__":
    main()
