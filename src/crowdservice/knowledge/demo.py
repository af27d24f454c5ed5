"""Demo help center for `crowdservice seed_demo`: a few articles about the Nimbus AX3000.

Registered as a community demo step (`community.demo.extensions`), it runs after the community is
loaded: the demo editor writes and publishes articles through the actions, one article is
promoted from the best-voted accepted demo answer (so its thread shows the KB tier), one waits
in review, and the index is brought up to date once at the end.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.community.demo.catalog import ADMIN_URL, APP, LATEST_FIRMWARE, ROUTER, SATELLITE
from crowdservice.community.models import Answer, Question
from crowdservice.knowledge import actions
from crowdservice.knowledge.models import Article, Category
from crowdservice.search.index.indexing import index_objects

EDITOR, AGENT = "lena_editor", "sam_support"

STRUCTURE = {
    ("Getting started", "Set up your router and the app."): [
        "Setting up your router",
        "The Nimbus Home app",
    ],
    ("Troubleshooting", "Fix the most common problems yourself."): [
        "Wi-Fi and coverage",
        "Firmware and updates",
    ],
}

ARTICLES = [
    (
        "Setting up your router",
        f"Set up the {ROUTER} for the first time",
        f"""Setting up takes about ten minutes.

## Before you start

- Your internet provider's modem or fibre box, switched on.
- The {APP} app on your phone, or a computer with a network cable.

## Connect the cables

Connect the router's yellow WAN port to your modem with the supplied cable, then plug in the
power adapter. The LED blinks white while the router starts.

## Run the setup

Open {APP} and tap **Add a router**, or go to {ADMIN_URL} in a browser. Choose a network name
and a password of at least 12 characters. The LED turns solid white when you are online.

## If the LED turns amber

The router does not reach the internet: restart the modem, wait two minutes, then restart the
router.
""",
        ["setup", "led"],
    ),
    (
        "Setting up your router",
        "What the LED colours mean",
        """## Solid white

Online and working normally.

## Blinking white

Starting up or updating firmware. Do not unplug the router.

## Solid amber

No internet connection: check the cable to the modem and restart the modem.

## Blinking blue

Waiting to pair a satellite (see the mesh articles).
""",
        ["led"],
    ),
    (
        "Wi-Fi and coverage",
        f"Add a {SATELLITE} to cover more of your home",
        f"""## Where to place it

Halfway between the router and the area without coverage, in the open, not in a cupboard.

## Pair it

1. Plug the {SATELLITE} in; its LED blinks blue.
2. In {APP}, tap **Add a {SATELLITE}** and follow the steps.
3. Wait until the LED turns solid white (about two minutes).

## Wired backhaul

If you can, connect the satellite to the router with a network cable: it then uses the cable
for its connection and keeps all its Wi-Fi for your devices.
""",
        ["mesh", "coverage"],
    ),
    (
        "Firmware and updates",
        "Update the router's firmware",
        f"""The latest firmware is {LATEST_FIRMWARE}. Automatic updates install it at night.

## Update now

Open {APP}, go to **Settings > Firmware** and tap **Update now**. The router restarts and is
back within five minutes. Don't unplug it while the LED blinks white.

## If an update fails

Restart the router and try again. If it fails twice, send the logs to support from
**Settings > Support > Send logs**.
""",
        ["firmware", "update"],
    ),
    (
        "The Nimbus Home app",
        "Sign in to the app and manage the router remotely",
        f"""## Sign in

Open {APP}, tap **Sign in** and use the same account as during setup.

## Remote access

Remote access is on by default. To turn it off, go to **Settings > Remote access**.
""",
        ["app", "remote-access"],
    ),
]

AGENTS_ONLY = (
    "Firmware and updates",
    "Support: reading the router's log bundle",
    """Agents only. The log bundle arrives as a ZIP with `system.log`, `wifi.log` and `wan.log`.

## Where to look first

- `wan.log`: repeated `PPP timeout` lines mean the provider's line drops.
- `wifi.log`: `radar detected` lines mean DFS channel changes (suggest a non-DFS channel).
""",
    ["logs", "internal"],
)


def _best_accepted_answer() -> Answer | None:
    return (
        Answer.objects.filter(
            deleted_at__isnull=True,
            question__deleted_at__isnull=True,
            question__accepted_answer=F("pk"),
        )
        .select_related("question")
        .order_by("-score", "pk")
        .first()
    )


def seed_knowledge_base() -> str:
    """Write the demo help center; does nothing if it exists or the demo editor is missing."""
    editor = User.objects.filter(username=EDITOR).first()
    agent = User.objects.filter(username=AGENT).first() or editor
    if editor is None or agent is None or Category.objects.exists():
        return "Knowledge base: skipped (no demo editor, or articles exist already)."
    sections = {}
    for position, ((name, description), section_names) in enumerate(STRUCTURE.items()):
        category = actions.do_create_category(
            actor=editor, name=name, description=description, position=position
        )
        for n, section_name in enumerate(section_names):
            sections[section_name] = actions.do_create_section(
                actor=editor, category_id=category.pk, name=section_name, position=n
            )
    review_by = timezone.localdate() + timedelta(days=180)
    published: list[Article] = []
    for section_name, title, body, labels in ARTICLES:
        draft = actions.do_create_article(
            author=agent,
            section_id=sections[section_name].pk,
            title=title,
            body=body,
            labels=labels,
            owner_id=editor.pk,
            review_by=review_by,
        )
        published.append(actions.do_publish(actor=editor, article=draft))
    section_name, title, body, labels = AGENTS_ONLY
    internal = actions.do_create_article(
        author=agent,
        section_id=sections[section_name].pk,
        title=title,
        body=body,
        labels=labels,
        visibility="agents",
        review_by=timezone.localdate() - timedelta(days=3),  # shows in the stale report
    )
    published.append(actions.do_publish(actor=editor, article=internal))
    promoted_thread = None
    best = _best_accepted_answer()
    if best is not None:
        draft = actions.do_promote_answer(
            actor=agent, answer_id=best.pk, section_id=sections["Wi-Fi and coverage"].pk
        )
        published.append(actions.do_publish(actor=editor, article=draft))
        promoted_thread = best.question
    waiting = actions.do_create_article(
        author=agent,
        section_id=sections["Wi-Fi and coverage"].pk,
        title="Choose the best Wi-Fi channel",
        body="## Automatic channel\n\nLeave the channel on Auto unless support suggests otherwise.",
        labels=["wifi"],
    )
    actions.do_submit_for_review(actor=agent, article=waiting)
    # The seed pauses indexing consumers; bring the index up to date once.
    index_objects("article", [a.pk for a in published])
    if promoted_thread is not None:
        index_objects("question", [promoted_thread.pk])
        index_objects(
            "answer",
            list(Answer.objects.filter(question=promoted_thread).values_list("pk", flat=True)),
        )
    linked = (
        f", thread {promoted_thread.pk} promoted" if isinstance(promoted_thread, Question) else ""
    )
    return f"Knowledge base: {len(published)} articles published, 1 in review{linked}."
