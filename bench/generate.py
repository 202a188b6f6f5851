"""A deterministic generator of realistic news records, for benchmarks at 10k to 1M files.

`python bench/generate.py OUT_DIR N [--seed S]` writes N records in the format of the real seed
(`seeds/000_6cf2a3010f9faec9.txt`), nested by publication day (`2020/01/05/0000123_<hex>.md`).
The same N and seed always give the same bytes, so a benchmark run on one machine can be
repeated on another. Every random choice for record i comes from generators seeded by (seed, i),
so any record, and any record's related items, can be built without building the others first.
"""

from __future__ import annotations

import argparse
import base64
import bisect
import datetime as dt
import itertools
import multiprocessing
import os
import random
import sys
import time
from functools import lru_cache
from typing import NamedTuple

EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
PER_DAY = 250  # records per day: 100k records span about 13 months, 1M about 11 years
CLUSTER = 10  # consecutive records about one story share a topic and link to each other
NEAR = 2000  # related items outside the cluster point this far at most
RELATED_WEIGHTS = (20, 18, 22, 18, 11, 7, 4)  # how many related items (0-6) a record has
BODY_SHARE = 0.20
OUTSIDE_SHARE = 0.05  # related items that point at a story that is not in the folder
MUTUAL_SHARE = 0.30  # neighbouring pairs (2k, 2k+1) that list each other first

# -- the pools ---------------------------------------------------------------------------------

_BASE_TOPICS = (
    "AI", "Space", "Climate", "Energy", "Software", "Security", "Robotics", "Quantum Computing",
    "Semiconductors", "Policy", "Privacy", "Science", "Health", "Biotech", "Cars", "Electric Vehicles",
    "Batteries", "Smartphones", "Cloud", "Open Source", "Startups", "Markets", "Crypto", "Gaming",
    "Streaming", "Social Media", "Telecom", "5G", "Aviation", "Rail", "Shipping", "Agriculture",
    "Oceans", "Wildfires", "Weather", "Astronomy", "Physics", "Chemistry", "Genetics", "Vaccines",
    "Education", "Jobs", "Trade", "Antitrust", "Courts", "Elections", "Cybercrime", "Drones",
    "Satellites", "Mars", "Moon", "Nuclear Power", "Solar Power", "Wind Power", "Hydrogen",
    "Data Centers", "Supply Chains", "Retail", "Banking", "Housing",
)  # fmt: skip
_TOPIC_PREFIXES = (
    "Facebook", "Google", "Apple", "Microsoft", "Amazon", "China", "EU", "US", "India", "Japan",
    "UK", "Germany", "Nvidia", "Tesla", "Samsung", "Meta", "Global", "Consumer", "Enterprise",
    "Military",
)  # fmt: skip
_PLACES = (
    "Northfield", "Meridian", "Kestrel", "Tidewater", "Orbital", "Coldfront", "Gridline", "Lantern",
    "Harbor", "Summit", "Granite", "Prairie", "Riverside", "Bayline", "Ironwood", "Silverlake",
    "Redcliff", "Ashford", "Westgate", "Eastbrook",
)  # fmt: skip
_OUTLETS = ("Daily", "Wire", "Science Desk", "Ledger", "Tribune", "Review", "Post", "Times", "Journal")
_SUFFIXES = (".com", ".com", ".org", ".net", ".io", ".news")
_ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_SECTIONS = ("news", "technology", "science", "business", "world", "politics", "explainers", "analysis")

