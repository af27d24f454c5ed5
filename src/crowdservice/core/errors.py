"""Errors raised by actions, shared by the HTML views and the JSON API.

An action raises one of these with a sentence a person understands; the transports turn it into
a 4xx response (the API as JSON, the pages as a message next to the form).
"""

from __future__ import annotations


class ActionError(Exception):
    """A request that cannot be carried out as asked (HTTP 400 unless a subclass says otherwise)."""

    status_code = 400
    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code is not None:
            self.code = code

    @property
    def field_errors(self) -> dict[str, list[str]]:
        return {self.field: [self.message]} if self.field else {}


class ValidationFailed(ActionError):
    """Several field errors at once (HTTP 422)."""

    status_code = 422
    code = "validation_error"

    def __init__(self, errors: dict[str, list[str]]) -> None:
        first = next(iter(errors.values()))[0] if errors else "Invalid input."
        super().__init__(first)
        self.errors = errors

    @property
    def field_errors(self) -> dict[str, list[str]]:
        return self.errors


class NotAuthenticated(ActionError):
    status_code = 401
    code = "not_authenticated"


class Forbidden(ActionError):
    status_code = 403
    code = "forbidden"


class NotFound(ActionError):
    status_code = 404
    code = "not_found"


class Conflict(ActionError):
    status_code = 409
    code = "conflict"
