"""Placeholder until the web UI lands: every route answers 404."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def _missing(request: HttpRequest, **kwargs: object) -> HttpResponse:
    raise Http404("Not built yet.")


question_list = ask_question = question_detail = edit_question = question_revisions = _missing
vote_question = follow_question = post_answer = comment_question = delete_question = _missing
undelete_question = edit_answer = vote_answer = accept_answer = endorse_answer = _missing
comment_answer = delete_answer = undelete_answer = delete_comment = space_list = _missing
space_detail = tag_list = tag_detail = _missing
