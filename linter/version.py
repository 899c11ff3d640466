"""The version of disclint, on its own so that every module can read it without importing the package API."""
__version__ = "0.2.0"
