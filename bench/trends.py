"""Hot-topic benchmark: counting posts, and the hourly detection over two weeks of traffic.

On a fresh SQLite database (or BENCH_DATABASE_URL), bulk-loads 14 days and 6 hours of synthetic
posts (default 60 an hour, ~20,000 posts: Zipf-distributed words from a 3,000-word vocabulary,
one or two of 150 tags each, 2,000 authors) straight into the count tables, adds a burst of one
new phrase in the last hour, then measures:

- counting: `do_record_document` (what the consumer does per post) for 1,000 more posts;
- detection: `do_detect` (the hourly job), which must find the burst and nothing else;
- the trending page's read model (`queries.trending`) for an agent: cold (the detection again,
  as the first view of an hour when the job has not warmed the cache) and warm.

    .venv/bin/python bench/trends.py [--per-hour 60] [--days 14]

Prints the figures and ONE final line of JSON. Targets: detection within 10 s and the warm page's
read model within 1 s at the default volume. Exit status: 0 met, 1 missed, 2 harness failed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from datetime import timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DETECT_TARGET_S = 10.0
PAGE_TARGET_S = 1.0
VOCABULARY = 3_000
TAGS = 150
AUTHORS = 2_000
BURST = "quantum flux error"


def setup_django() -> None:
    sys.path.insert(0, str(REPO_ROOT / "src"))
    if url := os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = url
    else:
        os.environ["CROWDSERVICE_VAR_DIR"] = tempfile.mkdtemp(prefix="bench-trends-")
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crowdservice.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


class Texts:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        syllables = ["ka", "ro", "mi", "ten", "vo", "lu", "sa", "ne", "dri", "po", "gal", "ber"]
        words: set[str] = set()
        while len(words) < VOCABULARY:
            words.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
        self.words = sorted(words)
        self.weights = [1 / (rank + 1) for rank in range(VOCABULARY)]  # Zipf
        self.tags = [f"tag{i}" for i in range(TAGS)]

    def post(self) -> tuple[str, tuple[str, ...]]:
        text = " ".join(self.rng.choices(self.words, self.weights, k=self.rng.randint(15, 45)))
        return text, tuple(self.rng.sample(self.tags, self.rng.randint(1, 2)))


def bulk_load(texts: Texts, start, end, per_hour: int) -> int:  # type: ignore[no-untyped-def]
    """The background, written straight to the count tables (a benchmark seed, not a consumer)."""
    from crowdservice.trends.hours import HOUR
    from crowdservice.trends.models import (
        DocumentTerm,
        SourceHour,
        Term,
        TermHour,
        TrendDocument,
    )
    from crowdservice.trends.terms import extract_terms

    rng = texts.rng
    terms: dict[str, int] = {}
    hour, n = start, 0
    while hour < end:
        documents, extracted = [], []
        for _ in range(max(per_hour + rng.randint(-per_hour // 4, per_hour // 4), 0)):
            n += 1
            text, tags = texts.post()
            documents.append(
                TrendDocument(
                    source="community", key=f"bench:{n}", hour=hour,
                    at=hour + timedelta(minutes=rng.randrange(60)),
                    author_id=rng.randrange(AUTHORS), title=text[:60], url=f"/b/{n}/",
                )
            )  # fmt: skip
            extracted.append(extract_terms(text, tags))
        new = {t.key: t for found in extracted for t in found if t.key not in terms}
        if new:
            Term.objects.bulk_create(
                [Term(key=t.key, kind=t.kind, label=t.label) for t in new.values()], batch_size=500
            )
            terms.update(Term.objects.filter(key__in=list(new)).values_list("key", "pk"))
        TrendDocument.objects.bulk_create(documents, batch_size=500)
        saved = dict(
            TrendDocument.objects.filter(key__in=[d.key for d in documents]).values_list(
                "key", "pk"
            )
        )
        links, counts = [], Counter()
        for document, found in zip(documents, extracted, strict=True):
            for term in found:
                links.append(
                    DocumentTerm(
                        document_id=saved[document.key], term_id=terms[term.key], hour=hour
                    )
                )
                counts[terms[term.key]] += 1
        DocumentTerm.objects.bulk_create(links, batch_size=2_000)
        TermHour.objects.bulk_create(
            [
                TermHour(
                    term_id=t, source="community", hour=hour, hour_of_day=hour.hour, documents=c
                )
                for t, c in counts.items()
            ],
            batch_size=2_000,
        )
        SourceHour.objects.create(source="community", hour=hour, documents=len(documents))
        hour += HOUR
    return n


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-hour", type=int, default=60)
    parser.add_argument("--days", type=int, default=14)
    args = parser.parse_args()
    setup_django()
    from django.core.cache import cache
    from django.db import connection
    from django.utils import timezone

    from crowdservice.accounts.models import User
    from crowdservice.accounts.roles import Role
    from crowdservice.trends.actions import do_detect
    from crowdservice.trends.counting import do_record_document
    from crowdservice.trends.hours import HOUR, floor_hour
    from crowdservice.trends.models import DocumentTerm, TermHour
    from crowdservice.trends.queries import trending
    from crowdservice.trends.sources import SourceDocument

    rng = random.Random(42)
    texts = Texts(rng)
    end = floor_hour(timezone.now())
    start = end - timedelta(days=args.days, hours=6)
    began = time.monotonic()
    loaded = bulk_load(texts, start, end - HOUR, args.per_hour)
    load_s = time.monotonic() - began

    # The last hour through the real counting action: ordinary posts, and a burst of one new
    # phrase from 8 people.
    for i in range(args.per_hour + 8):
        text, tags = texts.post()
        if i < 8:
            text += f" {BURST}"
        do_record_document(
            SourceDocument(
                source="community", key=f"live:{i}", at=end - HOUR + timedelta(seconds=50 * i),
                author_id=AUTHORS + i if i < 8 else rng.randrange(AUTHORS), space_id=None,
                text=text, title=text[:60], url=f"/l/{i}/", tags=tags,
            )
        )  # fmt: skip
    # Counting speed, on posts dated long before the baseline (they change no detection).
    began = time.monotonic()
    counted = 0
    for i in range(1_000):
        text, tags = texts.post()
        do_record_document(
            SourceDocument(
                source="community", key=f"timing:{i}", at=start - timedelta(days=1, seconds=i),
                author_id=rng.randrange(AUTHORS), space_id=None, text=text, title=text[:60],
                url=f"/t/{i}/", tags=tags,
            )
        )  # fmt: skip
        counted += 1
    count_s = time.monotonic() - began

    began = time.monotonic()
    summary = do_detect(at=end)
    detect_s = time.monotonic() - began
    agent = User.objects.create(username="bench_agent", role=Role.AGENT, email="a@example.com")
    cache.clear()
    began = time.monotonic()
    trending(agent, at=end, space=None)
    cold_page_s = time.monotonic() - began
    began = time.monotonic()
    view = trending(agent, at=end, space=None)
    page_s = time.monotonic() - began

    raised = [a.label for a in summary.raised]
    found_burst = any(
        BURST.split()[0] in {a.label, *a.related_labels} or "flux" in a.label
        for a in summary.raised
    )
    figures = {
        "database": connection.vendor,
        "posts_loaded": loaded + counted + args.per_hour + 8,
        "term_hours": TermHour.objects.count(),
        "document_terms": DocumentTerm.objects.count(),
        "bulk_load_s": round(load_s, 1),
        "count_posts_per_s": round(counted / count_s, 1),
        "count_ms_per_post": round(1000 * count_s / counted, 2),
        "detect_s": round(detect_s, 3),
        "detect_tests": summary.tested,
        "alerts_raised": raised,
        "page_read_model_cold_s": round(cold_page_s, 3),
        "page_read_model_s": round(page_s, 3),
        "rising_rows": len(view.rising),
    }
    for name, value in figures.items():
        print(f"{name:>22}: {value}")
    ok = (
        detect_s <= DETECT_TARGET_S and page_s <= PAGE_TARGET_S and found_burst and len(raised) == 1
    )
    print(
        ("PASS" if ok else "FAIL")
        + f": detection <= {DETECT_TARGET_S} s, page <= {PAGE_TARGET_S} s, only the burst raised"
    )
    print(json.dumps({"bench": "trends", "pass": ok, **figures}))
    return 0 if ok else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception:
        traceback.print_exc()
        sys.exit(2)
