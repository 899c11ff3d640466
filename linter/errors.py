"""Errors that end a run with exit code 2, kept apart so the CLI can catch them without importing
the modules that raise them."""


class ConfigError(Exception):
    """A configuration (or baseline) that cannot be used; the message names the file and line."""


class UsageError(Exception):
    """A request that cannot be carried out as asked (an unknown rule, a bad option): the message says why."""


class EditionError(ConfigError):
    """An edition file that cannot be used (an unknown or missing key, a row that does not exist…): the message
    names the file and line."""
