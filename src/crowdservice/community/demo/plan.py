"""Planning the demo community: who asks and answers what, and when. Pure and deterministic.

`build_plan(seed, now)` decides every question, answer, comment, vote, acceptance and
endorsement with its author and timestamp, using nothing but `random.Random(seed)`; the same
seed and `now` always give the same plan. `load.py` then carries it out through the actions.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from textwrap import dedent

from crowdservice.accounts.roles import Role
from crowdservice.community.demo import blocks, texts
from crowdservice.community.demo.catalog import (
    ADMIN_URL,
    APP,
    APP_VERSIONS,
    BETA_FIRMWARE,
    FIRMWARE,
    LATEST_APP,
    LATEST_FIRMWARE,
    NEWER_FIRMWARE,
    PEOPLE,
    PEOPLE_BY_USERNAME,
    ROUTER,
    SATELLITE,
    Person,
    Topic,
    variants_for,
)
from crowdservice.community.demo.topics import TOPICS

QUESTIONS = 160
HISTORY_DAYS = 90  # questions are spread over this many days before `now`
LAUNCH_DAYS = 120  # the community (and its staff accounts) started this long ago
# How many answers a question gets: (count, weight).
ANSWER_COUNTS = ((0, 13), (1, 30), (2, 27), (3, 17), (4, 10), (5, 5))
# When people post, hour of day (UTC) and weight: evenings are busiest.
HOURS = tuple(range(24))
HOUR_WEIGHTS = (1, 1, 1, 1, 1, 1, 2, 4, 6, 7, 7, 7, 8, 7, 7, 7, 7, 8, 9, 10, 10, 9, 6, 3)


@dataclass
class PlannedVote:
    voter: str
    value: int
    at: datetime


@dataclass
class PlannedComment:
    author: str
    body: str
    at: datetime


@dataclass
class PlannedAnswer:
    author: str
    body: str
    at: datetime
    kind: str  # "fix" solves the problem, "tip" is a partial or general suggestion
    detailed: bool = False  # the topic's first, step-by-step fix
    comments: list[PlannedComment] = field(default_factory=list)
    votes: list[PlannedVote] = field(default_factory=list)


@dataclass
class PlannedQuestion:
    topic: str
    space: str
    asker: str
    title: str
    body: str
    tags: list[str]
    at: datetime
    symptom: int = 0  # which of the topic's symptoms the question describes
    answers: list[PlannedAnswer] = field(default_factory=list)
    comments: list[PlannedComment] = field(default_factory=list)
    votes: list[PlannedVote] = field(default_factory=list)
    accepted: int | None = None  # index into `answers`
    accepted_at: datetime | None = None
    endorsed: int | None = None
    endorsed_by: str | None = None
    endorsed_at: datetime | None = None


@dataclass
class DemoPlan:
    now: datetime
    launch: datetime
    questions: list[PlannedQuestion]
    joined: dict[str, datetime]


# --- Text -----------------------------------------------------------------------------------

_BLOCK_START = re.compile(r"^(\d+\.\s|[-*]\s|\|)")


def sentence_case(text: str) -> str:
    """Capitalise the first letter, but leave names like iPhone or macOS as they are written."""
    first = text.split(" ", 1)[0]
    if any(ch.isupper() for ch in first[1:]) or not first[:1].isalpha():
        return text
    return text[:1].upper() + text[1:]


def reflow(text: str) -> str:
    """Join soft-wrapped lines of markdown paragraphs and list items; keep code and tables."""
    out: list[str] = []
    in_code = False
    for raw in text.strip("\n").splitlines():
        line = raw.rstrip()
        if line.lstrip().startswith("```"):
            in_code = not in_code
            out.append(line.strip())
            continue
        if in_code:
            out.append(line)
            continue
        stripped = line.strip()
        if not stripped:
            if out and out[-1] != "":
                out.append("")
            continue
        previous = out[-1] if out else ""
        joins = (
            previous != ""
            and not previous.startswith(("```", "|"))
            and not _BLOCK_START.match(stripped)
        )
        if joins:
            out[-1] = f"{previous} {stripped}"
        else:
            out.append(stripped)
    return "\n".join(out).strip()


class Params(dict[str, str]):
    def __missing__(self, key: str) -> str:
        raise KeyError(f"The demo text uses {{{key}}}, which no parameter provides.")


def fill(template: str, params: Params) -> str:
    return reflow(dedent(template).format_map(params))


def fill_title(template: str, params: Params) -> str:
    title = " ".join(template.format_map(params).split())
    return sentence_case(title)


def join_items(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# --- Parameters -----------------------------------------------------------------------------

PHONES = (
    "iPhone 13", "iPhone 15 Pro", "iPhone 16", "Pixel 8a", "Pixel 7", "Galaxy S23",
    "Galaxy A54", "OnePlus 11",
)  # fmt: skip
LAPTOPS = (
    "Dell XPS 13", "ThinkPad T14", "HP Envy 13", "Surface Laptop 5", "Lenovo IdeaPad 5",
    "Acer Swift 3",
)  # fmt: skip
GAMEBOXES = ("PS5", "Xbox Series X", "Nintendo Switch", "gaming PC")
TVS = ("LG C2 TV", "Samsung Frame TV", "Sony Bravia", "Hisense TV")
STREAMERS = (
    "Chromecast with Google TV", "Apple TV 4K", "Fire TV Stick 4K", "Roku Ultra",
    "Nvidia Shield",
)  # fmt: skip
IOT = (
    "Kasa smart plugs", "Tapo smart plugs", "Wyze cameras", "Shelly relays", "Tuya smart bulbs",
    "Meross plugs", "Govee light strips",
)  # fmt: skip
PRINTERS = ("HP DeskJet", "Brother laser printer", "Canon Pixma", "Epson EcoTank")
ISPS = (
    "a fibre ONT", "a DOCSIS 3.1 cable modem", "a VDSL line through the ISP's modem",
    "5G home internet", "the ISP's fibre box",
)  # fmt: skip
ISP_BOXES = (
    "ISP's Hub 5", "fibre router the ISP supplied", "ISP's Smart Hub",
    "cable company's modem/router combo",
)  # fmt: skip
PLANS = (("150 Mbps", 150, 30), ("300 Mbps", 300, 50), ("500 Mbps", 500, 100),
         ("900 Mbps", 900, 110), ("1 Gbps", 1000, 500))  # fmt: skip
ROOMS = (
    "upstairs office", "back bedroom", "loft room", "kitchen", "basement", "spare room",
    "main bedroom", "study",
)  # fmt: skip
ROUTER_ROOMS = ("living room", "hallway", "front room", "dining room")
HOUSES = (
    ("two-storey house", "over two floors"), ("three-floor townhouse", "over three floors"),
    ("bungalow", "on one floor"), ("1930s semi with thick walls", "over two floors"),
    ("long farmhouse with stone walls", "over two floors"),
    ("two-storey house with a loft conversion", "over three floors"),
)  # fmt: skip
SSIDS = (
    "HomeNet", "TheShire", "Casa-Wifi", "Hogwarts", "PrettyFlyForAWiFi", "Flat12", "Nest42",
    "Lindenweg7",
)  # fmt: skip
KIDS = ("Leo", "Mia", "Noah", "Ava", "Isla", "Finn", "Zara", "Theo")
KID_DEVICES = ("iPad", "Chromebook", "Galaxy Tab", "Fire tablet")
# Device name as the app shows it, and the start of its MAC address (OUI, or a private one).
UNKNOWN_DEVICES = (
    ("espressif", "24:0A:C4"), ("ESP_3F21A8", "24:0A:C4"), ("android-6c4f2e91d0", "26"),
    ("LAPTOP-8J2K1F", "AE"), ("wlan0", "6A"),
)  # fmt: skip
AGO = ("a few days ago", "about two weeks ago", "last week", "a month or so ago", "on Saturday")
UPSTREAMS = ("OPNsense box", "OpenWrt box", "EdgeRouter X", "old Ubiquiti gateway", "IPFire box")
OLD_ROUTERS = (
    "TP-Link Archer C7", "Netgear R7000", "ASUS RT-AC68U", "Linksys EA6350", "old ISP Hub 3",
)  # fmt: skip
OLD_DEVICES = (
    ("My 2016 Kindle", "my 2016 Kindle"), ("Our old iPad Air 2", "our old iPad Air 2"),
    ("My Galaxy S7", "my Galaxy S7"), ("The kids' Nintendo 3DS", "the kids' Nintendo 3DS"),
    ("Our Brother printer", "our Brother printer"),
)  # fmt: skip
LED_STATES = ("pulsing amber", "blinking red", "alternating blue and white", "solid amber")
SERVERS = (("Plex", 32400), ("a Minecraft server", 25565), ("Home Assistant", 8123),
           ("my Synology NAS", 5001), ("Jellyfin", 8096))  # fmt: skip
VOIP_PHONES = ("Yealink T46U desk phone", "Grandstream desk phone", "Polycom VVX 250")
COMPANIES = ("contoso", "fabrikam", "northwind")
KITS = (
    f"the {ROUTER} on its own",
    f"the {ROUTER} and one {SATELLITE}",
    f"the {ROUTER} and two {SATELLITE}s",
    f"the {ROUTER} with three {SATELLITE}s",
)
SATELLITE_COUNTS = (
    "no Mesh Points",
    f"one {SATELLITE}",
    f"two {SATELLITE}s",
    f"three {SATELLITE}s",
)
# Values some topics need to be narrower than the general pool, to stay true.
TOPIC_OVERRIDES: dict[str, dict[str, tuple[str, ...]]] = {
    "nightly-reboot": {"fw": ("3.4.1", "3.4.2")},
    "auto-update-window": {"fw": ("3.4.1", "3.4.2")},
    "update-stuck": {"fw": ("3.2.14", "3.3.2", "3.3.7", "3.4.1")},
    "satellite-pairing": {"fw": ("3.2.14", "3.3.2")},
    "satellite-offline": {"fw": ("3.2.14", "3.3.2", "3.3.7")},
}


def _mac(rng: random.Random, prefix: str) -> str:
    octets = prefix.split(":")
    if len(octets) == 1:  # a locally administered (private) address: second nibble 2/6/A/E
        octets = [prefix]
    while len(octets) < 6:
        octets.append(f"{rng.randint(0, 255):02X}")
    return ":".join(octets)


def parameters(rng: random.Random, topic: Topic, at: datetime) -> Params:
    """Concrete details for one question: devices, versions, numbers, and pasted output."""
    overrides = TOPIC_OVERRIDES.get(topic.key, {})
    fw = rng.choice(overrides.get("fw", FIRMWARE))
    nsats = rng.choice((2, 2, 3)) if topic.space == "mesh" else rng.choice((0, 1, 1, 2, 2, 3))
    plan_name, down, up = rng.choice(PLANS)
    wired = int(down * rng.uniform(0.9, 0.96))
    near = int(wired * rng.uniform(0.6, 0.85))
    house, floors = rng.choice(HOUSES)
    kid = rng.choice(KIDS)
    unknown_name, unknown_prefix = rng.choice(UNKNOWN_DEVICES)
    old_device, old_device_lc = rng.choice(OLD_DEVICES)
    server_app, port = rng.choice(SERVERS)
    room, room2 = rng.choice(ROOMS), rng.choice(ROUTER_ROOMS)
    logday = at - timedelta(days=rng.randint(0, 1))
    endpoint = f"203.0.113.{rng.randint(2, 254)}"
    dfs_channel = rng.choice((52, 60, 100, 112, 116, 124, 132))
    phone = rng.choice(PHONES)
    laptop = rng.choice(LAPTOPS)
    tv, streamer = rng.choice(TVS), rng.choice(STREAMERS)
    values: dict[str, object] = {
        "router": ROUTER,
        "sat": SATELLITE,
        "app": APP,
        "admin_url": ADMIN_URL,
        "fw": fw,
        "new_fw": NEWER_FIRMWARE.get(fw, BETA_FIRMWARE),
        "latest_fw": LATEST_FIRMWARE,
        "beta_fw": BETA_FIRMWARE,
        "app_ver": rng.choice(APP_VERSIONS),
        "latest_app": LATEST_APP,
        "kit": KITS[nsats],
        "sats": SATELLITE_COUNTS[nsats],
        "sats_follow": f"The {SATELLITE}s follow the router's channel automatically."
        if nsats
        else "",
        "phone": phone,
        "laptop": laptop,
        "gamebox": rng.choice(GAMEBOXES),
        "tv": tv,
        "streamer": streamer,
        "client": rng.choice((phone, laptop, tv, streamer)),
        "caster": rng.choice((tv, streamer)),
        "iot": rng.choice(IOT),
        "n_iot": rng.randint(3, 12),
        "printer": rng.choice(PRINTERS),
        "isp": rng.choice(ISPS),
        "isp_box": rng.choice(ISP_BOXES),
        "plan": plan_name,
        "wired_speed": wired,
        "wifi_speed": int(wired * rng.uniform(0.12, 0.4)),
        "near_speed": near,
        "sat_speed": int(near * rng.uniform(0.15, 0.35)),
        "fixed_speed": int(min(wired * rng.uniform(0.85, 0.95), rng.uniform(560, 870))),
        "sqm_down": int(down * 0.9),
        "sqm_up": int(up * 0.9),
        "room": room,
        "room2": room2,
        "house": house,
        "floors": floors,
        "sqm": rng.randrange(110, 280, 10),
        "logdate": logday.strftime("%b %d"),
        "logtime": f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}",
        "ssid": rng.choice(SSIDS),
        "dfs_channel": dfs_channel,
        "rssi": rng.randint(-82, -74),
        "kid": kid,
        "kid_device": f"{kid}'s {rng.choice(KID_DEVICES)}",
        "unknown_name": unknown_name,
        "unknown_mac": _mac(rng, unknown_prefix),
        "ago": rng.choice(AGO),
        "n_devices": rng.randint(25, 70),
        "cgnat_ip": f"100.{rng.randint(64, 127)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
        "vlan": rng.choice((10, 35, 101, 7)),
        "upstream": rng.choice(UPSTREAMS),
        "old_router": rng.choice(OLD_ROUTERS),
        "old_device": old_device,
        "old_device_lc": old_device_lc,
        "led_state": rng.choice(LED_STATES),
        "server_app": server_app,
        "port": port,
        "host_ip": rng.randint(10, 250),
        "pihole_ip": rng.randint(2, 250),
        "voip_phone": rng.choice(VOIP_PHONES),
        "n_people": rng.randint(4, 12),
        "sat_id": f"mp-{rng.randint(0, 0xFFFF):04x}",
        "distance": rng.randint(12, 35),
        "company": rng.choice(COMPANIES),
        "pct": rng.randint(62, 94),
        "ping_block": blocks.ping_with_spikes(rng),
        "ping_win_block": blocks.ping_windows_drop(rng),
        "tracert_block": blocks.tracert_double_nat(rng),
        "speedtest_block": blocks.speedtest(rng, int(wired * rng.uniform(0.12, 0.4)), up // 2),
        "dfs_log_block": blocks.dfs_log(rng, logday.strftime("%b %d"), dfs_channel),
        "wg_block": blocks.wireguard_client(endpoint),
    }
    return Params({key: str(value) for key, value in values.items()})


# --- People ---------------------------------------------------------------------------------


def _weighted(rng: random.Random, people: Sequence[Person], weights: Sequence[float]) -> Person:
    return rng.choices(people, weights=weights, k=1)[0]


class Cast:
    """Picks who does what, from the people's roles and their ask/answer weights."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.askers = [p for p in PEOPLE if p.role == Role.CUSTOMER and p.asks]
        self.agents = [p for p in PEOPLE if p.role == Role.AGENT]
        self.community_helpers = [
            p for p in PEOPLE if p.answers and p.role in (Role.CUSTOMER, Role.MODERATOR)
        ]
        self.helpers = [p for p in PEOPLE if p.answers]
        self.customers = [p for p in PEOPLE if p.role == Role.CUSTOMER]
        self.endorsers = [p for p in PEOPLE if p.role in (Role.AGENT, Role.MODERATOR)] + [
            p for p in PEOPLE if p.username == "dana_admin"
        ]
        self.moderators = [p for p in PEOPLE if p.role == Role.MODERATOR]

    def asker(self) -> Person:
        return _weighted(self.rng, self.askers, [p.asks for p in self.askers])

    def pick(self, pool: Sequence[Person], exclude: set[str], *, by_answers: bool) -> Person | None:
        candidates = [p for p in pool if p.username not in exclude]
        if not candidates:
            return None
        weights = [p.answers if by_answers else 1 for p in candidates]
        return _weighted(self.rng, candidates, weights)


