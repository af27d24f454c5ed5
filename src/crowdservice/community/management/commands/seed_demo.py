"""`crowdservice seed_demo`: load a demo community, the support forum of a Wi-Fi router.

Thirty people in every role, five spaces, 160 questions over the last 90 days with answers,
comments, votes, accepted and company-endorsed answers, all written through the real actions
(see `crowdservice.community.demo`); later apps then add theirs (help-center articles, 21
support cases). Ends with a table of demo sign-ins. `make run` calls it with
`--if-empty`, so a database that already has questions is left alone.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.community.demo.catalog import DEMO_LOGINS, PEOPLE, PEOPLE_BY_USERNAME
from crowdservice.community.demo.extensions import run_demo_steps
from crowdservice.community.demo.load import SeedSummary, load
from crowdservice.community.demo.plan import build_plan
from crowdservice.community.models import Question

DEFAULT_PASSWORD = "crowdservice-demo"  # noqa: S105 - the published password of demo accounts
DEFAULT_SEED = 2025
DEFAULT_URL = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = "Load the demo community (a Wi-Fi router's support forum) and print demo sign-ins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing (but print the sign-ins) if the database has any question",
        )
        parser.add_argument(
            "--password",
            default=DEFAULT_PASSWORD,
            help=f"password of every demo account (default: {DEFAULT_PASSWORD})",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help="random seed; the same seed gives the same community",
        )
        parser.add_argument(
            "--url",
            default=DEFAULT_URL,
            help=f"the site's address, for the sign-in hint (default: {DEFAULT_URL})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password: str = options["password"]
        if options["if_empty"] and Question.objects.exists():
            self.stdout.write("The database already has questions, so the demo was not loaded.")
            self.print_logins(password, options["url"], known=False)
            return
        taken = sorted(
            User.objects.filter(username__in=[p.username for p in PEOPLE]).values_list(
                "username", flat=True
            )
        )
        if taken:
            raise CommandError(
                f"The demo accounts already exist ({', '.join(taken[:3])}…): the demo is loaded. "
                "To start over, use an empty database (e.g. delete var/ and run `make run`)."
            )
        try:
            validate_password(password)
        except ValidationError as exc:
            raise CommandError(f"--password is not allowed: {' '.join(exc.messages)}") from exc

        started = time.monotonic()
        self.stdout.write("Loading the demo community…")
        summary = load(build_plan(options["seed"], timezone.now()), password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo community loaded in {time.monotonic() - started:.1f} s: " + describe(summary)
            )
        )
        for line in run_demo_steps():  # later apps' demo content (the knowledge base, …)
            self.stdout.write(line)
        self.print_logins(password, options["url"], known=True)

    def print_logins(self, password: str, url: str, *, known: bool) -> None:
        users = {
            user.username: user
            for user in User.objects.filter(username__in=DEMO_LOGINS, is_active=True)
        }
        if not users:
            return
        if not known:
            # One hash check tells whether the password we'd print is the one that works.
            known = next(iter(users.values())).check_password(password)
        shown = password if known else "the one given to `seed_demo --password`"
        rows = [("Role", "Username", "Name")] + [
            (
                PEOPLE_BY_USERNAME[name].role.label,
                name,
                users[name].public_name,
            )
            for name in DEMO_LOGINS
            if name in users
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)) for row in rows]
        lines.insert(1, "  ".join("-" * width for width in widths))
        self.stdout.write(
            f"\nDemo sign-ins (password for all: {shown})\n"
            f"Sign in at {url.rstrip('/')}/accounts/login/\n\n"
            + "\n".join(f"  {line.rstrip()}" for line in lines)
            + "\n"
        )


def describe(summary: SeedSummary) -> str:
    return (
        f"{summary.spaces} spaces, {summary.users} people, {summary.questions} questions, "
        f"{summary.answers} answers ({summary.accepted} accepted, {summary.endorsed} endorsed), "
        f"{summary.comments} comments, {summary.votes} votes, "
        f"{summary.notifications} notifications."
    )