_ORGS = (
    "Regulators", "Researchers", "Lawmakers", "Investors", "Engineers", "Start-ups", "Chip makers",
    "Carmakers", "Scientists", "Officials", "Analysts", "Developers", "Insurers", "Airlines",
    "Universities", "Hospitals", "Utilities", "Farmers", "Astronomers", "Cloud providers",
)  # fmt: skip
_VERBS = (
    "weigh", "question", "push back on", "bet on", "rush to adopt", "warn about", "study",
    "back", "doubt", "test", "scale up", "rethink", "welcome", "race to build", "brace for",
)  # fmt: skip
_NOUNS = (
    "rules", "models", "prices", "targets", "projects", "launches", "deals", "limits", "tools",
    "forecasts", "standards", "grants", "tests", "chips", "networks", "sensors", "budgets",
)  # fmt: skip
_ADJECTIVES = (
    "new", "stricter", "cheaper", "faster", "open", "delayed", "record", "first", "revised", "local",
    "global", "experimental", "long-awaited", "surprise", "interim",
)  # fmt: skip
_PERIODS = ("week", "month", "year", "quarter", "spring", "winter")
_CLAIMS = (
    "The change is narrower than many expected, but it sets a precedent that others may follow.",
    "Early figures suggest the effect will be modest this year and larger the next.",
    "Critics say the plan leaves too many questions open, while supporters call it overdue.",
    "The work builds on a decade of smaller trials that rarely made headlines.",
    "People familiar with the talks said a decision could come within weeks.",
    "The figures were published on Friday and have not yet been independently checked.",
    "Several companies declined to comment, citing ongoing reviews.",
    "It is the third such announcement this year, and the largest so far.",
    "Analysts expect costs to fall as production moves to larger plants.",
    "The report's authors caution that the sample is small and mostly from one region.",
    "Officials said the measure would be reviewed after a public comment period.",
    "Engineers say the hardest part is not the idea but keeping it running for years.",
)  # fmt: skip
_LEADS = (
    "{org} {verb} {adj} {topic} {noun}",
    "Why {topic} {noun} are {adj} again",
    "{place} {verb} {adj} {topic} {noun}",
    "{n} things to know about {topic} {noun} this {period}",
    "{topic}: {org} {verb} {adj} {noun}",
    "Inside the {adj} {topic} {noun} that {org} {verb}",
    "[Video] {org} {verb} {topic} {noun}",
    "{org} & {org2} {verb} {topic} {noun}",
)  # fmt: skip
_HEADINGS = ("What changed", "What it means", "Background", "What comes next", "The numbers", "Reaction")
_BULLETS = (
    "whether the rule covers *general-purpose* tools",
    "how long a review will take",
    "what counts as a **commercial** use",
    "who pays for the first trials",
    "when the data will be public",
    "how the figures were collected",
)  # fmt: skip


def _build_topics() -> tuple[str, ...]:
    """About 200 topic labels: the base ones and company- or region-specific ones, in a fixed order."""
    chooser = random.Random(7)  # fixed: the topic pool is the same for every seed
    extra: list[str] = []
    pairs = [(prefix, base) for prefix in _TOPIC_PREFIXES for base in _BASE_TOPICS[:30]]
    chooser.shuffle(pairs)
    for prefix, base in pairs[:140]:
        extra.append(f"{prefix} {base}")
    return _BASE_TOPICS + tuple(extra)


TOPICS = _build_topics()
# A few topics are huge and most are small, as in real feeds: Zipf-like weights.
_TOPIC_CUM = list(itertools.accumulate(1.0 / (rank + 2) ** 0.9 for rank in range(len(TOPICS))))


class Provider(NamedTuple):
    """A publisher and how its addresses look."""

    name: str
    domain: str
    host: str  # the host in its links: with or without www.
    dated: bool  # links carry /yyyy/mm/dd/
    amp: bool  # it has AMP pages
    msn: bool  # syndicated through MSN: msn.com/en-us/news/<section>/<slug>/ar-<id>


def _build_providers() -> tuple[Provider, ...]:
    """About 100 publishers, the same for every seed."""
    chooser = random.Random(11)
    providers: list[Provider] = []
    names = [(place, outlet) for place in _PLACES for outlet in _OUTLETS]
    chooser.shuffle(names)
    for place, outlet in names[:100]:
        name = f"{place} {outlet}" if chooser.random() < 0.7 else f"The {place} {outlet}"
        if chooser.random() < 0.12:
            providers.append(Provider(f"{name} on MSN.com", "msn.com", "www.msn.com", False, False, True))
            continue
        domain = (place + outlet.split()[0]).lower() + chooser.choice(_SUFFIXES)
        host = ("www." + domain) if chooser.random() < 0.5 else domain
        providers.append(Provider(name, domain, host, chooser.random() < 0.5, chooser.random() < 0.35, False))
    return tuple(providers)


PROVIDERS = _build_providers()
_PROVIDER_CUM = list(itertools.accumulate(1.0 / (rank + 3) ** 0.7 for rank in range(len(PROVIDERS))))


def _pick(rng: random.Random, cum: list[float]) -> int:
    """An index drawn with the weights whose running sums are `cum`."""
    return bisect.bisect(cum, rng.random() * cum[-1])


