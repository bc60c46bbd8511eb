"""Keeping an import out of a process: some libraries import a large module they do
not need for what the pipeline asks of them."""
from __future__ import annotations

import sys
from contextlib import contextmanager


class Refuse:
    """An import finder that fails the imports of `modules`."""

    def __init__(self, modules):
        self.modules = set(modules)

    def find_spec(self, name, path=None, target=None):
        if name in self.modules:
            raise ModuleNotFoundError(f"{name} is kept out of this import", name=name)
        return None


@contextmanager
def missing(*modules: str):
    """Meanwhile, importing any of `modules` not imported already fails; afterwards
    they import as ever."""
    finder = Refuse(name for name in modules if name not in sys.modules)
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)
