import django.db.models.deletion
from django.db import migrations, models


def propose_primary_company(apps, schema_editor):
    """Existing articles are about the company their title names first, as the importer proposes."""
    Article = apps.get_model("articles", "Article")
    for article in Article.objects.filter(primary_company__isnull=True).prefetch_related("companies"):
        named = [(article.title.find(c.name), c.name, c) for c in article.companies.all()]
        named = sorted(hit for hit in named if hit[0] >= 0)
        if named:
            Article.objects.filter(pk=article.pk).update(primary_company=named[0][2])


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0017_author_profiles'),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='primary_company',
            field=models.ForeignKey(blank=True, help_text='The one company or topic the article is about; search engines read it as the subject. The others listed are mentions. The importer proposes the one in the title.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='articles.company', verbose_name='about (primary company/topic)'),
        ),
        migrations.CreateModel(
            name='FormerArticleSlug',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=200, unique=True)),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='articles.article')),
            ],
        ),
        migrations.RunPython(propose_primary_company, migrations.RunPython.noop),
    ]
