"""`.env` is read by the entry points, and the real environment wins over it."""

import os

from evnews import environment


def test_dotenv_sets_what_the_environment_does_not(tmp_path, monkeypatch):
    monkeypatch.delenv("EVNEWS_FROM_FILE", raising=False)
    monkeypatch.setenv("EVNEWS_ALREADY_SET", "from the environment")
    env_file = tmp_path / ".env"
    env_file.write_text("EVNEWS_FROM_FILE=from the file\nEVNEWS_ALREADY_SET=from the file\n")
    environment.load(env_file)
    assert os.environ["EVNEWS_FROM_FILE"] == "from the file"
    assert os.environ["EVNEWS_ALREADY_SET"] == "from the environment"
    monkeypatch.delenv("EVNEWS_FROM_FILE")


def test_a_missing_dotenv_is_fine(tmp_path):
    environment.load(tmp_path / "absent.env")