def _quote(text: str) -> str:
    """A YAML double-quoted scalar of `text`."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _hex(rng: random.Random, digits: int) -> str:
    """`digits` random lowercase hex digits."""
    return f"{rng.getrandbits(4 * digits):0{digits}x}"


# -- one story ---------------------------------------------------------------------------------


class Story(NamedTuple):
    """What both a record and the related items pointing at it say about one story."""

    title: str
    excerpt: str
    published: str
    day: str  # yyyy/mm/dd of publication: the folder of the file
    provider: Provider
    url: str
    amp_url: str  # "" when the publisher has no AMP page
    cdn_amp_url: str
    amp_in_record: bool  # the record itself carries ampUrl / cdnAmpUrl
    topics: tuple[str, ...]
    quality: int
    type: str
    image: str
    width: int
    height: int


def _slug(title: str) -> str:
    """The address slug of a title, as publishers make them: lowercase words joined by dashes."""
    words = "".join(ch if ch.isalnum() else " " for ch in title.lower()).split()
    return "-".join(words[:9])


def _cdn(amp_url: str) -> str:
    """The AMP cache address of an AMP page, built the way the AMP cache builds it."""
    host, _, rest = amp_url.removeprefix("https://").partition("/")
    return f"https://{host.replace('-', '--').replace('.', '-')}.cdn.ampproject.org/c/s/{host}/{rest}"


def _title(rng: random.Random, topic: str) -> str:
    """A headline about `topic` from the templates and word pools."""
    template = rng.choice(_LEADS)
    orgs = rng.sample(_ORGS, 2)
    title = template.format(
        org=orgs[0],
        org2=orgs[1].lower(),
        verb=rng.choice(_VERBS),
        adj=rng.choice(_ADJECTIVES),
        noun=rng.choice(_NOUNS),
        topic=topic,
        place=rng.choice(_PLACES),
        n=rng.randint(3, 9),
        period=rng.choice(_PERIODS),
    )
    return title[0].upper() + title[1:]


@lru_cache(maxsize=1 << 12)
def _cluster_topic(seed: int, cluster: int) -> int:
    """The main topic of a cluster of records about one story."""
    return _pick(random.Random(seed * 7_919 + cluster * 104_729 + 1), _TOPIC_CUM)


@lru_cache(maxsize=1 << 14)
def story(seed: int, i: int) -> Story:
    """The story of record i: its title, address, date and topics."""
    rng = random.Random(seed * 1_000_003 + i)
    main = _cluster_topic(seed, i // CLUSTER)
    topics = [TOPICS[main]]
    for _ in range(rng.choice((0, 0, 0, 1, 1, 2))):
        extra = TOPICS[_pick(rng, _TOPIC_CUM)]
        if extra not in topics:
            topics.append(extra)
    title = _title(rng, topics[0])
    excerpt = " ".join(rng.sample(_CLAIMS, rng.choice((1, 2, 2, 3))))
    spacing = 86_400 / PER_DAY
    moment = EPOCH + dt.timedelta(seconds=int(i * spacing + rng.random() * spacing * CLUSTER))
    provider = PROVIDERS[_pick(rng, _PROVIDER_CUM)]
    slug = _slug(title)
    section = rng.choice(_SECTIONS)
    token = _hex(rng, 8)
    if provider.msn:
        alnum = "".join(rng.choice(_ALNUM) for _ in range(5))
        path = f"en-us/news/{section}/{slug}/ar-BB{alnum}"
    elif provider.dated:
        path = f"{section}/{moment:%Y/%m/%d}/{slug}-{token}"
    else:
        path = f"{section}/{slug}-{token}"
    url = f"https://{provider.host}/{path}"
    amp_url = cdn = ""
    if provider.amp:
        amp_url = f"https://{provider.host}/amp/{path}" if rng.random() < 0.5 else f"{url}.amp.html"
        cdn = _cdn(amp_url)
    kind = rng.random()
    return Story(
        title=title,
        excerpt=excerpt,
        published=f"{moment:%Y-%m-%dT%H:%M:%SZ}",
        day=f"{moment:%Y/%m/%d}",
        provider=provider,
        url=url,
        amp_url=amp_url,
        cdn_amp_url=cdn,
        amp_in_record=bool(amp_url) and rng.random() < 0.5,
        topics=tuple(topics),
        quality=rng.randint(20, 90),
        type="article" if kind < 0.9 else ("video" if kind < 0.96 else "slideshow"),
        image=_hex(rng, 32).upper(),
        width=700,
        height=rng.choice((350, 366, 367, 394, 467, 525)),
    )


# -- one record --------------------------------------------------------------------------------


def _related_targets(rng: random.Random, seed: int, i: int, n: int) -> list[int | None]:
    """The records record i's related items point at; None for a story outside the folder."""
    count = rng.choices(range(len(RELATED_WEIGHTS)), weights=RELATED_WEIGHTS)[0]
    targets: list[int | None] = []
    partner = i ^ 1
    if partner < n and random.Random(seed * 31 + (i >> 1)).random() < MUTUAL_SHARE:
        targets.append(partner)  # both of the pair list each other: a mutual link
        count = max(count, 1)
    cluster = i - i % CLUSTER
    for _ in range(count * 3):  # a few tries: a small folder may not have `count` distinct others
        if len(targets) >= count:
            break
        if rng.random() < OUTSIDE_SHARE:
            targets.append(None)
            continue
        if rng.random() < 0.7:
            j = rng.randrange(cluster, min(cluster + CLUSTER, n))
        else:
            j = rng.randint(max(0, i - NEAR), min(n - 1, i + NEAR))
        if j != i and j not in targets:
            targets.append(j)
    return targets


