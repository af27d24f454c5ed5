"""Phrases shared by every topic: openers and closers, comments, general tips, staff voice.

Templates use the same `{placeholders}` as the topics (see `plan.parameters`).
"""

from __future__ import annotations

from dataclasses import dataclass

OPENERS = (
    "",
    "",
    "",
    "Hi all,",
    "Hi everyone,",
    "Hello,",
    "Long-time lurker, first post.",
    "Hoping someone here has seen this before.",
    "Bit of a beginner question, sorry.",
    "Posting here before I spend an hour on hold with support.",
)

SETUP_LINES = (
    "Setup: {kit}, firmware {fw}, internet from {isp} ({plan}).",
    "I have {kit} on firmware {fw}. The internet is {isp}, {plan}.",
    "For context: {kit}, {fw}, about {n_devices} devices, {plan} line.",
    "Running {kit} ({fw}) in a {house}.",
)

TRIED_INTROS = (
    "What I've tried so far:",
    "Already tried:",
    "Things I've done:",
    "So far I have:",
)

TRIED_PROSE_HOWTO = (
    "I've already {items}.",
    "So far I've {items}.",
)

TRIED_PROSE = (
    "I've already {items}.",
    "So far I've {items}, with no luck.",
    "I have {items}; no change.",
)

CLOSERS = (
    "",
    "",
    "Any ideas?",
    "Thanks in advance!",
    "Is this a known issue with {fw}?",
    "What am I missing?",
    "Any help appreciated.",
    "Happy to post logs if that helps.",
    "Before I send it back, is there anything else I can try?",
    "Cheers.",
)

HOWTO_CLOSERS = (
    "",
    "",
    "Thanks!",
    "Thanks in advance.",
    "Any pointers appreciated.",
    "Cheers.",
)

# A helper asks the asker something, and the asker replies: (question, reply, topic keys).
# An empty tuple of topics means any problem topic.
CLARIFICATIONS = (
    (
        "Which firmware is it on? It's under Settings > System > About in the app.",
        "{fw}. It updated itself a couple of weeks ago.",
        (),
    ),
    (
        "Did this start after a firmware update, or has it always been like this?",
        "Started {ago}, I think around when it updated to {fw}.",
        (),
    ),
    (
        "Does it happen with a wired device as well, or only on Wi-Fi?",
        "Only Wi-Fi as far as I can tell; the desktop on a cable is fine.",
        ("dfs-drops", "slow-wifi", "laptop-drops", "weak-backhaul", "roaming"),
    ),
    (
        "Are the Mesh Points connected wirelessly or with ethernet?",
        "Wirelessly. No cables between the floors, unfortunately.",
        ("weak-backhaul", "satellite-offline", "roaming", "dfs-drops"),
    ),
    (
        "Is the app up to date as well? A couple of app-side bugs were fixed in {latest_app}.",
        "I was on {app_ver}. Updated to {latest_app} now; same thing.",
        ("app-cannot-find-router", "app-session-expired", "app-router-offline",
         "family-time-schedule", "notification-noise", "satellite-pairing"),
    ),
    (
        "Roughly how many devices are connected? App > Devices shows the count.",
        "{n_devices}, give or take. A lot of them are smart plugs.",
        ("iot-2-4ghz", "crowded-apartment", "casting", "unknown-device", "slow-wifi"),
    ),
    (
        "Is the ISP's box in router mode or modem mode?",
        "Router mode, I think. It's the {isp_box}; I've never changed anything on it.",
        ("no-internet-after-setup", "port-forwarding", "wireguard", "gaming-latency"),
    ),
)  # fmt: skip

# Before the asker picks a how-to answer, someone checks what they have (same shape).
MENU_TOPICS = (
    "access-point-mode",
    "auto-update-window",
    "backup-restore",
    "support-bundle",
    "guest-network",
    "change-wifi-password",
    "beta-firmware",
    "remote-management",
)
HOWTO_CLARIFICATIONS = (
    (
        "Which firmware are you on? Some of these menus moved in 3.4.",
        "{fw} at the moment.",
        MENU_TOPICS,
    ),
    (
        "Are you doing this in the app or in the web console? The menus differ a bit.",
        "The app mostly, but I can use the web console if I have to.",
        MENU_TOPICS,
    ),
    (
        "Is there ethernet anywhere in the house already? It changes the answer a lot.",
        "Only from the router to the TV, unfortunately.",
        ("how-many-satellites", "garden-office"),
    ),
)  # fmt: skip

