"""Feed documents for tests, one per format and oddity; every test writes its own copies."""

from __future__ import annotations

import json

RSS2 = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
<channel>
  <title>Café &amp; Co</title>
  <link>https://www.cafe.example/</link>
  <item>
    <title>AT&amp;T [red]x[/red] $title &lt;notatag&gt; 5 &lt; 6</title>
    <link>https://cafe.example/a</link>
    <guid isPermaLink="false">cafe-1</guid>
    <description>&lt;p&gt;Hello &lt;script&gt;alert(1)&lt;/script&gt;world&lt;/p&gt;</description>
    <pubDate>Sun, 05 Jan 2020 17:43:53 +0100</pubDate>
    <category>AI</category>
    <category>Policy</category>
    <enclosure url="https://cafe.example/a.jpg" type="image/jpeg" length="1"/>
    <media:thumbnail url="https://cafe.example/t.jpg" width="120" height="80"/>
  </item>
  <item>
    <title>Second &amp;amp; last</title>
    <link>https://cafe.example/b</link>
    <guid>https://cafe.example/b</guid>
    <description>Plain text summary.</description>
    <pubDate>Mon, 06 Jan 2020 08:00:00 GMT</pubDate>
  </item>
</channel>
</rss>
"""

RSS1 = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.example/">
    <title>RDF News</title>
    <link>https://rdf.example/</link>
    <description>An RSS 1.0 feed</description>
    <items><rdf:Seq><rdf:li resource="https://rdf.example/1"/></rdf:Seq></items>
  </channel>
  <item rdf:about="https://rdf.example/1">
    <title>Resource one</title>
    <link>https://rdf.example/1</link>
    <description>The first resource.</description>
    <dc:date>2021-03-04T05:06:07Z</dc:date>
    <dc:subject>Science</dc:subject>
  </item>
</rdf:RDF>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Atom Times</title>
  <link href="https://atom.example/"/>
  <id>urn:uuid:feed</id>
  <updated>2022-02-02T10:00:00Z</updated>
  <entry>
    <title type="html">Big &amp;lt;news&amp;gt; &amp;amp; more</title>
    <link rel="alternate" href="https://atom.example/big"/>
    <id>urn:uuid:big</id>
    <updated>2022-02-02T10:00:00Z</updated>
    <summary>Short.</summary>
    <content type="html">&lt;p&gt;The &lt;em&gt;whole&lt;/em&gt; story.&lt;/p&gt;</content>
    <category term="Space"/>
  </entry>
</feed>
"""

JSON_FEED = json.dumps(
    {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON Daily",
        "home_page_url": "https://json.example/",
        "items": [
            {
                "id": "j1",
                "title": "[b]Not bold[/b] & <i>not italic</i>",
                "url": "https://json.example/1",
                "content_html": "<p>Body one</p>",
                "summary": "Summary one",
                "date_published": "2023-05-06T07:08:09+02:00",
                "tags": ["Robots", 7, "Robots"],
                "image": "https://json.example/1.png",
                "authors": [{"name": "Ann"}],
            },
            {"id": 2, "content_text": "Only text, no title", "date_published": "not a date"},
            {"title": ["wrong", "type"], "url": 5, "id": "j3"},
            "not an item",
        ],
    }
)

# Latin-1 bytes, declared as such: the é must come through as é.
LATIN1 = (
    '<?xml version="1.0" encoding="ISO-8859-1"?>\n'
    '<rss version="2.0"><channel><title>Caf\xe9 Latin</title><link>https://latin.example/</link>'
    "<item><title>D\xe9j\xe0 vu</title><link>https://latin.example/1</link>"
    "<pubDate>Tue, 07 Jan 2020 09:00:00 GMT</pubDate></item></channel></rss>\n"
).encode("latin-1")

NO_DATES_OR_LINKS = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Bare</title>
  <item><title>Only a title</title></item>
  <item><description>Only a description, no title at all.</description></item>
</channel></rss>
"""

BROKEN = "<rss><channel><title>Oops</title><item><title>x</item></rss"

OPML = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Mine</title></head>
  <body>
    <outline text="Group">
      <outline type="rss" text="Café" xmlUrl="{rss}"/>
      <outline type="rss" title="Atom" text="ignored" xmlUrl="{atom}"/>
    </outline>
    <outline type="rss" text="Again" xmlUrl="{rss}"/>
    <outline text="No feed here"/>
  </body>
</opml>
"""
