"""`crowdservice create_user USERNAME --role ROLE`: create an account from the command line.

For operators and scripts: the first administrator, service accounts for integrations. The
account's email address counts as verified. With `--print-token` the new personal API token is
the only thing written to stdout, so a script can capture it; every message goes to stderr.
"""

from __future__ import annotations

import sys
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from crowdservice.accounts.actions import do_create_api_token, do_create_user
from crowdservice.accounts.roles import Role
from crowdservice.core.errors import ActionError, ValidationFailed

ROLE_NAMES = ", ".join(role.value for role in Role)


def _field_messages(exc: ValidationFailed) -> str:
    lines = [
        f"  {field}: {message}" for field, messages in exc.errors.items() for message in messages
    ]
    return "\n".join(lines)


class Command(BaseCommand):
    help = (
        "Create a user with a role (email counts as verified). Without --password-stdin the "
        "account has no usable password: use an API token, or set one with a password reset."
    )
    # `stdin` lets tests and callers of call_command() hand in the password stream.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", required=True, metavar="ROLE", help=f"one of: {ROLE_NAMES}")
        parser.add_argument("--email", default="", help="email address (marked as verified)")
        parser.add_argument("--display-name", default="", help="name shown next to posts")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="read the password from the first line of standard input",
        )
        parser.add_argument(
            "--print-token",
            action="store_true",
            help="create a personal API token and print only the token on stdout",
        )
        parser.add_argument(
            "--token-name", default="command line", help="name of the token (with --print-token)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["username"].strip()
        role_name: str = options["role"].strip().lower()
        if role_name not in Role.values:
            raise CommandError(f"Unknown role {options['role']!r}; choose one of: {ROLE_NAMES}.")
        role = Role(role_name)
        password = self._read_password(options) if options["password_stdin"] else None
        email: str = options["email"].strip()

        try:
            with transaction.atomic():
                user = do_create_user(
                    username=username,
                    email=email,
                    password=password,
                    role=role,
                    display_name=options["display_name"].strip(),
                )
                secret = (
                    do_create_api_token(user=user, name=options["token_name"]).secret
                    if options["print_token"]
                    else None
                )
        except ValidationFailed as exc:
            raise CommandError(f"Cannot create the user:\n{_field_messages(exc)}") from exc
        except ActionError as exc:
            raise CommandError(f"Cannot create the user: {exc.message}") from exc

        self.stderr.write(f"Created {role.label.lower()} {user.username!r}.")
        if password is None:
            self.stderr.write(
                "The account has no password. Sign in with the API token, or set a password "
                "through “Forgot your password?” on /accounts/login/"
                + (" (the email address is marked as verified)." if email else ".")
            )
        if secret is not None:
            self.stderr.write("API token (shown once; store it now):")
            self.stdout.write(secret)

    def _read_password(self, options: dict[str, Any]) -> str:
        stream: TextIO = options.get("stdin") or sys.stdin
        if stream.isatty():
            self.stderr.write("Password: ", ending="")
            self.stderr.flush()
        line = stream.readline().rstrip("\r\n")
        if not line:
            raise CommandError("--password-stdin was given but standard input has no password.")
        return line
