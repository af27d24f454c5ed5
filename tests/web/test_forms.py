"""Ask, edit, revisions, profile and API tokens: errors per field, input kept, no writes."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from crowdservice.accounts.models import ApiToken, User
from crowdservice.community.models import Answer, Question, Revision, Space
from tests.web.helpers import Browser, text

pytestmark = pytest.mark.django_db

TITLE = "Router drops the 5 GHz network every evening"
BODY = "Every evening around 8 pm the 5 GHz network disappears for a minute, then comes back."


def test_the_ask_form_has_the_labelled_fields(
    browse: Callable[[User | None], Browser], customer: User, space: Space
) -> None:
    body = text(browse(customer).get("/questions/ask/"))
    for name, label in [("space", "Space"), ("title", "Title"), ("body", "Body"), ("tags", "Tags")]:
        assert f'<label for="id_{name}">{label}</label>' in body
        assert f'aria-describedby="id_{name}_helptext"' in body
    assert "Markdown is supported" in body
    assert f'<option value="{space.pk}">{space.name.replace("&", "&amp;")}</option>' in body
    assert ">Post your question</button>" in body


def test_asking_a_question(
    browse: Callable[[User | None], Browser], customer: User, space: Space
) -> None:
    response = browse(customer).post(
        "/questions/ask/",
        {"space": str(space.pk), "title": TITLE, "body": BODY, "tags": "wifi, Router"},
    )
    question = Question.objects.get()
    assert response.status_code == 302
    assert response["Location"] == question.get_absolute_url()
    assert (question.author, question.space, question.title) == (customer, space, TITLE)
    assert sorted(question.tags.values_list("name", flat=True)) == ["router", "wifi"]


def test_ask_errors_are_shown_per_field_and_keep_the_input(
    browse: Callable[[User | None], Browser], customer: User, space: Space
) -> None:
    response = browse(customer).post(
        "/questions/ask/",
        {"space": "", "title": "Too short", "body": BODY, "tags": "ok, Bad Tag!"},
    )
    assert response.status_code == 422
    body = text(response)
    assert "Choose the product area your question is about." in body
    assert "The title must be at least 15 characters" in body
    assert "may contain only lower-case letters" in body
    assert 'id="id_title_error"' in body
    assert 'aria-invalid="true"' in body
    assert 'value="Too short"' in body
    assert BODY in body
    assert "Your question needs a few changes" in body
    assert not Question.objects.exists()


def test_an_unknown_space_is_a_field_error(
    browse: Callable[[User | None], Browser], customer: User, space: Space
) -> None:
    response = browse(customer).post(
        "/questions/ask/", {"space": "99999", "title": TITLE, "body": BODY, "tags": ""}
    )
    assert response.status_code == 422
    assert 'id="id_space_error"' in text(response)
    assert not Question.objects.exists()


def test_the_ask_form_preselects_a_space(
    browse: Callable[[User | None], Browser], customer: User, space: Space
) -> None:
    body = text(browse(customer).get(f"/questions/ask/?space={space.slug}"))
    assert f'<option value="{space.pk}" selected>' in body
    assert browse(customer).get("/questions/ask/?space=nope").status_code == 404


def test_editing_a_question(
    browse: Callable[[User | None], Browser],
    customer: User,
    other_customer: User,
    moderator: User,
    question: Question,
) -> None:
    url = f"/questions/{question.pk}/edit/"
    form = text(browse(customer).get(url))
    assert f'value="{question.title}"' in form
    assert 'value="5ghz, wifi"' in form
    # Below the `edit` privilege (reputation), others suggest an edit instead (reviewed later).
    assert "Suggest an edit to the question" in text(browse(other_customer).get(url))
    refused = browse(other_customer).post(url, {"title": "Someone else's better title"})
    assert refused.status_code == 422
    invalid = browse(customer).post(
        url, {"space": str(question.space_id), "title": "Short", "body": BODY, "tags": "wifi"}
    )
    assert invalid.status_code == 422
    assert "The title must be at least 15 characters" in text(invalid)
    new_title = "Router drops 5 GHz every evening since 2.4.1"
    response = browse(moderator).post(
        url,
        {
            "space": str(question.space_id),
            "title": new_title,
            "body": BODY,
            "tags": "wifi, firmware",
            "summary": "Clearer title",
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.title == new_title
    assert Revision.objects.filter(question=question, answer=None, comment=None).count() == 2


def test_the_revisions_page_lists_each_revision(
    browse: Callable[[User | None], Browser], customer: User, question: Question
) -> None:
    browse(customer).post(
        f"/questions/{question.pk}/edit/",
        {
            "space": str(question.space_id),
            "title": "An edited title for the router question",
            "body": BODY + " <script>x()</script>",
            "tags": "wifi",
            "summary": "Added the time of day",
        },
    )
    body = text(browse(None).get(f"/questions/{question.pk}/revisions/"))
    assert "Revision 2" in body
    assert "Revision 1" in body
    assert "Added the time of day" in body
    assert "An edited title for the router question" in body
    assert "<script>x()" not in body
    assert body.index("Revision 2") < body.index("Revision 1")
    assert browse(None).get(f"/questions/{question.pk}/revisions/?answer=x").status_code == 404


def test_editing_an_answer(
    browse: Callable[[User | None], Browser],
    customer: User,
    other_customer: User,
    answer: Answer,
) -> None:
    url = f"/answers/{answer.pk}/edit/"
    assert answer.body in text(browse(other_customer).get(url))
    # Below the `edit` privilege (reputation), others suggest an edit instead (reviewed later).
    assert "Suggest an edit to the answer" in text(browse(customer).get(url))
    invalid = browse(other_customer).post(url, {"body": "short"})
    assert invalid.status_code == 422
    assert "The answer must be at least 20 characters" in text(invalid)
    new_body = "Set the channel to 36, disable DFS, and update to firmware 2.4.3."
    response = browse(other_customer).post(url, {"body": new_body, "summary": "firmware"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#answer-{answer.pk}")
    answer.refresh_from_db()
    assert answer.body == new_body
    revisions = text(
        browse(None).get(f"/questions/{answer.question_id}/revisions/?answer={answer.pk}")
    )
    assert "Revision 2" in revisions
    assert new_body in revisions


def test_profile_settings(browse: Callable[[User | None], Browser], customer: User) -> None:
    browser = browse(customer)
    form = text(browser.get("/settings/profile/"))
    assert '<label for="id_display_name">Display name</label>' in form
    response = browser.post(
        "/settings/profile/", {"display_name": "Carol J.", "bio": "Network tinkerer."}
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.display_name, customer.bio) == ("Carol J.", "Network tinkerer.")
    profile = text(browse(None).get(f"/users/{customer.username}/"))
    assert "Carol J." in profile
    assert "Network tinkerer." in profile
    too_long = browser.post("/settings/profile/", {"display_name": "x" * 81, "bio": ""})
    assert too_long.status_code == 422
    assert "The display name can be at most 80 characters." in text(too_long)
    customer.refresh_from_db()
    assert customer.display_name == "Carol J."


def test_creating_and_revoking_tokens(
    browse: Callable[[User | None], Browser], customer: User
) -> None:
    browser = browse(customer)
    created = browser.post("/settings/tokens/", {"name": "CRM sync"})
    assert created.status_code == 201
    assert created["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=customer)
    secret = re.search(r'id="new-token" class="mono" type="text" value="(cs_[^"]+)"', text(created))
    assert secret
    assert secret.group(1).startswith(token.prefix)
    assert "shown only this once" in text(created)
    listing = text(browser.get("/settings/tokens/"))
    assert "CRM sync" in listing
    assert secret.group(1) not in listing  # never shown again
    assert f"{token.prefix}…" in listing
    empty = browser.post("/settings/tokens/", {"name": "  "})
    assert empty.status_code == 422
    assert "Give the token a name" in text(empty)
    assert ApiToken.objects.count() == 1
    revoked = browser.post(f"/settings/tokens/{token.pk}/revoke/")
    assert revoked.status_code == 302
    token.refresh_from_db()
    assert not token.is_active
    assert "Revoked" in text(browser.get("/settings/tokens/"))