def _related_urls(rng: random.Random, target: Story) -> list[tuple[str, str]]:
    """The address keys of a related item: the ways real feeds write a link to the same story."""
    roll = rng.random()
    if target.amp_in_record and roll < 0.15:
        return [("ampUrl", target.amp_url), ("cdnAmpUrl", target.cdn_amp_url)]
    if target.amp_url and roll < 0.35:
        return [("sourceUrl", target.url), ("ampUrl", target.amp_url), ("cdnAmpUrl", target.cdn_amp_url)]
    if roll < 0.55:
        return [("sourceUrl", target.url + rng.choice(("?ocid=BingNews", "?ocid=msedgntp", "?utm_source=x")))]
    if roll < 0.6:
        # The same address as a person might paste it: http, no www., a trailing slash.
        url = target.url.replace("https://", "http://", 1).replace("://www.", "://", 1) + "/"
        return [("sourceUrl", url)]
    return [("sourceUrl", target.url)]


def _outside(rng: random.Random, seed: int, i: int) -> Story:
    """A story that is not in the folder: a plausible link to a publisher's page no record has."""
    base = story(seed, i)
    title = _title(rng, base.topics[0])
    provider = PROVIDERS[_pick(rng, _PROVIDER_CUM)]
    host = provider.domain if provider.msn else provider.host
    # Nine hex digits where generated records have eight: no record can have this address.
    url = f"https://{host}/{rng.choice(_SECTIONS)}/{_slug(title)}-{_hex(rng, 9)}"
    moment = dt.datetime.strptime(base.published, "%Y-%m-%dT%H:%M:%SZ") - dt.timedelta(
        seconds=rng.randrange(3 * 86_400)
    )
    return base._replace(
        title=title,
        excerpt=" ".join(rng.sample(_CLAIMS, 2)),
        published=f"{moment:%Y-%m-%dT%H:%M:%SZ}",
        provider=provider,
        url=url,
        amp_url="",
        cdn_amp_url="",
        amp_in_record=False,
        image=_hex(rng, 32).upper(),
    )


def _image_lines(indent: str, target: Story, with_title: bool) -> list[str]:
    """The YAML lines of a story's one-image list."""
    lines = [
        f"{indent}images:",
        f"{indent}  - url: https://www.bing.com/th?id=ON.{target.image}",
        f"{indent}    width: {target.width}",
        f"{indent}    height: {target.height}",
    ]
    if with_title:
        lines.append(f"{indent}    title: {_quote(target.title)}")
    return lines


def _body(rng: random.Random) -> str:
    """A short Markdown body: headings, paragraphs, a list, emphasis, code and a link."""
    parts: list[str] = []
    for heading in rng.sample(_HEADINGS, rng.randint(1, 3)):
        parts.append(f"## {heading}")
        parts.append(" ".join(rng.sample(_CLAIMS, rng.randint(2, 4))))
        if rng.random() < 0.4:
            parts.append("\n".join(f"- {item}" for item in rng.sample(_BULLETS, 3)))
    if rng.random() < 0.3:
        parts.append("One engineer noted that calling `train_detector()` on a laptop is in scope too.")
    if rng.random() < 0.4:
        parts.append(f"Read [the full report](https://example.org/reports/{_hex(rng, 8)}) for the method.")
    return "\n\n".join(parts)


