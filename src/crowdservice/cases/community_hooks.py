"""What the cases app shows on a community thread (registered with community.thread_hooks).

Everyone sees that support is on it, and nothing else about the case; the asker gets a link to
their case and agents a link to work it. Before any escalation the asker sees "I still need
help" and agents "Open a case".
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string

from crowdservice.accounts.models import User
from crowdservice.cases.access import is_agent
from crowdservice.cases.models import CommunityLink, LinkKind
from crowdservice.community.models import Question


def support_notice(user: User | AnonymousUser, question: Question) -> str:
    if question.is_deleted:
        return ""
    link = (
        CommunityLink.objects.filter(question=question, kind=LinkKind.ESCALATION)
        .select_related("case")
        .only("case_id", "automatic", "case__status")
        .first()
    )
    signed_in = isinstance(user, User) and user.is_authenticated
    is_asker = signed_in and question.author_id == user.pk
    agent = is_agent(user)
    if link is None and not (is_asker or agent):
        return ""
    context = {
        "question": question,
        "link": link,
        "handled": link is not None and not link.case.is_open,
        "is_asker": is_asker,
        "is_agent": agent,
    }
    return render_to_string("cases/includes/support_notice.html", context)
