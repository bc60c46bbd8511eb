from pathlib import Path

import pytest
from hypothesis import settings

# the same examples on every run (a CI failure can be reproduced), and no per-example
# deadline: timing belongs to the benchmark, not to a loaded test machine
settings.register_profile("repeatable", derandomize=True, deadline=None, max_examples=200)
settings.load_profile("repeatable")

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
FIXTURES = ROOT / "tests" / "fixtures"
SEEDS = ("000_3d6e5cfce5c82a4b.txt", "004_7ada625db814d714.txt")


@pytest.fixture
def seed_dir(tmp_path):
    """A raw folder holding the two seed documents."""
    raw = tmp_path / "raw"
    raw.mkdir()
    for name in SEEDS:
        (raw / name).write_bytes((RAW / name).read_bytes())
    return raw