# --- Time -----------------------------------------------------------------------------------


def _hours(rng: random.Random, median: float, sigma: float) -> timedelta:
    return timedelta(hours=math.exp(rng.gauss(math.log(median), sigma)))


def _question_time(rng: random.Random, now: datetime) -> datetime:
    # Slightly more questions recently: the community is growing.
    day = now - timedelta(days=HISTORY_DAYS * rng.random() ** 1.15)
    hour = rng.choices(HOURS, weights=HOUR_WEIGHTS, k=1)[0]
    at = day.replace(hour=hour, minute=rng.randint(0, 59), second=rng.randint(0, 59))
    if at > now - timedelta(minutes=30):
        at -= timedelta(days=1)
    if at < now - timedelta(days=HISTORY_DAYS):
        at += timedelta(days=1)
    return at


def _answer_delay(rng: random.Random) -> timedelta:
    if rng.random() < 0.12:
        return timedelta(days=rng.uniform(1, 10))
    return max(_hours(rng, 2.5, 1.1), timedelta(minutes=6))


# --- The plan -------------------------------------------------------------------------------


def _slots(rng: random.Random) -> Iterator[Topic]:
    """Topics in the order questions get written: rounds of each topic `weight` times, shuffled.

    A topic is offered at most `weight + 4` times, so the popular problems stay popular without
    one of them taking over when its titles run out.
    """
    offered: dict[str, int] = {}
    for _ in range(6):
        round_ = [topic for topic in TOPICS for _ in range(topic.weight)]
        rng.shuffle(round_)
        for topic in round_:
            if offered.get(topic.key, 0) < topic.weight + 4:
                offered[topic.key] = offered.get(topic.key, 0) + 1
                yield topic


