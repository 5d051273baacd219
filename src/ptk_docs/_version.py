"""The version of ptk_docs, in one place."""

__version__ = "0.1.0"
