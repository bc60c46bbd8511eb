class ReadError(Exception):
    """An input that cannot be read; the message says why, for errors.csv."""
