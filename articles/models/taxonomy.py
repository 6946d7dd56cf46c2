from django.db import models
from django.urls import reverse


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:category-detail", kwargs={"slug": self.slug})


class CompanyKind(models.TextChoices):
    COMPANY = "company", "Company"
    REGULATOR = "regulator", "Regulator or government body"
    ORGANISATION = "organisation", "Organisation"
    TOPIC = "topic", "Topic"  # a subject that is no organisation, e.g. an imported tag


class Company(models.Model):
    """A company or other entity that articles are about and facts are stated of (Xiaomi, NDRC)."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=CompanyKind, default=CompanyKind.COMPANY)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "company or entity"
        verbose_name_plural = "companies and entities"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:company-detail", kwargs={"slug": self.slug})
