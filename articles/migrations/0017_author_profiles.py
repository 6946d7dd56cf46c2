import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils.text import slugify

# Shown where an account has no full name: the login name is never public.
ANONYMOUS_NAME = "Newsroom staff"


def give_authors_profiles(apps, schema_editor):
    """Every staff account and every author gets a public slug from their display name."""
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    AuthorProfile = apps.get_model("articles", "AuthorProfile")
    taken = set(AuthorProfile.objects.values_list("slug", flat=True))
    people = User.objects.filter(models.Q(is_staff=True) | models.Q(articles__isnull=False))
    for user in people.distinct().order_by("pk"):
        if AuthorProfile.objects.filter(user=user).exists():
            continue
        name = f"{user.first_name} {user.last_name}".strip() or ANONYMOUS_NAME
        base = (slugify(name)[:70].strip("-") if name != ANONYMOUS_NAME else "") or f"author-{user.pk}"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        AuthorProfile.objects.create(user=user, slug=slug, display_name=name)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0016_transition_part'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AuthorProfile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(help_text='Your public address: /authors/<slug>/. Old addresses keep redirecting here.', max_length=80, unique=True)),
                ('display_name', models.CharField(max_length=120)),
                ('bio', models.TextField(blank=True, help_text='A few plain sentences about you.')),
                ('photo', models.ImageField(blank=True, upload_to='authors/')),
                ('photo_alt', models.CharField(blank=True, help_text='Default: your name.', max_length=200)),
                ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='author_profile', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['display_name'],
            },
        ),
        migrations.CreateModel(
            name='FormerAuthorSlug',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=80, unique=True)),
                ('profile', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='articles.authorprofile')),
            ],
        ),
        migrations.RunPython(give_authors_profiles, migrations.RunPython.noop),
    ]
