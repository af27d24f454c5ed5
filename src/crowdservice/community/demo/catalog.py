"""The demo's world: the product, its spaces, the people, and the shape of a support topic.

The product is invented: the Nimbus AX3000, a Wi-Fi 6 home router from "Nimbus Networks" with
optional Mesh Point satellites, a phone app (Nimbus Home) and a web console at 192.168.50.1.
"""

from __future__ import annotations

from dataclasses import dataclass

from crowdservice.accounts.roles import Role

ROUTER = "Nimbus AX3000"
SATELLITE = "Mesh Point"
APP = "Nimbus Home"
ADMIN_URL = "http://192.168.50.1"
FIRMWARE = ("3.2.14", "3.3.2", "3.3.7", "3.4.1", "3.4.2")
NEWER_FIRMWARE = {"3.2.14": "3.3.7", "3.3.2": "3.3.7", "3.3.7": "3.4.2", "3.4.1": "3.4.2"}
LATEST_FIRMWARE = "3.4.2"
BETA_FIRMWARE = "3.5.0-beta2"
APP_VERSIONS = ("2.18.0", "2.19.3", "2.20.1")
LATEST_APP = "2.21.0"


@dataclass(frozen=True)
class SpaceSpec:
    slug: str
    name: str
    description: str


SPACES = (
    SpaceSpec(
        "setup",
        "Setup & installation",
        "Unboxing to online: first setup with the Nimbus Home app or the web console, ISP "
        "modems and fibre boxes, access point mode, the LED and what it means.",
    ),
    SpaceSpec(
        "wifi",
        "Wi-Fi & connectivity",
        "Dropouts, slow speeds, channels and bands, devices that won't connect, gaming "
        "latency, IPv6, DNS and port forwarding.",
    ),
    SpaceSpec(
        "mesh",
        "Mesh & range",
        "Mesh Point satellites: pairing, placement, wired backhaul, roaming between nodes and "
        "covering the garden office.",
    ),
    SpaceSpec(
        "security",
        "Security & parental controls",
        "Family Time schedules and filters, NimbusShield, guest networks, unknown devices, the "
        "firewall and the built-in WireGuard VPN server.",
    ),
    SpaceSpec(
        "firmware",
        "Firmware & app",
        "Firmware updates and the beta channel, the Nimbus Home app, remote access, backups "
        "and sending logs to support.",
    ),
)


@dataclass(frozen=True)
class Person:
    username: str
    display_name: str
    role: Role
    bio: str = ""
    # How likely this person is to ask (customers) or to answer (everyone), relative weights.
    asks: int = 0
    answers: int = 0
    staff_signoff: str = ""

    @property
    def first_name(self) -> str:
        return self.display_name.split()[0]

    @property
    def email(self) -> str:
        domain = "nimbus-networks.example" if self.role != Role.CUSTOMER else "example.com"
        return f"{self.username.replace('_', '.')}@{domain}"


