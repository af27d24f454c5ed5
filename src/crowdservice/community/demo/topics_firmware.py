"""Support topics for the "Firmware & app" space."""

# Prose for people: the en dashes in ranges and the multiplication signs are meant.
# ruff: noqa: RUF001

from __future__ import annotations

from crowdservice.community.demo.catalog import Topic

TOPICS = (
    Topic(
        key="update-stuck",
        space="firmware",
        tags=("firmware-update", "e-305"),
        extra_tags=("recovery",),
        weight=4,
        titles=(
            ("Firmware update stuck at {pct}% for over an hour", 0),
            ("E-305: firmware signature check failed", 1),
            "Update to {new_fw} failed: what now?",
        ),
        symptoms=(
            """\
            Started the update to {new_fw} from the app. It's been sitting at **Installing…
            {pct}%** for over an hour with the LED alternating blue and white. The internet is
            down. Do I dare unplug it?
            """,
            """\
            I tried to update from {fw} to {new_fw} by uploading the file in the web console,
            and it says **E-305: Firmware signature check failed**. I've downloaded the file
            twice from the support site.
            """,
        ),
        tried=(
            ("waited another 30 minutes", 0),
            ("downloaded the file again", 1),
            ("tried a different browser", 1),
        ),
        fixes=(
            """\
            Don't unplug during the first 20 minutes; after that it's safe to assume it's stuck.
            The {router} has two firmware slots, so a failed update falls back to the old one:

            1. Power off, wait 10 seconds, power on. It should boot the previous firmware
               ({fw}) within 3–4 minutes.
            2. Update again from the web console: **System > Firmware > Check for updates**, or
               upload the file by hand.

            **E-305** means the file isn't a valid signed image for this model. The usual
            causes: downloading the {sat} image instead of the router's (they're listed next to
            each other, `NMB-AX3000-R` and `NMB-AX3000-S`), or a browser that renamed or
            unpacked the `.bin`. Compare its checksum with the one on the download page:

            ```console
            $ sha256sum NMB-AX3000-R_{new_fw}.bin
            ```

            If the LED **blinks red** after a failed update, use recovery mode: hold the reset
            pin while powering on and keep holding for 20 seconds, then open
            http://192.168.50.1/recovery from a wired PC and upload the image there.
            """,
            (
                """\
            The app update has been getting stuck in the 80s for several people on {fw}. A
            power cycle after 20 minutes fell back to the old firmware for me, and the second
            attempt went through fine. The LED alternating the whole time is normal during an
            install.
            """,
                0,
            ),
        ),
        thanks=(
            ("Power cycle, back on {fw}, then the web console update worked first time. Phew.", 0),
        ),
    ),
    Topic(
        key="nightly-reboot",
        space="firmware",
        tags=("auto-optimise", "reboot"),
        extra_tags=("firmware-3.4",),
        titles=(
            ("Router restarts every night around 3 am since {fw}", 0),
            ("Internet drops at the same time every night", 1),
            ('What is "Auto-optimise" and why does it restart my router?', 0),
            ("Router uptime is never more than a day on {fw}", 1),
        ),
        symptoms=(
            """\
            Since updating to {fw}, the router restarts every night at about 03:00. I noticed
            because my NAS's overnight backup fails, and the log shows:

            ```
            {logdate} 03:00:02 system: scheduled restart (auto-optimise)
            {logdate} 03:00:03 kernel: Restarting system.
            ```
            """,
            """\
            Our security cameras record to the cloud overnight, and there's a 4-minute gap every
            night around 3 am. The router's uptime is always less than a day.
            """,
        ),
        tried=(
            "looked for a schedule in the app",
            "turned off automatic firmware updates",
        ),
        fixes=(
            """\
            That's **Auto-optimise**, added in 3.4.1: a restart plus a channel rescan, weekly by
            default, but on some units it was switched to daily by the update. Change it:

            - App: **Settings > System > Auto-optimise** > *Weekly* with a time of your choice,
              or *Off*.
            - Web console: **System > Maintenance > Scheduled restart**.

            If you turn it off, consider the nightly channel rescan on its own (Advanced >
            Wireless > Auto channel > *Rescan at*), which doesn't restart anything.
            """,
            """\
            Auto-optimise. Turned it off and uptime is at 12 days now. It isn't in the
            changelog for 3.4.1, which is a bit annoying.
            """,
        ),
        thanks=("Auto-optimise was on daily. Weekly on Sunday mornings now, backups run fine.",),
    ),
    Topic(
        key="app-session-expired",
        space="firmware",
        tags=("nimbus-home-app", "e-402", "sign-in"),
        titles=(
            ('{app} app: E-402 "Cloud session expired" every time I open it', 0),
            ("App keeps signing me out", 0),
            ("Sign-in loop in the {app} app on my {phone}", 1),
        ),
        symptoms=(
            """\
            Every time I open the {app} app ({app_ver}, {phone}) it says **E-402: Cloud session
            expired. Please sign in again.** I sign in, it works, and the next day it's the same.
            Two of us have the app; only I have the problem.
            """,
            """\
            Sign-in loop in the app: I enter email and password, it spins, then goes back to the
            sign-in screen. No error. The web console works fine at home.
            """,
        ),
        tried=(
            "reinstalled the app",
            "reset my Nimbus account password",
            "signed in over mobile data and over Wi-Fi",
        ),
        fixes=(
            """\
            E-402 sign-outs were a known issue in app {app_ver} on phones whose battery
            optimisation kills the token refresh. Try:

            1. Update the app to **{latest_app}** (the fix is in its release notes).
            2. Android: Settings > Apps > {app} > Battery > **Unrestricted**. iOS: make sure
               *Background App Refresh* is on for {app}.
            3. Check the phone's date and time are set automatically. A clock that's more than
               5 minutes off makes every session look expired.
            4. If you use an ad-blocking DNS or VPN, allow `*.cloud.nimbus-networks.example`.
            """,
            """\
            Battery optimisation on my Samsung was killing it. Set the app to Unrestricted and
            haven't been signed out since.
            """,
        ),
        thanks=("Updated to {latest_app} and set battery to Unrestricted; no sign-outs all week.",),
    ),
    Topic(
        key="app-router-offline",
        space="firmware",
        tags=("nimbus-home-app", "cloud", "remote-access"),
        extra_tags=("pi-hole",),
        titles=(
            ('App says "Router offline" but the internet works fine', 0),
            ("Can't manage the router remotely: always shows offline", 1),
            ("{app} shows the router offline since I set up Pi-hole", 0),
        ),
        symptoms=(
            """\
            The {app} app shows my router as **Offline** with a grey icon, both at home and
            away. The internet works perfectly and the web console is reachable. It started
            around when I set up a Pi-hole.
            """,
            """\
            Remote access never works: away from home the app says the router is offline. At
            home it connects (I assume it talks to the router directly then).
            """,
        ),
        tried=("rebooted the router", "signed out of the app and in again"),
        fixes=(
            """\
            The router keeps an outbound connection to the Nimbus cloud, and the app shows
            *Offline* when that connection is down. If the timing matches your Pi-hole, that's
            the culprit: blocklists sometimes include these domains. Allow:

            ```
            cloud.nimbus-networks.example
            *.relay.nimbus-networks.example
            time.nimbus-networks.example
            ```

            Then on the router: **Settings > System > Cloud connection** > *Reconnect* (or
            reboot). The LED stops pulsing amber once it's connected, and the web console's
            System page shows *Cloud: connected*.

            If you don't use a DNS filter, check the router's clock (System > Time): the
            encrypted connection to the cloud fails if the clock is far off, which can happen
            after a long power cut without internet.
            """,
            (
                """\
            Pi-hole was blocking relay.nimbus-networks for me (it's on one of the big lists).
            Allowed it and the router came back online instantly.
            """,
                0,
            ),
        ),
        thanks=(("It was the relay domain on my Pi-hole blocklist. Online again.", 0),),
    ),
    Topic(
        key="beta-firmware",
        kind="howto",
        space="firmware",
        tags=("beta", "firmware-update"),
        extra_tags=("rollback",),
        titles=(
            ("How do I join the firmware beta ({beta_fw})?", 0),
            ("Rolling back from {beta_fw} to {latest_fw}", 1),
            ("Is the beta firmware stable enough for daily use?", 0),
            ("{beta_fw} makes my {sat} reboot every few hours", 1),
        ),
        symptoms=(
            """\
            I saw {beta_fw} mentioned in another thread, with the new WPA3 fixes. How do I get
            it, and can I go back if it breaks something?
            """,
            """\
            I joined the beta and {beta_fw} made my {sat} reboot every few hours. How do I roll
            back to the stable release?
            """,
        ),
        tried=(),
        fixes=(
            """\
            Joining: app > **Settings > System > Firmware > Beta programme** > *Join*. The beta
            then arrives like a normal update, and all nodes update together. Release notes are
            pinned in this space.

            Rolling back: web console > **System > Firmware > Restore previous firmware**. The
            router keeps the previous image in its second slot, so this takes about 5 minutes
            and keeps your settings. Leave the beta programme first, or it will offer you the
            beta again. The {sat}s follow the router automatically.

            Please post beta problems in the beta feedback thread with a support bundle (System
            > Diagnostics); the firmware team reads it.
            """,
            (
                """\
            I've been on the beta for two weeks with the router and two {sat}s. No problems for
            me, but I wouldn't put it on a network someone else depends on while you're away.
            """,
                0,
            ),
        ),
    ),
    Topic(
        key="support-bundle",
        kind="howto",
        space="firmware",
        tags=("logs", "diagnostics", "support"),
        extra_tags=("syslog",),
        weight=2,
        titles=(
            ("How do I send logs to support?", 0),
            ("Where is the support bundle / diagnostics download?", 0),
            ("Do the router's logs survive a reboot?", 1),
        ),
        symptoms=(
            """\
            Support asked me to send a "support bundle" for my case. I can't find it anywhere in
            the app.
            """,
            """\
            I'd like to look at the router's logs myself before opening a case. Where are they,
            and how far back do they go?
            """,
        ),
        tried=(),
        fixes=(
            """\
            The support bundle:

            - App: **Settings > System > Diagnostics > Send to support** (it's attached to your
              account; give support your case number).
            - Web console: **System > Diagnostics > Download support bundle**, a `.tar.gz` you
              can attach to an email.

            It contains the logs, the settings (passwords removed), the mesh topology and Wi-Fi
            survey data. Logs are kept in memory, so **download before rebooting**: a reboot
            clears them. To keep logs across reboots, set up remote syslog under System > Logs
            > *Send to syslog server*.
            """,
            """\
            The syslog tip is great if you have a NAS: I send mine to the Synology's Log Center.
            Searchable, and it survives reboots.
            """,
        ),
    ),
    Topic(
        key="backup-restore",
        kind="howto",
        space="firmware",
        tags=("backup", "rma", "settings"),
        weight=2,
        titles=(
            ("Moving my settings to a replacement router (RMA)", 0),
            ("Backup and restore: does it include the mesh?", 1),
            ("What exactly does the configuration backup include?", 1),
        ),
        symptoms=(
            """\
            My {router} is being replaced under warranty. Can I back up the configuration (port
            forwards, DHCP reservations, Family Time profiles) and load it onto the new one?
            """,
            """\
            Before trying the beta I'd like a backup of my settings. What's included in the
            backup file?
            """,
        ),
        tried=(),
        fixes=(
            """\
            Yes: web console > **System > Backup & restore > Download backup**. The file
            includes Wi-Fi networks, internet settings, DHCP reservations, port forwards, Family
            Time profiles and schedules, NimbusShield exceptions and the admin password. It does
            **not** include the mesh pairing (satellites are tied to the hardware) or your logs.

            On the new router: finish the basic setup, then System > Backup & restore >
            *Restore*, and add your {sat}s again (factory-reset them first). A backup from older
            firmware can be restored on newer firmware, not the other way round. The app also
            keeps a cloud copy (Settings > System > Backups) if you turned that on.
            """,
            (
                """\
            Did exactly this with a replacement unit last month. The restore worked; I only had
            to pair the two satellites again.
            """,
                0,
            ),
        ),
        thanks=(("Backup restored onto the new unit, satellites re-paired. Painless.", 0),),
    ),
    Topic(
        key="notification-noise",
        space="firmware",
        tags=("nimbus-home-app", "notifications"),
        weight=2,
        titles=(
            'Too many "device joined" notifications from the app',
            "Can I turn off notifications for one device?",
            "The app notifies me every time my {iot} reconnect",
        ),
        symptoms=(
            """\
            My phone gets a push notification every time one of the {iot} reconnects: dozens a
            day. I want alerts for genuinely new devices, not this.
            """,
        ),
        tried=(),
        fixes=(
            """\
            App > **Settings > Notifications**:

            - *New device joined*: only for devices never seen before. Keep this one on.
            - *Device reconnected*: turn this off; it's the noisy one.
            - Per device: App > Devices > the device > *Notify when online*: off.

            If the alerts say "new device" every time, the device uses a random MAC address each
            time it connects. Give it a fixed address in its own settings (phones), or put it on
            the IoT network.
            """,
        ),
        thanks=("Device reconnected: off. Blissful silence.",),
    ),
    Topic(
        key="shared-admin",
        kind="howto",
        space="firmware",
        tags=("nimbus-home-app", "admins", "sharing"),
        weight=2,
        titles=(
            "How do I give my partner access to manage the router?",
            "Share admin access in the app without sharing my account",
            "Family manager or admin role for my partner in the {app} app?",
        ),
        symptoms=(
            """\
            I'd like my partner to be able to pause the kids' internet and see the devices from
            their own phone, without giving them my Nimbus account password.
            """,
        ),
        tried=(),
        fixes=(
            """\
            App > **Settings > Admins > Invite**. Enter their email address; they install the
            app and sign up with that address. There are two roles: *Admin* (everything) and
            *Family manager* (Family Time, devices and the guest network, but no internet or
            Wi-Fi settings). You can change or remove them at any time on the same screen.
            """,
            """\
            We use the Family manager role for exactly this. My partner can pause and extend
            bedtime, and can't accidentally change the Wi-Fi password.
            """,
        ),
    ),
    Topic(
        key="auto-update-window",
        kind="howto",
        space="firmware",
        tags=("firmware-update", "automatic-updates"),
        weight=2,
        titles=(
            "Can I control when automatic firmware updates happen?",
            "Automatic update restarted the router in the middle of a meeting",
            "Can I set a maintenance window for firmware updates?",
        ),
        symptoms=(
            """\
            The router updated itself to {fw} at 14:00 on a Tuesday, right in the middle of a
            video call. Can I set a maintenance window, or turn automatic updates off?
            """,
        ),
        tried=(),
        fixes=(
            """\
            Settings > System > Firmware > **Automatic updates**: *Install at night (02:00 to
            05:00)*, *Notify only*, or *Off*. With the default (at night) it shouldn't install
            during the day; if yours updated in the afternoon, it was probably set to *As soon
            as available*, which some units got during the 3.4.1 migration. Security fixes are
            still installed within 7 days unless you choose *Off*.
            """,
            """\
            Mine was on "As soon as available" too, never chose that myself. Set to night and
            it's behaved since.
            """,
        ),
        thanks=("It was on 'As soon as available'. Night-time only now. Thanks!",),
    ),
)