def _body(rng: random.Random, topic: Topic, symptom_index: int, params: Params) -> str:
    parts: list[str] = []
    opener = rng.choice(texts.OPENERS)
    if opener:
        parts.append(opener)
    symptom = topic.symptoms[symptom_index]
    mentions_setup = "{fw}" in symptom or "{kit}" in symptom
    if topic.context and not mentions_setup and rng.random() < 0.45:
        parts.append(rng.choice(texts.SETUP_LINES))
    parts.append(dedent(symptom))
    details = variants_for(topic.details, symptom_index)
    if details and rng.random() < 0.7:
        parts.append(rng.choice(details))
    tried = variants_for(topic.tried, symptom_index)
    if tried and rng.random() < 0.75:
        items = rng.sample(tried, k=min(len(tried), rng.randint(2, 3)))
        if rng.random() < 0.55:
            bullets = "\n".join(f"- {sentence_case(item)}" for item in items)
            parts.append(f"{rng.choice(texts.TRIED_INTROS)}\n\n{bullets}")
        else:
            prose = texts.TRIED_PROSE if topic.kind == "problem" else texts.TRIED_PROSE_HOWTO
            parts.append(rng.choice(prose).format(items=join_items(items)))
    closer = rng.choice(texts.CLOSERS if topic.kind == "problem" else texts.HOWTO_CLOSERS)
    if closer:
        parts.append(closer)
    return fill("\n\n".join(parts), params)