PEOPLE = (
    # Staff of Nimbus Networks.
    Person("dana_admin", "Dana Whitfield", Role.ADMIN, "Runs the Nimbus community.", answers=1),
    Person("marcus_it", "Marcus Bell", Role.ADMIN, "IT operations, Nimbus Networks."),
    Person(
        "sam_support", "Sam Rivera", Role.AGENT, "Nimbus Support, EMEA team.", answers=9,
        staff_signoff="Sam, Nimbus Support",
    ),
    Person(
        "keiko_support", "Keiko Tanaka", Role.AGENT, "Nimbus Support, firmware specialist.",
        answers=8, staff_signoff="Keiko, Nimbus Support",
    ),
    Person(
        "luis_support", "Luis Ortega", Role.AGENT, "Nimbus Support, Americas team.", answers=6,
        staff_signoff="Luis, Nimbus Support",
    ),
    Person(
        "priya_mod", "Priya Raman", Role.MODERATOR,
        "Volunteer moderator. Network engineer by day, reluctant family IT department by night.",
        answers=6,
    ),
    Person(
        "ben_mod", "Ben Okafor", Role.MODERATOR, "Community moderator at Nimbus Networks.",
        answers=3,
    ),
    Person(
        "lena_editor", "Lena Fischer", Role.EDITOR,
        "Knowledge base editor. If an answer here deserves an article, tell me!", answers=1,
    ),
    # Customers: a few power users who answer a lot, and people who mostly ask.
    Person(
        "greg_wifi", "Greg Lindqvist", Role.CUSTOMER,
        "Home-lab tinkerer. Three Mesh Points, forty-odd devices, one patient wife.",
        asks=1, answers=10,
    ),
    Person(
        "arjun_mehta", "Arjun Mehta", Role.CUSTOMER, "Sysadmin. I read the release notes so you "
        "don't have to.", asks=1, answers=8,
    ),
    Person("dave_r", "Dave Robertson", Role.CUSTOMER, "Retired telecoms engineer.", 1, 7),
    Person(
        "carlos_m", "Carlos Mendes", Role.CUSTOMER, "Gamer, streamer, latency pedant.", 2, 5
    ),
    Person(
        "pete_homelab", "Pete Sullivan", Role.CUSTOMER, "Pi-hole, VLANs, too many cables.", 2, 6
    ),
    Person("maria_g", "María González", Role.CUSTOMER, "", asks=6, answers=1),
    Person("tom_hughes", "Tom Hughes", Role.CUSTOMER, "", asks=6, answers=1),
    Person("jenny_park", "Jenny Park", Role.CUSTOMER, "", asks=5, answers=1),
    Person("sophie_martin", "Sophie Martin", Role.CUSTOMER, "", asks=4),
    Person("kwame_a", "Kwame Asante", Role.CUSTOMER, "", asks=4, answers=2),
    Person("nina_k", "Nina Kowalski", Role.CUSTOMER, "", asks=5),
    Person("li_wei", "Li Wei", Role.CUSTOMER, "", asks=4, answers=1),
    Person("hannah_b", "Hannah Becker", Role.CUSTOMER, "", asks=5),
    Person("omar_f", "Omar Farouk", Role.CUSTOMER, "", asks=4, answers=2),
    Person("rachel_t", "Rachel Thompson", Role.CUSTOMER, "Mum of three, reluctant sysadmin.", 5),
    Person("yusuf_d", "Yusuf Demir", Role.CUSTOMER, "", asks=3, answers=1),
    Person("emma_l", "Emma Lindgren", Role.CUSTOMER, "", asks=4),
    Person("aisha_n", "Aisha Nwosu", Role.CUSTOMER, "", asks=4, answers=1),
    Person("olga_v", "Olga Volkova", Role.CUSTOMER, "", asks=3),
    Person("frank_d", "Frank Dubois", Role.CUSTOMER, "Small office, eight people, one router.", 4),
    Person("mei_chen", "Mei Chen", Role.CUSTOMER, "", asks=4, answers=1),
    Person("ravi_s", "Ravi Subramanian", Role.CUSTOMER, "", asks=3, answers=2),
)  # fmt: skip

PEOPLE_BY_USERNAME = {person.username: person for person in PEOPLE}

# The accounts `seed_demo` prints at the end, one per role and two customers.
DEMO_LOGINS = (
    "dana_admin",
    "sam_support",
    "priya_mod",
    "lena_editor",
    "maria_g",
    "tom_hughes",
)


# A piece of text, or (text, index of the one symptom it fits).
Variant = str | tuple[str, int]


def variants_for(entries: tuple[Variant, ...], symptom: int) -> list[str]:
    """The texts that fit the chosen symptom: unpinned ones, and those pinned to it."""
    return [
        entry if isinstance(entry, str) else entry[0]
        for entry in entries
        if isinstance(entry, str) or entry[1] == symptom
    ]


@dataclass(frozen=True)
class Topic:
    """One kind of support problem, with the pieces to write many questions and answers about it.

    Texts are markdown templates filled with `str.format_map` from the question's parameters
    (see `plan.parameters`); paragraphs may be wrapped, `plan.reflow` joins the lines again.
    `tried` items are lower-case past-tense phrases, usable both as bullets and in a sentence.
    Any text may be pinned to one symptom as `(text, index)` when it only fits that one; the
    first fix is the detailed, step-by-step answer and fits every symptom.
    """

    key: str
    space: str
    tags: tuple[str, ...]
    titles: tuple[Variant, ...]
    symptoms: tuple[str, ...]
    tried: tuple[Variant, ...]
    fixes: tuple[Variant, ...]
    tips: tuple[Variant, ...] = ()
    details: tuple[Variant, ...] = ()
    extra_tags: tuple[str, ...] = ()
    thanks: tuple[Variant, ...] = ()
    weight: int = 3
    # "problem": something is broken; "howto": someone wants to set something up. How-to
    # threads get no "me too" comments, no general troubleshooting tips and other closers.
    kind: str = "problem"
    # Whether the asker describes their setup (not for someone still unboxing or moving in).
    context: bool = True
