"""Support topics for the "Security & parental controls" space."""

# Prose for people: the en dashes in ranges and the multiplication signs are meant.
# ruff: noqa: RUF001

from __future__ import annotations

from crowdservice.community.demo.catalog import Topic

TOPICS = (
    Topic(
        key="family-time-schedule",
        space="security",
        tags=("family-time", "parental-controls", "schedules"),
        extra_tags=("private-mac", "time-zone"),
        weight=4,
        titles=(
            ("Family Time bedtime schedule doesn't block {kid}'s tablet", 0),
            ("Parental controls schedule kicks in an hour late", 1),
            ("Paused device still has internet", 2),
        ),
        symptoms=(
            """\
            I set a bedtime schedule in Family Time for {kid}'s profile (school nights, 21:00 to
            07:00). It's 22:15 and {kid_device} is still streaming YouTube. The profile shows the
            device as assigned.
            """,
            """\
            The schedule does kick in, but an hour late: bedtime is set for 20:30 and the
            internet goes off at 21:30. It started after the clocks changed.
            """,
            """\
            When I press *Pause* on {kid}'s profile, {kid_device} keeps working as if nothing
            happened. Other devices in the same profile do get paused.
            """,
        ),
        tried=(
            "removed the device from the profile and added it again",
            "rebooted the router",
            "updated the app",
        ),
        fixes=(
            """\
            Two usual suspects:

            **1. The device has a new MAC address.** iOS, Android and Windows use a *private*
            (random) Wi-Fi address per network and can rotate it. Family Time recognises
            devices by MAC, so a rotated address is a new, unrestricted device. On
            {kid_device}: Wi-Fi settings > your network > turn **Private Wi-Fi address** off
            (on iOS 18, set it to *Fixed*). Then assign the device in Family Time again and
            check under *Devices* that the MAC matches.

            **2. The router's time zone.** Schedules run on the router's clock. If it's an hour
            out, check **Settings > System > Time zone** (web console: System > Time). The app
            takes the time zone from the phone at setup, and if that was different, or daylight
            saving isn't applied, schedules shift.

            Also remember that schedules only apply on your Wi-Fi. A tablet with a SIM card just
            switches to mobile data.
            """,
            (
                """\
            It was the private address for us. {kid}'s iPad got a new MAC after an iOS update,
            so Family Time thought it was a new device. Fixed address, assigned again, and it's
            been reliable since.
            """,
                0,
            ),
        ),
        thanks=(
            ("Private address was on. Fixed it and bedtime works; {kid} is not impressed.", 0),
        ),
    ),
    Topic(
        key="vpn-bypass",
        space="security",
        tags=("family-time", "vpn", "content-filter"),
        extra_tags=("doh",),
        titles=(
            ("Teenager bypasses the Family Time filter with a VPN app", 0),
            ("Can the router block VPN and proxy apps?", 0),
            ("Content filter doesn't work in one browser", 1),
            ("Kids get around the content filter with a VPN. Any way to stop it?", 0),
        ),
        symptoms=(
            """\
            My 15-year-old has worked out that with a free VPN app on the phone, Family Time's
            content filter does nothing. Schedules still work (no internet at all), but the
            filter is useless. Can I block VPNs?
            """,
            """\
            Content filtering works on the kids' devices, except in one browser that has a
            built-in "secure DNS" and VPN. Is there a setting for that?
            """,
        ),
        tried=("blocked the app store on the phone", "talked to them (results may vary)"),
        fixes=(
            """\
            Partly. In Family Time > the profile > **Filters**, turn on the category **VPN &
            proxy services**: NimbusShield keeps a list of known VPN providers and blocks
            connections to them. Also turn on **Block encrypted DNS (DoH)**, otherwise browsers
            can bypass the DNS-based filter without any VPN at all.

            Be realistic though: blocking works from a list, and new free VPNs appear every
            week. It stops the casual attempts. Nothing on the router stops mobile data or a
            friend's hotspot; screen-time controls on the device itself (Screen Time, Family
            Link) are the other half.
            """,
            """\
            VPN category plus blocking DoH caught the two apps my son was using. He found a
            third within a week. Device-level controls plus the router is what finally worked
            for us.
            """,
        ),
        thanks=("Blocking DoH was the missing piece for the browser. Thanks.",),
    ),
    Topic(
        key="guest-network",
        kind="howto",
        space="security",
        tags=("guest-network", "isolation"),
        extra_tags=("printer", "casting"),
        titles=(
            ("Guests on the guest network can see my printer: is that right?", 0),
            ("Let guests cast to the TV without giving them the main password", 1),
            "Guest network: what exactly is isolated?",
            ("Guest Wi-Fi for our lodger: how isolated is it?", 1),
        ),
        symptoms=(
            """\
            I noticed my brother-in-law could print to our {printer} while on the guest network.
            I thought guests were isolated from the main network. Is something misconfigured?
            """,
            """\
            We rent out a room. I'd like guests to be able to cast to the {tv}, but not see
            anything else. The guest network blocks casting completely.
            """,
        ),
        tried=("checked the guest network settings in the app",),
        fixes=(
            """\
            Look at **Settings > Guest network > Allow access to local network**:

            - *Off* (the default): guests get internet only. They can't see devices on your main
              network, and with *Guest isolation* on they can't see each other either.
            - *On*: the guest network is little more than a second name for your main network.

            If your printer was reachable, either that toggle is on, or the printer itself is
            connected to the guest network (some printers grab the first open-looking network
            they find during setup; check App > Devices).

            For casting there's no per-device exception on current firmware. The usual
            workaround is to put the {tv} *on* the guest network: guests can cast to it and it
            still has internet. You can't cast to it from the main network then, unless you
            turn guest isolation off.
            """,
            (
                """\
            Our printer had joined the guest network by itself during a reset. Moved it back to
            the main network and the guests stopped seeing it.
            """,
                0,
            ),
        ),
        thanks=(("The printer was on the guest network. Moved it back; all isolated again.", 0),),
    ),
    Topic(
        key="unknown-device",
        space="security",
        tags=("unknown-device", "alerts", "mac-address"),
        weight=4,
        titles=(
            '"New device joined" alert for an unknown device called {unknown_name}',
            "Unknown device on my network: should I be worried?",
            "How do I identify a device from its MAC address?",
        ),
        symptoms=(
            """\
            Got a push notification: **New device joined: {unknown_name} ({unknown_mac})**.
            Nobody in the house knows what it is. Has someone got my Wi-Fi password?
            """,
            """\
            Looking at Devices in the app, there's one I don't recognise: {unknown_name}, MAC
            {unknown_mac}, on 2.4 GHz, first seen {ago}. How do I find out what it is?
            """,
        ),
        tried=(
            "searched the MAC on a vendor lookup site",
            "blocked it in the app (then the {iot} stopped working, so I unblocked it)",
        ),
        fixes=(
            """\
            Usually it's one of your own gadgets. How to find out:

            1. **The vendor.** The first half of a MAC address identifies the manufacturer.
               `24:0A:C4` and its relatives belong to Espressif, whose Wi-Fi chip sits inside
               countless smart plugs, bulbs, air purifiers and robot vacuums. If the second
               character is 2, 6, A or E (e.g. `26:…`, `AE:…`), it's a *private* random address
               from a phone or laptop, and the vendor tells you nothing.
            2. **When did it join?** If it's around when someone set up a new gadget, there's
               your answer.
            3. **Where is it?** App > Devices > the device shows which node it's closest to and
               how strong the signal is.
            4. **Rename it** once you know, so the next alert makes sense.

            If you really can't place it, block it (App > Devices > Block) and see what stops
            working. If nothing does and it keeps trying, **change the Wi-Fi password** and turn
            off WPS (Settings > Wi-Fi > WPS).
            """,
            """\
            Espressif means a smart device. In my case it was the dishwasher (!), which the
            installer had connected for "remote diagnostics".
            """,
        ),
        thanks=("It was the new air purifier. Renamed it. Panic over, thanks.",),
    ),
    Topic(
        key="nimbusshield-false-positive",
        space="security",
        tags=("nimbusshield", "false-positive"),
        extra_tags=("vpn", "allow-list"),
        titles=(
            ("NimbusShield blocks my bank's website", 0),
            ("Work VPN blocked by NimbusShield: how do I allow it?", 1),
            'False positive: "This site was blocked to protect you"',
            ("NimbusShield flags vpn.{company}.com as suspicious", 1),
        ),
        symptoms=(
            """\
            Since yesterday, opening my bank's login page gives the NimbusShield page: **This
            site was blocked to protect you (category: Phishing)**. It's definitely the real
            site, the same address I've used for years. On mobile data it works.
            """,
            """\
            My work laptop's VPN can't connect at home any more; it works on my phone's hotspot.
            The router's security log shows `NimbusShield: blocked vpn.{company}.com
            (Suspicious)`.
            """,
        ),
        tried=("cleared the browser cache", "restarted the router"),
        fixes=(
            """\
            Add an exception, and report the false positive:

            1. App > **Security > NimbusShield > Exceptions > Add**. Enter just the domain
               (e.g. `vpn.{company}.com`, without https://).
            2. It applies within a minute; no reboot needed.
            3. Report it from the block page (*This site is safe – report*) or from the security
               log entry. Reports are reviewed by the threat-intelligence provider, usually
               within 48 hours.

            Don't turn NimbusShield off altogether for this; the exception is enough.
            """,
            """\
            The exceptions list is under Security > NimbusShield in the app, not in the web
            console. Added my company's VPN gateway there and it connected immediately.
            """,
        ),
        thanks=("Exception added, works again. Reported it as well.",),
    ),
    Topic(
        key="remote-management",
        kind="howto",
        space="security",
        tags=("remote-access", "cloud", "2fa"),
        weight=2,
        titles=(
            ("Is it safe to leave remote management on?", 0),
            ("Can I turn off cloud access and manage the router only locally?", 1),
            ("Does the app's remote access open a port on my router?", 0),
        ),
        symptoms=(
            """\
            The app lets me manage the router from anywhere, which is handy, but that means the
            router is reachable from the internet, right? Should I turn it off? Is there 2FA?
            """,
            """\
            I'd rather my router didn't talk to a cloud service at all. Can I run the {router}
            purely locally with the web console, and what stops working if I do?
            """,
        ),
        tried=(),
        fixes=(
            """\
            Remote management through the app does **not** open a port on your router. The
            router keeps an outbound, encrypted connection to the Nimbus cloud, and the app
            talks to it through that; nothing listens on your WAN for it. The exposure is your
            Nimbus account, so:

            1. Turn on **two-factor authentication** for the account (app > Account > Security
               > Two-factor).
            2. Leave **Web console access from WAN** *off* (Advanced > Remote management). That
               setting does open a port, and with the app you don't need it.

            If you want no cloud at all: Settings > System > **Cloud connection**: *Off*. The app
            then only works on your home Wi-Fi, push notifications and remote access stop, and
            firmware updates have to be done by hand in the web console. Everything else
            (routing, Wi-Fi, mesh, Family Time schedules) keeps working locally.
            """,
            """\
            Been running mine with the cloud connection off for a year. Works fine; I check for
            firmware by hand once a month.
            """,
        ),
    ),
    Topic(
        key="wireguard",
        space="security",
        tags=("vpn", "wireguard", "remote-access"),
        extra_tags=("ddns", "cgnat"),
        weight=4,
        titles=(
            ("Setting up the WireGuard VPN server to reach home from outside", 0),
            ("WireGuard connects but no traffic passes", 1),
            ('VPN server: "Latest handshake: never"', 1),
            ("WireGuard on the {router} with a changing IP: how do I use DDNS?", 0),
            ("Reach {server_app} from outside through the built-in VPN?", 0),
        ),
        symptoms=(
            """\
            I'd like to reach my NAS and Home Assistant while travelling. The {router} has a
            WireGuard server under Advanced > VPN server. Has anyone got a step-by-step?
            Especially the DDNS part, my IP address changes.
            """,
            """\
            Set up the WireGuard server and imported the config on my {phone}. The app says
            connected, but no traffic flows and it shows *Latest handshake: never*. This is the
            client config (keys removed):
            """,
        ),
        details=(("{wg_block}", 1),),
        tried=(
            ("regenerated the keys", 1),
            "tried from mobile data and from a friend's Wi-Fi",
        ),
        fixes=(
            """\
            Step by step:

            1. **Dynamic DNS:** Advanced > DDNS > *Nimbus DDNS* > choose a name, e.g.
               `yourname.nimbus-ddns.net`. It follows your changing IP.
            2. **VPN server:** Advanced > VPN server > **WireGuard** > *On*. Leave the port at
               **51820/UDP** and the tunnel network at the default 10.6.0.0/24.
            3. **Add a client:** *Add device* > name it > it shows a QR code and a `.conf`
               file. Scan the QR code with the WireGuard app.
            4. **AllowedIPs** in the client: `192.168.50.0/24, 10.6.0.0/24` to reach only your
               home network, or `0.0.0.0/0` to send all traffic home.
            5. Test from **mobile data**, not from your home Wi-Fi.

            If the handshake never completes, the UDP packets aren't reaching the router. Check
            that the WAN IP isn't private or carrier-grade NAT (100.64–100.127); if it is, port
            51820 can't be reached from outside, and you need a public IP from your ISP or a
            relay-based tool instead.
            """,
            (
                """\
            "Handshake: never" means the packets don't arrive. In my case the Endpoint in the
            config still pointed at my old IP; switching it to the DDNS name fixed it. Also,
            `PersistentKeepalive = 25` helps on mobile networks.
            """,
                1,
            ),
        ),
        thanks=(
            (
                "The Endpoint was my old IP, exactly like you said. DDNS name in there, handshake "
                "every few seconds now.",
                1,
            ),
        ),
    ),
    Topic(
        key="change-wifi-password",
        kind="howto",
        space="security",
        tags=("wifi-password", "security"),
        extra_tags=("wps",),
        weight=2,
        titles=(
            "Ex-flatmate still has the Wi-Fi password: least painful way to change it?",
            "How do I change the Wi-Fi password without re-adding every device?",
            "Start over with a new Wi-Fi password without re-adding {n_devices} devices?",
        ),
        symptoms=(
            """\
            A flatmate moved out on bad terms and still has the Wi-Fi password. I want to change
            it, but we have {n_devices} devices in the app, lots of them smart plugs and
            cameras. What's the least painful way?
            """,
        ),
        tried=("blocked their phone in the app",),
        fixes=(
            """\
            Changing the password (Settings > Wi-Fi > Password) is the only way to be sure, and
            every device then has to join again. To make it less painful:

            1. Create a separate **IoT network** (Settings > Wi-Fi > Add network) with its own
               new password, and move the smart devices there one evening.
            2. Then change the main network's password; phones and laptops are quick to rejoin.
            3. Check **Settings > Admins** that they aren't an admin on the router, and turn
               **WPS** off (Settings > Wi-Fi > WPS).

            Blocking their phone (App > Devices > Block) works by MAC address, so it's a
            stopgap: a new phone, or a private address, gets straight through.
            """,
        ),
        thanks=("IoT network first, then the password. Done in an evening. Thanks.",),
    ),
)