def _staff_voice(rng: random.Random, author: Person, body: str, kind: str) -> str:
    openers = texts.AGENT_OPENERS if kind == "problem" else texts.AGENT_HOWTO_OPENERS
    parts = [rng.choice(openers), body]
    closer = rng.choice(texts.AGENT_CLOSERS if kind == "problem" else texts.HOWTO_AGENT_CLOSERS)
    if closer:
        parts.append(closer)
    if rng.random() < 0.6:
        parts.append(f"— {author.staff_signoff}")
    return "\n\n".join(parts)


def _maybe(rng: random.Random, probability: float) -> bool:
    return rng.random() < probability


class Planner:
    def __init__(self, seed: int, now: datetime) -> None:
        self.rng = random.Random(seed)
        self.now = now
        self.cast = Cast(self.rng)
        self.actions: dict[str, list[datetime]] = {p.username: [] for p in PEOPLE}

    def before_now(self, at: datetime) -> bool:
        return at < self.now - timedelta(minutes=2)

    def act(self, username: str, at: datetime) -> None:
        self.actions[username].append(at)

    def use(self, rng: random.Random) -> random.Random:
        self.rng = self.cast.rng = rng
        return rng

    def build(self) -> DemoPlan:
        main = self.rng
        titles: set[str] = set()
        questions: list[PlannedQuestion] = []
        for topic in _slots(main):
            if len(questions) == QUESTIONS:
                break
            # Each question draws from its own stream, so what one thread does (or what `now`
            # cuts off) never changes the content of the others.
            rng = self.use(random.Random(main.getrandbits(64)))
            at = _question_time(rng, self.now)
            params = parameters(rng, topic, at)
            entry = rng.choice(topic.titles)
            template, symptom = entry if isinstance(entry, tuple) else (entry, None)
            if symptom is None:
                symptom = rng.randrange(len(topic.symptoms))
            title = fill_title(template, params)
            if title.lower() in titles:
                continue
            titles.add(title.lower())
            asker = self.cast.asker()
            params["asker_first"] = asker.first_name
            tags = list(topic.tags)
            if topic.extra_tags and _maybe(rng, 0.4):
                tags.append(rng.choice(topic.extra_tags))
            question = PlannedQuestion(
                topic=topic.key,
                space=topic.space,
                asker=asker.username,
                title=title,
                body=_body(rng, topic, symptom, params),
                tags=tags,
                at=at,
                symptom=symptom,
            )
            self.act(asker.username, at)
            self.plan_answers(question, topic, params)
            self.plan_outcome(question, topic, params)
            self.plan_comments(question, topic, params)
            self.plan_votes(question)
            questions.append(question)
        self.use(main)
        questions.sort(key=lambda q: q.at)
        return DemoPlan(
            now=self.now,
            launch=self.now - timedelta(days=LAUNCH_DAYS),
            questions=questions,
            joined=self.joined(),
        )

    def plan_answers(self, question: PlannedQuestion, topic: Topic, params: Params) -> None:
        rng = self.rng
        counts, weights = zip(*ANSWER_COUNTS, strict=True)
        wanted = rng.choices(counts, weights=weights, k=1)[0]
        if not wanted:
            return
        fixes = variants_for(topic.fixes, question.symptom)
        n_fix = 0
        if fixes and _maybe(rng, 0.85 if topic.kind == "problem" else 0.95):
            n_fix = 1 + int(len(fixes) > 1 and wanted >= 2 and _maybe(rng, 0.55))
        tips: list[tuple[str, bool]] = [
            (tip, False)
            for tip in variants_for(topic.tips, question.symptom)
            if wanted > n_fix and _maybe(rng, 0.75)
        ]
        if topic.kind == "problem" and wanted > n_fix + len(tips):
            # At most two general suggestions, so threads don't read alike.
            general = [t for t in texts.GENERAL_TIPS if not t.topics or topic.key in t.topics]
            count = 1 + int(wanted - n_fix - len(tips) > 1 and _maybe(rng, 0.5))
            tips += [
                (rng.choice(tip.variants), tip.is_factory_reset)
                for tip in rng.sample(general, k=min(count, len(general)))
            ]
        used = {question.asker}
        # (author, body, kind, is_reset_tip, detailed)
        drafts: list[tuple[str, str, str, bool, bool]] = []
        for index in range(n_fix):
            # The detailed fix often comes from support; the second one from the community.
            if index == 0 and _maybe(rng, 0.5):
                author = self.cast.pick(self.cast.agents, used, by_answers=True)
            elif index == 0:
                agents = {p.username for p in self.cast.agents}
                author = self.cast.pick(self.cast.helpers, used | agents, by_answers=True)
            else:
                author = self.cast.pick(self.cast.community_helpers, used, by_answers=True)
            if author is None:
                continue
            used.add(author.username)
            template = fixes[index]
            if author.role == Role.AGENT:
                body = _staff_voice(rng, author, dedent(template), topic.kind)
            else:
                openers = (
                    texts.COMMUNITY_OPENERS if topic.kind == "problem" else texts.HOWTO_OPENERS
                )
                opener = rng.choice(openers) if index == 0 else ""
                body = f"{opener}\n\n{dedent(template)}" if opener else dedent(template)
            drafts.append((author.username, fill(body, params), "fix", False, index == 0))
        for tip, is_reset in tips:
            author = self.cast.pick(self.cast.helpers, used, by_answers=True)
            if author is None:
                break
            used.add(author.username)
            if author.role == Role.AGENT and _maybe(rng, 0.7):
                tip = f"{rng.choice(texts.AGENT_OPENERS)}\n\n{dedent(tip)}"
            drafts.append((author.username, fill(tip, params), "tip", is_reset, False))
        rng.shuffle(drafts)
        for author_name, body, kind, is_reset, detailed in drafts:
            at = question.at + _answer_delay(rng)
            if not self.before_now(at):
                continue
            answer = PlannedAnswer(author_name, body, at, kind, detailed=detailed)
            self.act(author_name, at)
            if is_reset and _maybe(rng, 0.5):
                helper = self.cast.pick(self.cast.helpers, {author_name}, by_answers=True)
                self.comment(answer.comments, helper, texts.CAUTION_ON_RESET, params, at,
                             hours=(0.5, 30))  # fmt: skip
            question.answers.append(answer)
        question.answers.sort(key=lambda a: a.at)

    def comment(
        self,
        thread: list[PlannedComment],
        author: Person | None,
        template: str,
        params: Params,
        after: datetime,
        *,
        hours: tuple[float, float],
    ) -> datetime | None:
        if author is None:
            return None
        at = after + timedelta(hours=self.rng.uniform(*hours))
        if not self.before_now(at):
            return None
        thread.append(PlannedComment(author=author.username, body=fill(template, params), at=at))
        self.act(author.username, at)
        return at

    def plan_outcome(self, question: PlannedQuestion, topic: Topic, params: Params) -> None:
        """The asker accepts an answer that solved it; staff endorse a good one."""
        rng = self.rng
        asker = PEOPLE_BY_USERNAME[question.asker]
        fixes = [i for i, a in enumerate(question.answers) if a.kind == "fix"]
        tips = [i for i, a in enumerate(question.answers) if a.kind == "tip"]
        accept: int | None = None
        fixes.sort(key=lambda i: not question.answers[i].detailed)  # the detailed one first
        if fixes and _maybe(rng, 0.65):
            accept = fixes[0] if len(fixes) == 1 or _maybe(rng, 0.7) else fixes[1]
        elif tips and _maybe(rng, 0.06):
            accept = rng.choice(tips)
        if accept is not None:
            answer = question.answers[accept]
            at = answer.at + max(_hours(rng, 4, 1.0), timedelta(minutes=8))
            if self.before_now(at):
                question.accepted, question.accepted_at = accept, at
                self.act(asker.username, at)
                if _maybe(rng, 0.7):
                    generic = texts.THANKS if topic.kind == "problem" else texts.HOWTO_THANKS
                    own = variants_for(topic.thanks, question.symptom)
                    pool = own if own and _maybe(rng, 0.75) else generic
                    self.comment(answer.comments, asker, rng.choice(pool), params,
                                 at - timedelta(minutes=3), hours=(0, 0.04))  # fmt: skip
        agent_fixes = [
            i for i in fixes if question.answers[i].author in {p.username for p in self.cast.agents}
        ]
        chance = 0.55 if agent_fixes else 0.25
        if fixes and _maybe(rng, chance):
            index = agent_fixes[0] if agent_fixes else fixes[0]
            answer = question.answers[index]
            endorser = self.cast.pick(self.cast.endorsers, set(), by_answers=True)
            assert endorser is not None
            at = answer.at + timedelta(hours=rng.uniform(0.5, 36))
            if self.before_now(at):
                question.endorsed, question.endorsed_by, question.endorsed_at = (
                    index, endorser.username, at,
                )  # fmt: skip
                self.act(endorser.username, at)
                if endorser.username != answer.author and _maybe(rng, 0.35):
                    self.comment(answer.comments, endorser, rng.choice(texts.ENDORSER_NOTES),
                                 params, at, hours=(0.01, 0.05))  # fmt: skip

    def plan_comments(self, question: PlannedQuestion, topic: Topic, params: Params) -> None:
        rng = self.rng
        asker = PEOPLE_BY_USERNAME[question.asker]
        problem = topic.kind == "problem"
        told_fw = "{fw}" in topic.symptoms[question.symptom]
        pairs = [
            (ask, reply)
            for ask, reply, topics in (
                texts.CLARIFICATIONS if problem else texts.HOWTO_CLARIFICATIONS
            )
            if (topic.key in topics or (problem and not topics))
            and not (told_fw and "{fw}" in reply)  # don't ask what the question says
        ]
        if pairs and _maybe(rng, 0.35):
            ask, reply = rng.choice(pairs)
            helper = self.cast.pick(self.cast.helpers, {asker.username}, by_answers=True)
            at = self.comment(question.comments, helper, ask, params, question.at,
                              hours=(0.25, 6))  # fmt: skip
            if at is not None:
                self.comment(question.comments, asker, reply, params, at, hours=(0.15, 8))
        if problem and _maybe(rng, 0.12):
            someone = self.cast.pick(self.cast.customers, {asker.username}, by_answers=False)
            self.comment(question.comments, someone, rng.choice(texts.ME_TOO), params,
                         question.at, hours=(1, 120))  # fmt: skip
        if _maybe(rng, 0.04):
            moderator = self.cast.pick(self.cast.moderators, set(), by_answers=False)
            self.comment(question.comments, moderator, rng.choice(texts.MODERATOR_NOTES),
                         params, question.at, hours=(2, 48))  # fmt: skip
        for index, answer in enumerate(question.answers):
            own = answer.author == asker.username
            if problem and answer.kind == "tip" and not own and _maybe(rng, 0.35):
                self.comment(answer.comments, asker, rng.choice(texts.ASKER_NOT_SOLVED), params,
                             answer.at, hours=(0.3, 12))  # fmt: skip
            if answer.kind == "fix" and _maybe(rng, 0.45 if index == question.accepted else 0.2):
                exclude = {answer.author, asker.username}
                someone = self.cast.pick(self.cast.customers, exclude, by_answers=False)
                also = texts.ALSO_WORKED if problem else texts.HOWTO_ALSO
                self.comment(answer.comments, someone, rng.choice(also), params, answer.at,
                             hours=(2, 240))  # fmt: skip
            answer.comments.sort(key=lambda c: c.at)
        question.comments.sort(key=lambda c: c.at)

    def votes(self, author: str, count: int, after: datetime, down: float) -> list[PlannedVote]:
        voters = [p.username for p in PEOPLE if p.username != author]
        planned: list[PlannedVote] = []
        for voter in self.rng.sample(voters, k=min(count, len(voters))):
            at = after + max(_hours(self.rng, 10, 1.2), timedelta(minutes=3))
            if self.before_now(at):
                value = -1 if _maybe(self.rng, down) else 1
                planned.append(PlannedVote(voter=voter, value=value, at=at))
                self.act(voter, at)
        return sorted(planned, key=lambda v: v.at)

    def plan_votes(self, question: PlannedQuestion) -> None:
        rng = self.rng
        question.votes = self.votes(
            question.asker, min(int(rng.expovariate(1 / 2.2)), 14), question.at, 0.05
        )
        for index, answer in enumerate(question.answers):
            if answer.kind == "fix":
                count = 1 + int(rng.expovariate(1 / 2.5)) + answer.detailed
                count += 2 * (index == question.accepted) + (index == question.endorsed)
                answer.votes = self.votes(answer.author, count, answer.at, 0.02)
            else:
                answer.votes = self.votes(answer.author, int(rng.expovariate(1 / 0.9)), answer.at,
                                          0.12)  # fmt: skip

    def joined(self) -> dict[str, datetime]:
        """Staff joined before the launch; customers some time before their first post."""
        launch = self.now - timedelta(days=LAUNCH_DAYS)
        joined: dict[str, datetime] = {}
        for person in PEOPLE:
            if person.role != Role.CUSTOMER:
                joined[person.username] = launch - timedelta(days=self.rng.uniform(3, 60))
                continue
            first = min(self.actions[person.username], default=self.now)
            earliest = launch + timedelta(days=self.rng.uniform(0, 5))
            candidate = first - timedelta(hours=self.rng.uniform(0.2, 24 * 25))
            joined[person.username] = min(max(candidate, earliest), first - timedelta(minutes=5))
        return joined


def build_plan(seed: int, now: datetime) -> DemoPlan:
    return Planner(seed, now).build()
