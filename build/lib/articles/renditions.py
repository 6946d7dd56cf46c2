"""Old import path of the renditions task, kept for one release (see articles/tasks.py)."""

from articles.images.renditions import make_hero_renditions

__all__ = ["make_hero_renditions"]
