"""The package version: read by setuptools when building (pyproject.toml) and re-exported."""

__version__ = "0.1.0"
