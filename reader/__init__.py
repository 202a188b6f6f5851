"""A keyboard-first terminal reader for folders of news records."""

__version__ = "0.1.0"
