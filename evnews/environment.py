"""Read `.env` (beside manage.py) into the environment, for the entry points only.

manage.py, wsgi.py and asgi.py call `load()` before Django reads its settings; variables already
set in the real environment win over the file. The test suite does not go through these entry
points, so a developer's `.env` never changes what the tests see.
"""

from pathlib import Path

from dotenv import load_dotenv

ENV_FILE = Path(__file__).resolve().parent.parent / ".env"


def load(path: Path = ENV_FILE) -> None:
    load_dotenv(path, override=False)