def record_text(seed: int, i: int, n: int) -> str:
    """The full text of record i of n."""
    own = story(seed, i)
    rng = random.Random(seed * 1_000_003 + i + 500_000_000_000)
    heat = -1 if rng.random() < 0.45 else rng.randint(15, 95)
    lines = [
        "---",
        "category: news" if rng.random() < 0.92 else f"category: {rng.choice(_SECTIONS)}",
        f"title: {_quote(own.title)}",
        f"excerpt: {_quote(own.excerpt)}",
        f"publishedDateTime: {own.published}",
        f"sourceUrl: {own.url}",
    ]
    if own.amp_in_record:
        lines += [f"ampUrl: {own.amp_url}", f"cdnAmpUrl: {own.cdn_amp_url}"]
    lines += [
        f"type: {own.type}",
        f"quality: {own.quality}",
        f"heat: {heat}",
        f"published: {'true' if heat >= 60 else 'false'}",
        "",
        "provider:",
        f"  name: {_quote(own.provider.name)}",
        f"  domain: {own.provider.domain}",
        "",
        "topics:",
        *(f"  - {topic}" for topic in own.topics),
        "",
    ]
    if rng.random() < 0.9:
        lines += _image_lines("", own, True)
    else:
        lines.append("images: []")
    targets = _related_targets(rng, seed, i, n)
    if targets:
        lines += ["", "related:"]
    for j in targets:
        target = _outside(rng, seed, i) if j is None else story(seed, j)
        lines.append(f"  - title: {_quote(target.title)}")
        if rng.random() < 0.8:
            lines.append(f"    excerpt: {_quote(target.excerpt)}")
        lines.append(f"    publishedDateTime: {target.published}")
        lines += [f"    {key}: {url}" for key, url in _related_urls(rng, target)]
        lines += [
            f"    type: {target.type}",
            "    provider:",
            f"      name: {_quote(target.provider.name)}",
            f"      domain: {target.provider.domain}",
            f"    quality: {target.quality}",
        ]
        if rng.random() < 0.75:
            lines += _image_lines("    ", target, False)
    secret = base64.b64encode(rng.randbytes(rng.choice((144, 160, 176, 192)))).decode()
    salt = base64.b64encode(rng.randbytes(16)).decode()
    lines += ["", f'secured: "{secret};{salt}"', "---", ""]
    if rng.random() < BODY_SHARE:
        lines += [_body(rng), ""]
    return "\n".join(lines)


def record_name(seed: int, i: int) -> str:
    """The path of record i under the output folder: its day folder and a seed-like file name."""
    rng = random.Random(seed * 1_000_003 + i + 900_000_000_000)
    roll = rng.random()
    suffix = ".md" if roll < 0.8 else (".txt" if roll < 0.97 else ".markdown")
    return f"{story(seed, i).day}/{i:07d}_{_hex(rng, 16)}{suffix}"


def _write_range(out_dir: str, seed: int, n: int, start: int, stop: int) -> int:
    """Write records start..stop-1 of n; return the bytes written."""
    made: set[str] = set()
    total = 0
    for i in range(start, stop):
        relative = record_name(seed, i)
        folder = os.path.join(out_dir, os.path.dirname(relative))
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        data = record_text(seed, i, n).encode()
        with open(os.path.join(out_dir, relative), "wb") as handle:
            handle.write(data)
        total += len(data)
    return total


def generate(out_dir: str, n: int, seed: int = 1, jobs: int | None = None) -> int:
    """Write records 0..n-1 under `out_dir`; return the bytes written."""
    jobs = jobs or os.cpu_count() or 1
    if jobs == 1 or n < 20_000:
        return _write_range(out_dir, seed, n, 0, n)
    # Every record depends only on (seed, i, n), so ranges can be written by separate processes
    # and the bytes are the same as a single process writes.
    step = -(-n // (jobs * 4))
    ranges = [(out_dir, seed, n, start, min(n, start + step)) for start in range(0, n, step)]
    with multiprocessing.get_context("spawn").Pool(jobs) as pool:
        return sum(pool.starmap(_write_range, ranges))


def main(argv: list[str] | None = None) -> int:
    """Command line: generate OUT_DIR N [--seed S]."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir")
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    total = generate(args.out_dir, args.n, args.seed)
    elapsed = time.perf_counter() - started
    print(
        f"{args.n:,} records, {total / 1e6:.1f} MB (avg {total / max(args.n, 1):,.0f} B) "
        f"in {args.out_dir} in {elapsed:.1f} s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