ME_TOO = (
    "Same here since {fw}. Following.",
    "Seeing exactly this too. Following the thread.",
    "+1, same problem on my setup.",
    "Following. I've had this on and off for weeks.",
)

MODERATOR_NOTES = (
    "Tip for everyone: putting the firmware version in the title helps people find threads "
    "like this one.",
    "Tidied up the tags on this thread so it shows up under the right topic.",
)

# The asker, on an answer that didn't solve it.
ASKER_NOT_SOLVED = (
    "Thanks, but no luck with that either.",
    "Tried it; no change, sadly.",
    "Good tip, I'll check tonight and report back.",
    "Will try this at the weekend, when nobody needs the internet!",
    "That helped a bit, but it still happens now and then.",
)

# Someone else, on an answer that worked for them too.
ALSO_WORKED = (
    "+1, this fixed it for me on {fw} too.",
    "Worked for me as well. Shame it isn't the default.",
    "Can confirm. Bookmarking this one.",
    "This should be pinned somewhere; it comes up every week.",
)

ENDORSER_NOTES = (
    "Confirmed: this is what we recommend. I've flagged it for the knowledge base.",
    "Endorsing this one; it's exactly what support would walk you through.",
    "Correct. One addition: download a backup first (System > Backup & restore) before "
    "changing settings, so you can always go back.",
)

HOWTO_THANKS = (
    "That's exactly what I needed, thanks!",
    "Found it, thank you.",
    "Clear instructions, worked first time. Thanks!",
)

HOWTO_ALSO = (
    "Useful to know, thanks.",
    "Didn't know that menu existed. Bookmarked.",
    "Same here, worked exactly as described.",
)

THANKS = (
    "That was it, thanks!",
    "That fixed it. Marking this as the answer.",
    "Sorted. Thanks a lot!",
    "Thank you, that did the trick.",
)

CAUTION_ON_RESET = (
    "Careful with the factory reset: it also removes the mesh pairing, so you'll have to add "
    "every Mesh Point again."
)


@dataclass(frozen=True)
class GeneralTip:
    """A troubleshooting suggestion that fits many problems: a few phrasings of one idea."""

    variants: tuple[str, ...]
    topics: tuple[str, ...] = ()  # topic keys it suits; empty means every problem topic
    is_factory_reset: bool = False


