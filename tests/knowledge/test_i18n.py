"""The committed German catalogues are complete and compiled: the site needs no GNU gettext at
run time (nor in CI), so a .po edited without `compilemessages` must fail here."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

import pytest

import crowdservice

APPS = ("knowledge", "core")
ENTRY = re.compile(
    r'^((?:#.*\n)*)msgid ((?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?((?:msgstr.*\n(?:".*"\n)*)+)',
    re.M,
)


@pytest.mark.parametrize("app", APPS)
def test_the_german_catalogue_is_complete_and_compiled(app: str) -> None:
    folder = Path(crowdservice.__file__).parent / app / "locale" / "de" / "LC_MESSAGES"
    po = (folder / "django.po").read_text(encoding="utf-8")
    with (folder / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    checked = 0
    for comments, msgid_block, msgstr_block in ENTRY.findall(po):
        msgid = "".join(re.findall(r'"(.*)"', msgid_block))
        if not msgid:
            continue  # the header
        assert "fuzzy" not in comments, f"fuzzy (not compiled): {msgid}"
        first = msgstr_block.split("msgstr", 2)[1]
        translation = "".join(re.findall(r'"(.*)"', first))
        assert translation, f"untranslated: {msgid}"
        if "msgstr[" not in msgstr_block:
            expected = translation.replace('\\"', '"').replace("\\\\", "\\")
            actual = compiled.gettext(msgid.replace('\\"', '"').replace("\\\\", "\\"))
            assert actual == expected, f"stale .mo for {msgid!r}: run compilemessages"
        checked += 1
    assert checked >= 2
