"""Old slugs kept for redirects: a model whose slug changes records the one it had."""


class RemembersFormerSlugs:
    """Mix into a model with a `slug`; `former_slugs()` names the model keeping old ones and its
    link to this one. After a save that changed the slug, the old slug is kept (old links answer
    301) and the new one is freed from any record (it now names this page)."""

    def former_slugs(self) -> tuple[type, str]:
        raise NotImplementedError

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_slug = instance.__dict__.get("slug")
        return instance

    def save(self, *args, **kwargs):
        previous = getattr(self, "_loaded_slug", None)
        super().save(*args, **kwargs)
        if previous != self.slug:
            former_model, link = self.former_slugs()
            former_model.objects.filter(slug=self.slug).delete()
            if previous:
                former_model.objects.update_or_create(slug=previous, defaults={link: self})
            self._loaded_slug = self.slug