GENERAL_TIPS = (
    GeneralTip(
        (
            """\
            Before anything else, check for a firmware update (Settings > System > Firmware in
            the app) and read the release notes for {latest_fw}. A few problems like this were
            fixed in the 3.4 releases.
            """,
            """\
            Which firmware are you on? {fw} had a couple of bugs in this area. I'd update to
            {latest_fw} first and see if it still happens.
            """,
            """\
            Worth updating to {latest_fw} before you spend more time on it; the release notes
            mention fixes for exactly this kind of thing.
            """,
        ),
        topics=(
            "dfs-drops", "laptop-drops", "iot-2-4ghz", "casting", "satellite-offline",
            "weak-backhaul", "roaming", "app-router-offline", "family-time-schedule",
            "unknown-device", "wpa3-old-devices", "slow-wifi",
        ),
    ),
    GeneralTip(
        (
            """\
            Grab a support bundle before you reset or reboot anything (web console > System >
            Diagnostics > Download support bundle). The logs live in memory and are gone after
            a restart, and if this turns into a support case they'll ask for them.
            """,
            """\
            Have a look in System > Logs in the web console around the time it happens. The log
            is usually much more specific than the app, and it's what support will ask for
            anyway.
            """,
        ),
    ),
    GeneralTip(
        (
            """\
            Not a fix as such, but a full power cycle in the right order helps more often than
            you'd think: modem off, router off, satellites off. Modem on and wait until it's
            fully up (a couple of minutes), then the router, then the satellites one at a time.
            """,
            """\
            Silly question, but have you restarted everything in order? Modem first, wait two
            minutes, then the router, then any Mesh Points. It clears more than you'd expect.
            """,
        ),
        topics=(
            "no-internet-after-setup", "dfs-drops", "satellite-offline", "weak-backhaul",
            "app-router-offline", "casting", "satellite-pairing", "pppoe-vlan",
        ),
    ),
    GeneralTip(
        (
            """\
            If nothing else helps: a factory reset (hold the reset pin for 10 seconds until the
            LED blinks amber) and setting it up from scratch *without* restoring a backup cleared
            a similar problem for me. Last resort though, since you'll have to set everything
            up again.
            """,
        ),
        topics=(
            "satellite-pairing", "app-cannot-find-router", "laptop-drops", "dfs-drops",
            "app-session-expired", "family-time-schedule",
        ),
        is_factory_reset=True,
    ),
    GeneralTip(
        (
            """\
            Get a Wi-Fi analyser app on your phone and look at how busy the channels are,
            especially in the evening. It takes the guesswork out of channel settings.
            """,
            """\
            Have you looked at what your neighbours are doing? A Wi-Fi analyser app will show
            you how many networks share your channel; in the evening it can be dozens.
            """,
        ),
        topics=("dfs-drops", "crowded-apartment", "slow-wifi", "laptop-drops"),
    ),
    GeneralTip(
        (
            """\
            Try a day with Smart Connect off, so you can see which band each device is actually
            on. It makes problems like this much easier to pin down.
            """,
        ),
        topics=("iot-2-4ghz", "casting", "slow-wifi", "laptop-drops"),
    ),
    GeneralTip(
        (
            """\
            Check the backhaul figure in the app (Settings > Mesh > your Mesh Point >
            Backhaul). Anything worse than -70 dBm causes all sorts of odd problems that look
            like something else.
            """,
            """\
            If there's any way to run a cable to the Mesh Point, do it. Ethernet backhaul fixes
            most mesh weirdness at a stroke.
            """,
        ),
        topics=("weak-backhaul", "satellite-offline", "roaming", "dfs-drops"),
    ),
    GeneralTip(
        (
            """\
            Which mode is the ISP's box in? A lot of trouble like this comes down to two routers
            fighting each other; the app shows a "double NAT" banner if that's the case.
            """,
        ),
        topics=(
            "no-internet-after-setup", "port-forwarding", "wireguard", "gaming-latency",
        ),
    ),
    GeneralTip(
        (
            """\
            Remember that everything the router does (filters, schedules, blocks) only applies
            on your Wi-Fi. A phone on mobile data bypasses all of it.
            """,
        ),
        topics=("family-time-schedule", "vpn-bypass"),
    ),
    GeneralTip(
        (
            """\
            The release notes (Settings > System > Firmware > What's new) list the known issues
            of each version; worth a look before digging further.
            """,
        ),
        topics=("nightly-reboot", "update-stuck", "app-session-expired", "notification-noise"),
    ),
)  # fmt: skip

AGENT_OPENERS = (
    "Hi {asker_first}, thanks for the detailed report.",
    "Hi {asker_first}, sorry for the trouble.",
    "Thanks for posting, {asker_first}.",
    "Hello {asker_first},",
    "Hi {asker_first}! This is one we see quite often.",
)

AGENT_HOWTO_OPENERS = (
    "Hi {asker_first}, good question.",
    "Hello {asker_first},",
    "Thanks for asking, {asker_first}.",
)

AGENT_CLOSERS = (
    "If that doesn't sort it, reply here and I'll pick it up with you in a support case.",
    "Let us know how it goes.",
    "If it still happens afterwards, send us a support bundle (System > Diagnostics) and "
    "mention this thread.",
    "",
)

HOWTO_OPENERS = (
    "",
    "",
    "",
    "Did this last month.",
    "Done this a couple of times now.",
)

AGENT_HOWTO_OPENERS = (
    "Hi {asker_first}, good question.",
    "Hello {asker_first},",
    "Thanks for asking, {asker_first}.",
)

HOWTO_AGENT_CLOSERS = (
    "Let us know if you get stuck.",
    "Hope that helps!",
    "",
)

COMMUNITY_OPENERS = (
    "",
    "",
    "",
    "This comes up a lot.",
    "Had the same thing last month.",
    "I fought with this for a week, so here's what worked for me.",
)
