"""Demo support cases for `crowdservice seed_demo`: the Nimbus support team's last three weeks.

Registered as a community demo step (`community.demo.extensions`), it runs after the community
and the help center are loaded. The setup rows that the app configures only in the Django admin
(two queues, an SLA policy per priority, four macros) are created directly; every case, reply,
note, assignment, status change, escalation, publication and rating goes through the cases
actions, in chronological order. Afterwards every timestamp those actions wrote "now" is moved to
its planned moment (`_Timeline`), the due times are computed again from the planned opening, and
the SLA check runs once, so a couple of cases show as breached or about to breach.

While it runs, mail to requesters, SLA notifications, search indexing and answer ranking are
paused and jobs run inline (as in the community seed); the cases are indexed once at the end.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models import Count, OuterRef, Subquery, Sum
from django.utils import timezone

from crowdservice.accounts.models import User
from crowdservice.accounts.roles import Role
from crowdservice.cases import actions
from crowdservice.cases.actions.cases import render_macro
from crowdservice.cases.actions.work import do_record_work_time
from crowdservice.cases.consumers import notify_sla, send_case_mail
from crowdservice.cases.models import (
    UNRESOLVED_STATUSES,
    Case,
    CaseWorkLog,
    Macro,
    Priority,
    Queue,
    SlaPolicy,
    SlaState,
    Status,
)
from crowdservice.cases.sla import add_business_minutes, show_pause
from crowdservice.community.actions.ranking import rank_thread_answers
from crowdservice.community.consumers import rank_answers
from crowdservice.community.demo.catalog import LATEST_FIRMWARE
from crowdservice.community.demo.load import jobs_inline
from crowdservice.community.models import Answer, Question, Space
from crowdservice.core.events import consumers_paused
from crowdservice.core.models import Event
from crowdservice.notifications.models import Notification
from crowdservice.search.engine.embedder import ModelUnavailable
from crowdservice.search.index.indexing import index_event, index_objects

AGENTS = ("sam_support", "keiko_support", "luis_support")
REQUESTER = "requester"  # in a step: the person who opened the case

QUEUES = (
    ("general", "General", ("sam_support", "luis_support")),
    ("firmware-hardware", "Firmware & hardware", ("keiko_support", "sam_support")),
)

# (priority, first response minutes, resolution minutes, business hours only)
SLA_POLICIES = (
    (Priority.URGENT, 60, 24 * 60, False),
    (Priority.HIGH, 4 * 60, 3 * 24 * 60, False),
    (Priority.NORMAL, 8 * 60, 7 * 24 * 60, False),
    (Priority.LOW, 16 * 60, 80 * 60, True),  # two working days, then two working weeks
)

SIGNOFF = "{{ agent.name }}, Nimbus Support"
ASK_LOGS, RMA, SOLVED_FIRMWARE, NO_REPLY = (
    "Ask for the router logs",
    "Replacement unit (RMA)",
    "Solved: latest firmware",
    "No reply from the customer",
)
MACROS = (
    (
        ASK_LOGS,
        "Hi {{ requester.first_name }},\n\nThanks for the details. To see what the router is "
        "doing, could you send us its logs? In the Nimbus Home app go to **Settings > Support > "
        "Send logs** and type {{ case.reference }} as the note, so the logs land on this case.\n\n"
        f"Reply here once they're sent.\n\n{SIGNOFF}",
        Status.PENDING,
    ),
    (
        RMA,
        "Hi {{ requester.first_name }},\n\nSorry about the trouble with the hardware. We're "
        "sending you a replacement under warranty for case {{ case.reference }}. You'll get a "
        "mail with the tracking number when it ships (usually within two working days); please "
        "send the old unit back in the same box with the prepaid label.\n\nI'll keep this case "
        f"on hold until the replacement has arrived.\n\n{SIGNOFF}",
        Status.ON_HOLD,
    ),
    (
        SOLVED_FIRMWARE,
        "Hi {{ requester.first_name }},\n\nGood to hear the update to firmware "
        f"{LATEST_FIRMWARE} fixed it. I'm marking this case as solved; if the problem comes "
        f"back, just reply here and the case reopens.\n\n{SIGNOFF}",
        Status.SOLVED,
    ),
    (
        NO_REPLY,
        'Hi {{ requester.first_name }},\n\nWe haven\'t heard back about "{{ case.subject }}" for '
        "a few days, so I'm marking it as solved. If you still need help, reply to this message "
        f"and the case reopens.\n\n{SIGNOFF}",
        Status.SOLVED,
    ),
)


@dataclass(frozen=True)
class Do:
    """One step of a case, `hours` after it was opened. `what` is reply, note, assign, status,
    queue, rate or publish; a reply's text may be `macro:<name>` (the macro's status applies)."""

    hours: float
    who: str
    what: str
    text: str = ""
    status: str | None = None
    score: int = 0


# Agents' work time on the case page for each of their steps (handle time, `CaseWorkLog`):
# triage on assigning, and reading the case plus writing on a reply or note; a macro is quick.
ASSIGN_SECONDS, QUEUE_SECONDS, MACRO_SECONDS = 75, 40, 150
READ_SECONDS = 150
CHARACTERS_PER_MINUTE = 180  # writing speed, checking included


def _writing_seconds(step: Do, body: str) -> int:
    if step.text.startswith("macro:"):
        return MACRO_SECONDS
    read = READ_SECONDS if step.what != "note" else READ_SECONDS // 3
    return read + len(body) * 60 // CHARACTERS_PER_MINUTE


@dataclass(frozen=True)
class DemoCase:
    requester: str
    subject: str
    description: str
    days_ago: float
    space: str
    queue: str = "general"
    priority: str = Priority.NORMAL
    tags: tuple[str, ...] = ()
    steps: tuple[Do, ...] = ()


@dataclass(frozen=True)
class DemoEscalation:
    """A case escalated from an unanswered community question (picked when the seed runs)."""

    by: str  # REQUESTER (the asker) or an agent
    after_hours: float  # after the question was asked
    steps: tuple[Do, ...] = ()


def _sam(hours: float, what: str, text: str = "", **kw: Any) -> Do:
    return Do(hours, "sam_support", what, text, **kw)


def _keiko(hours: float, what: str, text: str = "", **kw: Any) -> Do:
    return Do(hours, "keiko_support", what, text, **kw)


def _luis(hours: float, what: str, text: str = "", **kw: Any) -> Do:
    return Do(hours, "luis_support", what, text, **kw)


def _them(hours: float, text: str) -> Do:
    return Do(hours, REQUESTER, "reply", text)


def _rate(hours: float, score: int, comment: str = "") -> Do:
    return Do(hours, REQUESTER, "rate", comment, score=score)


CASES = (
    DemoCase(
        "maria_g",
        "Router reboots every night around 3 am",
        "My AX3000 restarts every night at about 3 am. I only notice because the TV box loses "
        "its recording and the LED blinks white in the morning. Firmware is 3.3.7, router is in "
        "the hallway, nothing changed recently.",
        days_ago=17,
        space="firmware",
        queue="firmware-hardware",
        tags=("reboot", "firmware"),
        steps=(
            _sam(2, "assign"),
            _sam(
                3,
                "note",
                "Automatic updates run between 02:00 and 04:00. Probably the night "
                "update retrying; need system.log to confirm.",
            ),
            _sam(3.2, "reply", f"macro:{ASK_LOGS}"),
            _them(20, "Sent the logs from the app this morning. It happened again at 3:12."),
            _sam(
                22,
                "note",
                "system.log: the update to 3.4.1 fails its checksum and the router "
                "retries every night. Known with 3.3.7 on a slow line; manual update works.",
            ),
            _sam(
                22.5,
                "reply",
                "Thanks María. The logs show what happens: every night the router downloads "
                "the update, the download fails its check and the router restarts to try again."
                f"\n\nPlease install {LATEST_FIRMWARE} by hand: in Nimbus Home go to **Settings > "
                "Firmware** and tap **Update now**. It takes about five minutes; don't unplug the "
                "router while the LED blinks white.",
                status=Status.PENDING,
            ),
            _them(
                46,
                f"Updated to {LATEST_FIRMWARE} yesterday evening and no reboot last night. Thanks!",
            ),
            _sam(47, "reply", f"macro:{SOLVED_FIRMWARE}"),
            _rate(50, 5, "Quick and clear, thank you."),
        ),
    ),
    DemoCase(
        "maria_g",
        "Guest network password doesn't work on my parents' tablet",
        'My parents are visiting and their tablet says "incorrect password" on the guest '
        "network, but my phone connects with the same password. I checked it three times.",
        days_ago=3,
        space="security",
        priority=Priority.LOW,
        tags=("guest-network",),
        steps=(
            _sam(5, "assign"),
            _sam(
                6,
                "reply",
                "Hi María, that usually means the tablet doesn't support the guest network's "
                "security mode. Which tablet is it, and which Android or iOS version does it run?"
                "\n\nMeanwhile you can try this: in Nimbus Home open **Guest network > Security** "
                "and choose **WPA2/WPA3**. Older tablets can't join a WPA3-only network.",
                status=Status.PENDING,
            ),
        ),
    ),
    DemoCase(
        "maria_g",
        "Can't sign in to Nimbus Home on my new phone",
        'I changed phones and now the Nimbus Home app says "router not linked to this account" '
        "when I sign in with the same email as before. The old phone still works.",
        days_ago=10 / 24,
        space="firmware",
        tags=("app",),
    ),
    DemoCase(
        "tom_hughes",
        "Internet drops every evening between 8 and 10 pm",
        "Every evening the internet goes away for a minute or two, several times, always between "
        "8 and 10 pm. During the day it's fine. It makes video calls impossible. AX3000 on "
        "firmware 3.4.2, fibre box from my provider.",
        days_ago=1,
        space="wifi",
        priority=Priority.HIGH,
        tags=("dropouts",),
        steps=(
            _sam(1, "assign"),
            _sam(
                1.5,
                "reply",
                "Hi Tom, sorry about that. Is it only the Wi-Fi, or does a computer with a "
                "network cable lose the connection too? And could you send the logs from "
                "**Settings > Support > Send logs** right after the next drop?",
            ),
            _them(5, "The wired PC loses it too. Logs sent from the app just after a drop."),
            _sam(
                6,
                "note",
                "wan.log: PPP timeout lines every evening from 20:05, the router "
                "redials each time. The provider's line, not the router. Keep open until Tom "
                "hears back from them.",
            ),
            _sam(
                6.2,
                "reply",
                "Thanks Tom, the logs are clear: the connection to your provider drops (the "
                "router loses the line and dials in again), while the router and the Wi-Fi keep "
                "running. Please call your provider and tell them the line drops in the evening; "
                "the times are in the logs if they ask. I'll keep this case open until you hear "
                "back from them.",
            ),
        ),
    ),
    DemoCase(
        "tom_hughes",
        "Mesh Point won't pair, LED keeps blinking blue",
        "I bought a Mesh Point for the garden office. It blinks blue forever and the app never "
        "finds it. I tried three times, restarting both.",
        days_ago=12,
        space="mesh",
        tags=("mesh", "pairing"),
        steps=(
            _luis(4, "assign"),
            _luis(
                4.5,
                "reply",
                "Hi Tom, pairing works best with the Mesh Point in the same room as the router. "
                "Plug it in next to the router, wait until it blinks blue, then tap **Add a Mesh "
                "Point** in the app. Once the LED is solid white you can move it to the garden "
                "office; it keeps the pairing.",
                status=Status.PENDING,
            ),
            _them(26, "Pairing in the same room worked. It's now in the hallway and solid white."),
            _luis(
                27,
                "reply",
                "Great, thanks for letting us know. I'll mark this as solved.",
                status=Status.SOLVED,
            ),
            _rate(30, 4, "Solved, but the pairing steps in the app could be clearer."),
            _luis(96, "status", Status.CLOSED),
        ),
    ),
    DemoCase(
        "dave_r",
        "Router dead after a power cut, LED stays red",
        "We had a power cut this morning and since then the router's LED is solid red. No Wi-Fi, "
        "nothing on the cable either. I work from home and need this fixed today.",
        days_ago=30 / 24,
        space="setup",
        queue="firmware-hardware",
        priority=Priority.URGENT,
        tags=("led", "hardware"),
        steps=(
            _sam(0.5, "assign"),
            _sam(
                0.7,
                "reply",
                "Hi Dave, sorry, let's get you back online. Please try the recovery start: "
                "unplug the router, hold the reset button, plug the power back in and keep "
                "holding for 30 seconds. The LED should blink white and the router starts the "
                "firmware again from its backup copy.",
            ),
            _them(3, "Tried it twice, the LED goes red again after a minute. Still no internet."),
            _sam(
                3.5,
                "note",
                "Recovery start failed twice after a power cut: likely a damaged "
                "flash. Candidate for an advance replacement; checking warehouse stock for "
                "next-day delivery.",
            ),
            _sam(
                3.6,
                "reply",
                "Thanks for trying. Then the router needs replacing; I'm arranging a next-day "
                "replacement and will confirm the delivery here. Until then, your fibre box has "
                "a network port you can use for a computer directly.",
            ),
        ),
    ),
    DemoCase(
        "jenny_park",
        "Replacement power adapter for the AX3000",
        "Our puppy chewed through the router's power cable. Can I buy a replacement adapter, "
        "and which one? The label says 12 V 2 A.",
        days_ago=4,
        space="setup",
        queue="firmware-hardware",
        tags=("hardware",),
        steps=(
            _keiko(2, "assign"),
            _keiko(3, "reply", f"macro:{RMA}"),
            _keiko(
                3.2,
                "note",
                "Adapter only, RMA 44817 raised. The warehouse ships adapters on Tuesdays.",
            ),
        ),
    ),
    DemoCase(
        "sophie_martin",
        "Family Time schedule doesn't block the kids' tablets",
        "I set a Family Time schedule for school nights (off at 9 pm) but the kids' tablets "
        "still have internet after 9. My own phone in the same profile gets blocked.",
        days_ago=2.5,
        space="security",
        tags=("parental-controls",),
        steps=(
            _sam(1, "assign"),
            _sam(
                2,
                "reply",
                "Hi Sophie, Family Time works per device, and many tablets use a different "
                '("private") Wi-Fi address from time to time, so the router sees them as new '
                "devices. On each tablet, open the Wi-Fi settings of your network and turn off "
                "**Private address**, then add the tablets to the profile again in Nimbus Home. "
                "Does the schedule work after that?",
                status=Status.PENDING,
            ),
        ),
    ),
    DemoCase(
        "kwame_a",
        "Port forwarding for my game server stopped working after the update",
        "Since the update to 3.4 my Minecraft server can't be reached from outside. The port "
        "forwarding rules seem to be gone from the app.",
        days_ago=19,
        space="wifi",
        tags=("port-forwarding",),
        steps=(
            _luis(3, "assign"),
            _luis(
                4,
                "reply",
                "Hi Kwame, in 3.4 the rules moved: you find them under **Advanced > NAT > Port "
                "forwarding** in the web console at http://192.168.50.1. The update keeps them "
                "but can switch them off; check that yours are on.",
            ),
            _them(
                9,
                "Found them, they were there but disabled. Turned them on and the server "
                "works again.",
            ),
            _luis(10, "reply", "Good to hear! Marking this as solved.", status=Status.SOLVED),
            _rate(12, 5),
            _luis(130, "status", Status.CLOSED),
        ),
    ),
    DemoCase(
        "nina_k",
        f"Firmware {LATEST_FIRMWARE} update stuck at 60%",
        f'The app has shown "Updating to {LATEST_FIRMWARE}… 60%" for twenty minutes and the '
        "LED blinks white. Can I unplug the router?",
        days_ago=8,
        space="firmware",
        queue="firmware-hardware",
        priority=Priority.HIGH,
        tags=("firmware", "update"),
        steps=(
            _keiko(0.5, "assign"),
            _keiko(
                0.6,
                "reply",
                "Hi Nina, please don't unplug it while the LED blinks white. On a slow line "
                "the update can take up to 45 minutes; the percentage in the app isn't always "
                "updated. If it still blinks after an hour, tell me and we'll go through a "
                "recovery together.",
            ),
            _them(1.5, "It finished after about 40 minutes and everything works. Thanks!"),
            _keiko(2, "reply", f"macro:{SOLVED_FIRMWARE}"),
            _rate(5, 4),
        ),
    ),
    DemoCase(
        "li_wei",
        "5 GHz network disappears a few times a day",
        "Several times a day the 5 GHz network vanishes for about a minute and my laptop falls "
        "back to 2.4 GHz. The router doesn't restart.",
        days_ago=3.5,
        space="wifi",
        queue="firmware-hardware",
        tags=("5ghz", "dropouts"),
        steps=(
            _sam(2, "assign"),
            _sam(2.5, "reply", f"macro:{ASK_LOGS}"),
            _them(8, "Logs sent."),
            _sam(
                9,
                "note",
                "wifi.log: 'radar detected' on channel 100 several times a day (DFS), "
                "and 3.4.2 never moves back. Engineering ticket FW-2291, fix planned for 3.5.0.",
            ),
            _sam(
                9.5,
                "reply",
                "Thanks Li. The router shares channel 100 with weather radar; when it hears the "
                "radar it must leave the channel for a minute, and that's the gap you see. For "
                "now, set the 5 GHz channel to **36** in **Wi-Fi > Advanced**, which never needs "
                "to make way. The next firmware handles this better; I'll keep the case on hold "
                "and tell you when it's out.",
                status=Status.ON_HOLD,
            ),
        ),
    ),
    DemoCase(
        "hannah_b",
        "Wired connection limited to 100 Mbps",
        "My fibre is 1 Gbps but my desktop on a cable only gets 94 Mbps. Over Wi-Fi I get 600.",
        days_ago=6,
        space="wifi",
        tags=("speed",),
        steps=(
            _luis(5, "assign"),
            _luis(
                6,
                "reply",
                "Hi Hannah, 94 Mbps is exactly what a 100 Mbps link gives, which usually means a "
                "cable with only four wires (older Cat 5) or a damaged plug. Please try the "
                "cable that came with the router.",
                status=Status.PENDING,
            ),
            _them(20, "You were right, with the new cable I get 940 Mbps."),
            _luis(
                21,
                "reply",
                "Thanks for confirming! I'll mark this as solved.",
                status=Status.SOLVED,
            ),
        ),
    ),
    DemoCase(
        "omar_f",
        "Mesh Point makes a buzzing noise",
        "My Mesh Point (bought in March) makes a high buzzing sound, loud enough to hear at "
        "night in the bedroom. It works fine otherwise.",
        days_ago=20,
        space="mesh",
        queue="firmware-hardware",
        priority=Priority.LOW,
        tags=("hardware", "mesh"),
        steps=(
            _keiko(20, "assign"),
            _keiko(21, "reply", f"macro:{RMA}"),
            _keiko(21.2, "note", "Coil whine, under warranty. Replacement Mesh Point shipped."),
            _them(90, "The replacement arrived and it's silent. Thanks!"),
            _keiko(
                92,
                "reply",
                "Great, thanks for sending the old one back. Solving this case.",
                status=Status.SOLVED,
            ),
            _rate(95, 5, "Painless replacement."),
            _keiko(200, "status", Status.CLOSED),
        ),
    ),
    DemoCase(
        "rachel_t",
        "WireGuard VPN stopped working after my provider changed my IP",
        "I use the router's WireGuard server from my phone. Since yesterday the phone connects "
        "but nothing loads. I think my provider gave me a new IP address.",
        days_ago=3.5 / 24,
        space="security",
        priority=Priority.HIGH,
        tags=("vpn",),
    ),
    DemoCase(
        "yusuf_d",
        "No internet on any device after last night's automatic update",
        "This morning nothing in the house has internet. The LED is amber. The app says the "
        "router updated last night. I restarted the router and the modem.",
        days_ago=20 / (24 * 60),
        space="firmware",
        queue="firmware-hardware",
        priority=Priority.URGENT,
        tags=("firmware", "led"),
    ),
    DemoCase(
        "emma_l",
        "Is the AX3000 affected by the FragAttacks vulnerability?",
        "I read about FragAttacks in the news. Is my AX3000 affected, and do I need to do "
        "anything?",
        days_ago=15,
        space="security",
        priority=Priority.LOW,
        tags=("security",),
        steps=(
            _sam(39.5, "assign"),
            _sam(
                40,
                "reply",
                "Hi Emma, the AX3000 was fixed against FragAttacks in firmware 3.2.14, so any "
                f"later firmware is safe; the current one is {LATEST_FIRMWARE}. Keep automatic "
                "updates on and you don't need to do anything. Your devices (phones, laptops) "
                "need their own updates too.",
                status=Status.SOLVED,
            ),
            _rate(44, 3, "The answer was fine but it took two days."),
            _sam(150, "status", Status.CLOSED),
        ),
    ),
    DemoCase(
        "aisha_n",
        "Smart plugs won't connect to the 2.4 GHz network",
        "I'm trying to add three smart plugs. Their app says it can't connect to the Wi-Fi. They "
        "only support 2.4 GHz, and my phone is on the same network.",
        days_ago=1.5,
        space="wifi",
        tags=("iot", "2-4ghz"),
        steps=(
            _sam(2, "assign"),
            _sam(2.2, "note", "Probably WPA3 on the main network; cheap plugs need WPA2."),
            _sam(
                2.5,
                "reply",
                "Hi Aisha, most smart plugs can't use WPA3. In Nimbus Home open **Wi-Fi > "
                "Security** and choose **WPA2/WPA3**, or create a separate 2.4 GHz network for "
                "smart home devices under **Wi-Fi > IoT network**. Could you try one of these "
                "and tell me how it goes?",
                status=Status.PENDING,
            ),
        ),
    ),
    DemoCase(
        "olga_v",
        "Router gets very hot and restarts",
        "The router is hot to touch and restarts twice a day. It stands on a shelf in the living "
        "room.",
        days_ago=10,
        space="setup",
        queue="firmware-hardware",
        priority=Priority.HIGH,
        tags=("hardware", "reboot"),
        steps=(
            _keiko(1, "assign"),
            _keiko(
                1.5,
                "reply",
                "Hi Olga, please check that the router stands upright with a hand's width of "
                "free space around it, and nothing on top of the vents. Does it still restart "
                "after a day like that?",
                status=Status.PENDING,
            ),
            _them(28, "It's in the open now and still hot, and it restarted twice today."),
            _keiko(29, "note", "Thermal shutdowns in system.log at 71 °C. Faulty unit."),
            _keiko(29.5, "reply", f"macro:{RMA}"),
            _them(170, "The replacement works and stays cool."),
            _keiko(
                172,
                "reply",
                "Glad it's fixed. Solving this case; thanks for your patience.",
                status=Status.SOLVED,
            ),
            _rate(175, 2, "The new router is fine, but a week without Wi-Fi was hard."),
        ),
    ),
    DemoCase(
        "frank_d",
        "Family Time schedules start an hour late",
        "Since the clocks changed, the kids' bedtime schedule blocks the internet at 10 pm "
        "instead of 9 pm. The router's clock in the web console shows the wrong hour.",
        days_ago=2,
        space="security",
        tags=("parental-controls",),
        steps=(
            _luis(3, "assign"),
            _luis(
                4,
                "reply",
                "Hi Frank, please check the time zone in **System > Time** in the web console: "
                "it should be your city, not a UTC offset (an offset doesn't follow daylight "
                "saving time).",
            ),
            _them(
                10, "It was set to UTC+1. I chose Berlin, but the clock still shows the old time."
            ),
            _luis(
                11,
                "note",
                "Time server probably blocked by his DNS filter; ask for the DNS settings.",
            ),
        ),
    ),
)

ESCALATIONS = (
    DemoEscalation(
        by=REQUESTER,
        after_hours=50,
        steps=(
            _sam(1, "queue", "firmware-hardware"),
            _sam(1.1, "assign"),
            _sam(
                1.5,
                "note",
                "Escalated from the community after two days without an answer. "
                "Once solved, post the fix in the thread so others find it.",
            ),
            _sam(2, "reply", f"macro:{ASK_LOGS}"),
            _them(9, "I sent the logs from the app."),
            _sam(
                11,
                "reply",
                "Thanks for the logs. They show the router is running settings restored from a "  # noqa: S608
                "backup made on firmware 3.2, which don't convert cleanly to 3.4. Please update "
                f"to {LATEST_FIRMWARE}, reset the router (hold the reset button for 10 seconds) "
                "and set it up again without restoring the backup. If it happens again after "
                "that, reply here.",
                status=Status.SOLVED,
            ),
            _sam(
                11.5,
                "publish",
                "Update from Nimbus Support: we looked into this through a support case. The "
                "cause was a settings backup from firmware 3.2 restored on 3.4; some of those "
                f"settings don't convert cleanly. Updating to {LATEST_FIRMWARE}, resetting the "
                "router and setting it up again **without** restoring the backup fixed it. If "
                "you see the same, try that first.",
            ),
            _rate(20, 5, "Thanks for sticking with it."),
        ),
    ),
    DemoEscalation(
        by="keiko_support",
        after_hours=60,
        steps=(
            _keiko(0.2, "assign"),
            _keiko(
                0.5,
                "reply",
                "Hi, I saw your question in the community and opened this case so we can look "
                "at your router directly. Could you send the logs from **Settings > Support > "
                "Send logs** in Nimbus Home, and tell me roughly when it last happened?",
                status=Status.PENDING,
            ),
        ),
    ),
)


class _Timeline:
    """Moves what the actions stamped "now" to the planned moments.

    Each step runs in a fraction of a second; after it, the real time and the planned time are
    noted. A timestamp written during step i (between the real ends of steps i-1 and i) becomes
    step i's planned time plus the same few milliseconds, so the order within a step is kept.
    """

    def __init__(self) -> None:
        self.start = timezone.now()
        self.real_ends: list[datetime] = []
        self.planned: list[datetime] = []

    def mark(self, planned: datetime) -> None:
        self.real_ends.append(timezone.now())
        self.planned.append(planned)

    @property
    def end(self) -> datetime:
        return self.real_ends[-1] if self.real_ends else self.start

    def map(self, real: datetime) -> datetime:
        i = bisect.bisect_left(self.real_ends, real)
        if i >= len(self.planned):
            return real
        previous = self.real_ends[i - 1] if i else self.start
        return self.planned[i] + max(real - previous, timedelta(0))

    def backdate(self) -> int:
        """Every datetime column, in every table, written during the steps; returns the rows."""
        moved = 0
        for model in apps.get_models():
            meta = model._meta
            if meta.proxy or not meta.managed:
                continue
            for column in meta.concrete_fields:
                if not isinstance(column, models.DateTimeField):
                    continue
                name = column.name
                rows = list(
                    model._base_manager.filter(
                        **{f"{name}__gte": self.start, f"{name}__lte": self.end}
                    ).values_list("pk", name)
                )
                if rows:
                    model._base_manager.bulk_update(
                        [model(pk=pk, **{name: self.map(at)}) for pk, at in rows], [name], 500
                    )
                    moved += len(rows)
        return moved


@dataclass
class _Builder:
    now: datetime
    users: dict[str, User]
    queues: dict[str, Queue]
    spaces: dict[str, int]
    macros: dict[str, Macro]
    cases: dict[int, Case] = field(default_factory=dict)
    published: list[Question] = field(default_factory=list)

    def user(self, who: str, key: int) -> User:
        return self.users[who] if who != REQUESTER else self.cases[key].requester

    def open(self, key: int, spec: DemoCase) -> None:
        self.cases[key] = actions.do_open_case(
            requester=self.users[spec.requester],
            subject=spec.subject,
            description=spec.description,
            space_id=self.spaces.get(spec.space),
            priority=spec.priority,
            tags=list(spec.tags),
            queue=self.queues[spec.queue],
        )

    def escalate(self, key: int, spec: DemoEscalation, question: Question) -> None:
        asker = User.objects.get(pk=question.author_id)
        actor = asker if spec.by == REQUESTER else self.users[spec.by]
        self.cases[key] = actions.do_escalate_question(actor=actor, question=question)

    def do(self, key: int, step: Do) -> None:
        actor = self.user(step.who, key)
        case = self.cases[key]
        work = step.who in AGENTS  # agents' steps record their work time, as the case page does
        if step.what == "assign":
            actions.do_update_case(
                actor=actor, case=case, assignee_id=actor.pk, work_seconds=ASSIGN_SECONDS
            )
        elif step.what == "queue":
            actions.do_update_case(
                actor=actor,
                case=case,
                queue_id=self.queues[step.text].pk,
                work_seconds=QUEUE_SECONDS,
            )
        elif step.what == "status":
            actions.do_change_status(actor=actor, case=case, status=step.text)
        elif step.what in ("reply", "note"):
            body, status = step.text, step.status
            if body.startswith("macro:"):
                macro = self.macros[body.removeprefix("macro:")]
                body = render_macro(macro, case, actor)
                status = status or macro.set_status or None
            actions.do_reply(
                actor=actor,
                case=case,
                body=body,
                internal=step.what == "note",
                status=status,
                work_seconds=_writing_seconds(step, body) if work else 0,
            )
        elif step.what == "rate":
            actions.do_rate(actor=actor, case=case, score=step.score, comment=step.text)
        elif step.what == "publish":
            # Publish exactly what the review step shows, as an agent would.
            preview = actions.preview_publication(
                actor=actor, case=case, mode=actions.PublishMode.ANSWER, answer=step.text
            )
            actions.do_publish_resolution(
                actor=actor, case=case, mode=preview.mode, answer=preview.answer_body,
                title=preview.title, question_body=preview.question_body,
            )  # fmt: skip
            if preview.question is not None:
                self.published.append(preview.question)
            # The publish-back review is timed on the case page too (saved on leaving it).
            do_record_work_time(
                actor=actor, case=case, seconds=_writing_seconds(step, step.text), source="page"
            )
        else:  # pragma: no cover - a typo in the demo data
            raise ValueError(f"unknown demo step {step.what!r}")
        self.cases[key] = Case.objects.select_related("requester").get(pk=case.pk)


def _setup(users: dict[str, User]) -> tuple[dict[str, Queue], dict[str, Macro]]:
    """Queues, SLA policies and macros: configured in the Django admin, so created directly."""
    queues = {}
    for position, (slug, name, members) in enumerate(QUEUES):
        queue = Queue.objects.create(slug=slug, name=name, position=position)
        queue.members.add(*[users[m] for m in members if m in users])
        queues[slug] = queue
    for priority, first_response, resolution, business_hours in SLA_POLICIES:
        SlaPolicy.objects.create(
            priority=priority,
            first_response_minutes=first_response,
            resolution_minutes=resolution,
            business_hours_only=business_hours,
            business_days=[1, 2, 3, 4, 5] if business_hours else [],
        )
    macros = {
        name: Macro.objects.create(name=name, body=body, set_status=status)
        for name, body, status in MACROS
    }
    return queues, macros


def _escalation_candidates(now: datetime) -> list[Question]:
    """Unanswered customer questions of the last three weeks, firmware and Wi-Fi first."""
    found = Question.objects.filter(
        deleted_at__isnull=True,
        duplicate_of__isnull=True,
        answer_count=0,
        author__role=Role.CUSTOMER,
        created_at__gte=now - timedelta(days=20),
        created_at__lte=now - timedelta(days=3, hours=12),
    ).select_related("space")
    preferred = {"firmware": 0, "wifi": 1}
    return sorted(found, key=lambda q: (preferred.get(q.space.slug, 2), q.created_at, q.pk))


def _retarget(case_ids: list[int]) -> None:
    """Due times from the planned opening (business hours included); the SLA check follows."""
    policies = {p.priority: p for p in SlaPolicy.objects.all()}
    cases = list(Case.objects.filter(pk__in=case_ids))
    for case in cases:
        policy = policies[case.priority]
        case.first_response_due = add_business_minutes(
            case.created_at, policy.first_response_minutes, policy
        )
        # Pauses while pending lasted milliseconds of real time: none count; a case pending now
        # is paused since its (backdated) change of status.
        case.sla_paused_seconds = 0
        case.resolution_due = add_business_minutes(
            case.created_at, policy.resolution_minutes, policy
        )
        case.sla_state = SlaState.OK if case.status in UNRESOLVED_STATUSES else SlaState.NONE
        show_pause(case)
    Case.objects.bulk_update(
        cases, ["first_response_due", "resolution_due", "sla_state", "sla_paused_seconds"], 500
    )


def seed_cases() -> str:
    """Write the demo cases; does nothing if cases or queues exist or the agents are missing."""
    users = {u.username: u for u in User.objects.filter(role__in=[Role.AGENT, Role.CUSTOMER])}
    if any(a not in users for a in AGENTS) or Case.objects.exists() or Queue.objects.exists():
        return "Cases: skipped (no demo agents, or cases exist already)."
    now = timezone.now()
    first_notification = Notification.objects.order_by("-pk").values_list("pk", flat=True).first()
    with jobs_inline(), consumers_paused(send_case_mail, notify_sla, index_event, rank_answers):
        queues, macros = _setup(users)
        builder = _Builder(
            now=now,
            users=users,
            queues=queues,
            spaces=dict(Space.objects.values_list("slug", "pk")),
            macros=macros,
        )
        plan: list[tuple[datetime, Callable[[], None]]] = []
        for key, spec in enumerate(CASES):
            opened = now - timedelta(days=spec.days_ago)
            plan.append((opened, partial(builder.open, key, spec)))
            plan += [
                (opened + timedelta(hours=d.hours), partial(builder.do, key, d)) for d in spec.steps
            ]
        candidates = _escalation_candidates(now)
        # The solved one from the firmware or Wi-Fi space; the one still running is the newest.
        picked = candidates[:1] + sorted(candidates[1:], key=lambda q: q.created_at)[-1:]
        for n, (escalation, question) in enumerate(zip(ESCALATIONS, picked, strict=False)):
            key = len(CASES) + n
            opened = min(question.created_at + timedelta(hours=escalation.after_hours), now)
            plan.append((opened, partial(builder.escalate, key, escalation, question)))
            plan += [
                (opened + timedelta(hours=d.hours), partial(builder.do, key, d))
                for d in escalation.steps
            ]
        plan.sort(key=lambda item: item[0])
        timeline = _Timeline()
        previous = None
        for at, run in plan:
            # Strictly increasing planned moments keep ids in time order; nothing lies ahead.
            at = min(at, now - timedelta(minutes=1))
            if previous is not None and at <= previous:
                at = previous + timedelta(seconds=1)
            run()
            timeline.mark(at)
            previous = at
        case_ids = [c.pk for c in builder.cases.values()]
        with transaction.atomic():
            timeline.backdate()
            # Notifications a consumer wrote after its action committed: dated like their event.
            Notification.objects.filter(pk__gt=first_notification or 0).update(
                created_at=Subquery(
                    Event.objects.filter(pk=OuterRef("event_id")).values("created_at")
                )
            )
            _retarget(case_ids)
    # The SLA job's first run: the cases past their targets warn or breach now, and their
    # agents are told (notify_sla runs again).
    with jobs_inline():
        sla = actions.do_check_slas(now=timezone.now())
    index_objects("case", case_ids)
    for question in builder.published:
        # Without the model the answer keeps its default score until the thread changes again.
        with suppress(ModelUnavailable):
            rank_thread_answers(question.pk)
        index_objects("question", [question.pk])
        index_objects(
            "answer", list(Answer.objects.filter(question=question).values_list("pk", flat=True))
        )
    statuses = dict.fromkeys(Status.values, 0)
    for status in Case.objects.filter(pk__in=case_ids).values_list("status", flat=True):
        statuses[status] += 1
    by_status = ", ".join(f"{n} {Status(s).label.lower()}" for s, n in statuses.items())
    work = CaseWorkLog.objects.filter(case_id__in=case_ids).aggregate(
        n=Count("id"), seconds=Sum("seconds")
    )
    return (
        f"Cases: {len(case_ids)} support cases ({by_status}), "
        f"{len(builder.cases) - len(CASES)} escalated from the community, "
        f"{len(builder.published)} published back, {sla['breached']} breaching their SLA and "
        f"{sla['warning']} about to; {len(queues)} queues, {len(macros)} macros; "
        f"{work['n']} work time records ({(work['seconds'] or 0) / 3600:.1f} h of handle time)."
    )
