"""API v1: your profile and personal tokens, public profiles, and role changes."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from crowdservice.accounts.actions import (
    access_api_token,
    access_user,
    do_change_role,
    do_create_api_token,
    do_revoke_api_token,
    do_update_profile,
)
from crowdservice.accounts.api_auth import AUTH_OPTIONAL, AUTH_REQUIRED, api_signed_in_user
from crowdservice.accounts.schemas import (
    MeOut,
    MePatch,
    ProfileOut,
    RoleIn,
    TokenCreatedOut,
    TokenIn,
    TokenOut,
)
from crowdservice.core.schemas import ObjectId, Username, describe_errors, error_responses

router = Router(tags=["accounts"])


@router.get(
    "/me",
    auth=AUTH_REQUIRED,
    response={200: MeOut, **error_responses(401)},
    summary="Your profile",
    description="Your own profile, including your email address and role.\n\n"
    + describe_errors(401),
)
def get_me(request: HttpRequest) -> MeOut:
    return MeOut.of(api_signed_in_user(request))


@router.patch(
    "/me",
    auth=AUTH_REQUIRED,
    response={200: MeOut, **error_responses(400, 401, 403, 422)},
    summary="Change your profile",
    description="Change your display name and bio; fields left out keep their value.\n\n"
    + describe_errors(400, 401, 403, 422),
)
def patch_me(request: HttpRequest, payload: MePatch) -> MeOut:
    user = api_signed_in_user(request)
    display_name = user.display_name if payload.display_name is None else payload.display_name
    bio = user.bio if payload.bio is None else payload.bio
    return MeOut.of(do_update_profile(user=user, display_name=display_name, bio=bio))


@router.get(
    "/me/tokens",
    auth=AUTH_REQUIRED,
    response={200: list[TokenOut], **error_responses(401)},
    summary="Your API tokens",
    description="Your personal API tokens, newest first, revoked ones included. The secrets "
    "themselves are never shown again after creation.\n\n" + describe_errors(401),
)
def list_tokens(request: HttpRequest) -> list[TokenOut]:
    user = api_signed_in_user(request)
    return [TokenOut.of(token) for token in user.api_tokens.order_by("-created_at", "-id")]


@router.post(
    "/me/tokens",
    auth=AUTH_REQUIRED,
    response={201: TokenCreatedOut, **error_responses(400, 401, 403, 409, 422)},
    summary="Create an API token",
    description="Create a personal API token. The response holds the secret, once: store it, "
    "then send it as `Authorization: Bearer <secret>`. Only a digest is kept on the server.\n\n"
    + describe_errors(400, 401, 403, 409, 422),
)
def create_token(request: HttpRequest, payload: TokenIn) -> Status[TokenCreatedOut]:
    new = do_create_api_token(user=api_signed_in_user(request), name=payload.name)
    return Status(201, TokenCreatedOut(**TokenOut._fields(new.token), secret=new.secret))


@router.delete(
    "/me/tokens/{token_id}",
    auth=AUTH_REQUIRED,
    response={204: None, **error_responses(401, 403, 404)},
    summary="Revoke an API token",
    description="Revoke one of your tokens; requests with it fail from now on. Revoking a "
    "revoked token changes nothing.\n\n" + describe_errors(401, 403, 404),
)
def revoke_token(request: HttpRequest, token_id: ObjectId) -> Status[None]:
    user = api_signed_in_user(request)
    do_revoke_api_token(user=user, token=access_api_token(user=user, token_id=token_id))
    return Status(204, None)


@router.get(
    "/users/{username}",
    auth=AUTH_OPTIONAL,
    response={200: ProfileOut, **error_responses(401, 404, 422)},
    summary="A public profile",
    description="Anyone's public profile. Email addresses are never shown.\n\n"
    + describe_errors(401, 404, 422),
)
def get_user(request: HttpRequest, username: Username) -> ProfileOut:
    return ProfileOut.of(access_user(username))


@router.post(
    "/users/{username}/role",
    auth=AUTH_REQUIRED,
    response={200: ProfileOut, **error_responses(400, 401, 403, 404, 422)},
    summary="Change a role (admins)",
    description="Give a person another role. Only administrators may, and never for "
    "themselves.\n\n" + describe_errors(400, 401, 403, 404, 422),
)
def change_role(request: HttpRequest, username: Username, payload: RoleIn) -> ProfileOut:
    actor = api_signed_in_user(request)
    return ProfileOut.of(do_change_role(actor=actor, user=access_user(username), role=payload.role))
