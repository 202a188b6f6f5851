"""Entry point for `python -m reader`."""

from reader.cli import main

# The guard matters: parser worker processes are spawned and re-import the main module.
if __name__ == "__main__":
    raise SystemExit(main())
