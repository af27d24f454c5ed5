"""The authentication backend: a suspended or banned person's session stops working at once.

`get_user` runs on every signed-in request; it leaves out people under a sanction that locks
them out in the same single query Django makes anyway, so a suspension needs no extra query per
request and ends by itself when it expires.
"""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.moderation.access import LOCKED_OUT
from crowdservice.moderation.models import Sanction


class SanctionAwareBackend(AuthenticationBackend):
    def get_user(self, user_id: Any) -> User | None:
        now = timezone.now()
        locked_out = Sanction.objects.filter(
            user=OuterRef("pk"), kind__in=LOCKED_OUT, lifted_at__isnull=True, starts_at__lte=now
        ).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        user = User.objects.filter(pk=user_id).exclude(Exists(locked_out)).first()
        return user if user is not None and self.user_can_authenticate(user) else None
