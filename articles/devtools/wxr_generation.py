"""A synthetic WordPress export (WXR 1.2) of any size, for the import benchmark.

Written as WordPress's export_wp() writes it (same elements, CDATA, dates), streamed to the file
so a large export costs no memory to make. Posts are Gutenberg HTML with a Key Takeaways list,
sections and pros/cons; comments are threaded (every third replies to the one before it).
"""

import random
from datetime import UTC, datetime, timedelta
from xml.sax.saxutils import escape

HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:wfw="http://wellformedweb.org/CommentAPI/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:wp="http://wordpress.org/export/1.2/">
<channel>
\t<title>Synthetic</title>
\t<link>http://synthetic.example</link>
\t<wp:wxr_version>1.2</wp:wxr_version>
\t<wp:base_site_url>http://synthetic.example</wp:base_site_url>
"""
WORDS = (
    "battery charging range motorway grid cell pack inverter motor winter heat pump tariff "
    "network station kilowatt supplier factory sedan hatchback platform software update"
).split()


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def sentence(rng: random.Random, words: int = 12) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def post_html(rng: random.Random, n: int) -> str:
    points = "".join(f"<li>{sentence(rng)} ({n}.{i})</li>" for i in range(3))
    sections = "".join(
        f'<!-- wp:heading --><h2 class="wp-block-heading">{i}. {sentence(rng, 4)[:-1]}</h2>'
        f"<!-- /wp:heading --><p>{sentence(rng, 40)}</p>"
        for i in range(1, 4)
    )
    return (
        f"<!-- wp:paragraph --><p>{sentence(rng, 25)}</p><!-- /wp:paragraph -->"
        f"<h2>Key Takeaways</h2><ul>{points}</ul>{sections}"
        f"<h3>Pros</h3><ul><li><strong>Fast:</strong> {sentence(rng)}</li></ul>"
        f"<h3>Cons</h3><ul><li><strong>Dear:</strong> {sentence(rng)}</li></ul>"
        f"<p>{sentence(rng, 20)}</p>"
    )


def write_export(path, *, posts: int, comments_per_post: int, seed: int = 15) -> None:
    rng = random.Random(seed)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    comment_id = 0
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEADER)
        for login in ("ana", "ben", "chen"):
            out.write(
                f"\t<wp:author><wp:author_id>{len(login)}</wp:author_id><wp:author_login>"
                f"{cdata(login)}</wp:author_login><wp:author_email>{cdata(login + '@s.example')}"
                "</wp:author_email><wp:author_display_name>"
                f"{cdata(login.title())}</wp:author_display_name></wp:author>\n"
            )
        for n in range(1, posts + 1):
            date = start + timedelta(hours=n)
            stamp = date.strftime("%Y-%m-%d %H:%M:%S")
            slug = f"post-{n}"
            link = f"http://synthetic.example/{date:%Y/%m}/{slug}/"
            out.write(
                f"\t<item>\n\t\t<title>{cdata(f'Synthetic post {n}: ' + sentence(rng, 6))}</title>"
                f"\n\t\t<link>{escape(link)}</link>\n\t\t<dc:creator>"
                f"{cdata(rng.choice(['ana', 'ben', 'chen']))}</dc:creator>\n"
                f"\t\t<content:encoded>{cdata(post_html(rng, n))}</content:encoded>\n"
                f"\t\t<excerpt:encoded>{cdata('')}</excerpt:encoded>\n"
                f"\t\t<wp:post_id>{100_000 + n}</wp:post_id>\n"
                f"\t\t<wp:post_date>{cdata(stamp)}</wp:post_date>\n"
                f"\t\t<wp:post_date_gmt>{cdata(stamp)}</wp:post_date_gmt>\n"
                f"\t\t<wp:post_name>{cdata(slug)}</wp:post_name>\n"
                f"\t\t<wp:status>{cdata('publish')}</wp:status>\n"
                f"\t\t<wp:post_type>{cdata('post')}</wp:post_type>\n"
                f'\t\t<category domain="category" nicename="news">{cdata("News")}</category>\n'
                f'\t\t<category domain="post_tag" nicename="tag-{n % 50}">'
                f"{cdata(f'Tag {n % 50}')}</category>\n"
            )
            first = comment_id + 1
            for k in range(comments_per_post):
                comment_id += 1
                parent = comment_id - 1 if k % 3 == 2 and comment_id > first else 0
                when = (date + timedelta(minutes=k + 1)).strftime("%Y-%m-%d %H:%M:%S")
                out.write(
                    f"\t\t<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                    f"<wp:comment_author>{cdata(f'Reader {comment_id % 997}')}</wp:comment_author>"
                    f"<wp:comment_author_email>{cdata(f'r{comment_id % 997}@s.example')}"
                    "</wp:comment_author_email>"
                    f"<wp:comment_author_IP>{cdata('198.51.100.' + str(k % 250))}"
                    "</wp:comment_author_IP>"
                    f"<wp:comment_date_gmt>{cdata(when)}</wp:comment_date_gmt>"
                    f"<wp:comment_content>{cdata(sentence(rng, 20))}</wp:comment_content>"
                    f"<wp:comment_approved>{cdata('1' if k % 10 else '0')}</wp:comment_approved>"
                    f"<wp:comment_type>{cdata('comment')}</wp:comment_type>"
                    f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>\n"
                )
            out.write("\t</item>\n")
        out.write("</channel>\n</rss>\n")
