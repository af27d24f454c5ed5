"""Support topics for the "Setup & installation" space."""

# Prose for people: the en dashes in ranges and the multiplication signs are meant.
# ruff: noqa: RUF001

from __future__ import annotations

from crowdservice.community.demo.catalog import Topic

TOPICS = (
    Topic(
        key="app-cannot-find-router",
        context=False,
        space="setup",
        tags=("setup", "nimbus-home-app"),
        extra_tags=("bluetooth",),
        weight=4,
        titles=(
            '{app} app stuck on "Searching for your router" during setup',
            "Setup fails at step 2 on my {phone}: the app never finds the router",
            "First-time setup times out looking for the {router}",
        ),
        symptoms=(
            """\
            Just unboxed the {router}. The LED is pulsing white like the quick start guide says,
            but the {app} app ({app_ver}) sits on "Searching for your router…" for about two
            minutes and then says **Couldn't find your router. Make sure it's powered on and
            nearby.** I'm standing right next to it with my {phone}.
            """,
            """\
            Setting up a replacement {router} (the old one died after a thunderstorm). The app
            gets as far as "Connect to your router" and then times out with **Setup error S-12:
            no router found**. The router is about a metre away from me.
            """,
        ),
        tried=(
            "force-closed and reopened the app",
            "turned Bluetooth off and on again",
            "restarted my phone",
            "tried my partner's phone (same result)",
            "held the reset pin for 10 seconds to start over",
        ),
        fixes=(
            """\
            The app finds a new router over Bluetooth first, and both Android and iOS need a
            couple of permissions the app doesn't always ask for clearly:

            1. **Bluetooth** on, and on Android **Location** on as well (Android won't give
               Bluetooth scan results to an app without it).
            2. In the phone's settings, give {app} the *Nearby devices* permission and *Local
               network* access (iOS: Settings > Privacy & Security > Local Network > {app}).
            3. Turn off any VPN, and iCloud Private Relay if you use it: they stop the app
               reaching the router's setup address.
            4. Stay within 3 m of the router while it pulses white.

            If it still can't find it, skip the app: connect a laptop to the network printed on
            the sticker underneath (`Nimbus-XXXX`) or plug it into a grey LAN port, and open
            {admin_url}. The web setup does exactly the same steps.
            """,
            """\
            Skip the app for the first setup, the web console is more reliable:

            1. Plug a laptop into one of the grey LAN ports (or join the `Nimbus-XXXX` network
               from the sticker; the password is on the same sticker).
            2. Open {admin_url}. It goes straight into the setup wizard.
            3. Finish the wizard: internet type, Wi-Fi name and password, admin password.
            4. Then open the app and choose **I've already set up my router > Sign in**. It
               adopts the router into your account.

            The app's Bluetooth discovery has been hit and miss on some phones since {app_ver}.
            """,
        ),
        tips=(
            """\
            Check whether your phone has a VPN or an ad-blocking DNS profile active. Mine
            (NextDNS) stopped the app from talking to the router during setup; turning it off
            for five minutes was all it took.
            """,
        ),
        thanks=(
            "The Location permission was it. Android never asked, it just silently found "
            "nothing. Set up in two minutes after that.",
            "Web setup worked first time and the app picked the router up straight afterwards. "
            "Thanks!",
        ),
    ),
    Topic(
        key="no-internet-after-setup",
        context=False,
        space="setup",
        tags=("setup", "internet", "e-104"),
        extra_tags=("modem", "fibre", "cable"),
        weight=4,
        titles=(
            "Amber light and no internet after setting up the {router}",
            ("E-104: WAN link down, but the modem is online", 0),
            'Setup finished but everything says "Connected, no internet"',
            ("WAN shows 0.0.0.0 after connecting the {router} to {isp}", 1),
        ),
        symptoms=(
            """\
            Setup completed fine and all my devices see the new network, but there's no
            internet. The LED on the router is solid amber and the app shows **E-104: WAN link
            down**. My connection is {isp}, {plan}. The old router worked on the same cable an
            hour ago.
            """,
            """\
            I replaced my old router with the {router} this weekend. Wi-Fi works and I can open
            {admin_url}, but nothing gets online: the {client} says "connected, no internet".
            Under Internet the console shows *WAN IP: 0.0.0.0* and *Status: Waiting for DHCP*.
            The line is {isp}.
            """,
        ),
        tried=(
            "rebooted the router",
            "swapped the ethernet cable for a new one",
            "checked the cable is in the blue WAN port",
            "run setup again from scratch",
            "checked the connection type is set to automatic (DHCP)",
        ),
        fixes=(
            """\
            Almost certainly your modem or ONT is still tied to the old router. Most cable
            modems and a lot of fibre boxes hand out the public address to the first MAC address
            they see and keep it until they're restarted.

            1. Switch off the modem (or ONT) and the {router}.
            2. Leave the modem off for a full minute. Some cable modems hold on to the old
               lease for up to 10 minutes, so if the first try fails, give it longer.
            3. Turn the modem on and wait until its lights settle (1–2 minutes).
            4. Then turn the {router} on.

            If you can't power-cycle the modem (locked cabinet, shared building), clone the old
            router's MAC address instead: web console > **Internet > Advanced > MAC address
            clone**, and enter the MAC printed on the old router's label.
            """,
            """\
            Depends on your ISP. On fibre, many providers need either PPPoE credentials or a
            VLAN tag on the WAN port. The old router had them saved, the new one doesn't. Look
            for a username and password in your welcome letter and enter them under **Internet
            > Connection type > PPPoE**; if your ISP uses a VLAN (10, 35 and 101 are common),
            it goes under **Internet > Advanced > VLAN tagging**. The ISP's support line can
            tell you both in two minutes.
            """,
        ),
        tips=(
            """\
            When the WAN shows 0.0.0.0, plug a laptop directly into the modem. If the laptop
            doesn't get an address either, the problem is on the ISP side and no router
            setting will fix it.
            """,
        ),
        thanks=(
            "Power-cycling the modem did it. I left it off for five minutes to be sure. Blue "
            "light, full speed. Thank you!",
        ),
    ),
    Topic(
        key="double-nat",
        space="setup",
        tags=("double-nat", "isp-router", "bridge-mode"),
        extra_tags=("gaming", "port-forwarding"),
        titles=(
            ("App warns about double NAT: should I care?", 0),
            "Double NAT with the {isp_box}, how do I put it in bridge mode?",
            ("NAT type Strict on the {gamebox}, traceroute shows two routers", 1),
        ),
        symptoms=(
            """\
            The {app} app keeps showing a yellow banner: **Double NAT detected. Some games and
            apps may not work properly.** My internet comes from the {isp_box}, which is also
            a router, and the {router} is plugged into one of its LAN ports.
            """,
            """\
            Online games on the {gamebox} report NAT type *Strict* and voice chat fails half the
            time. The {router} sits behind the {isp_box}. A tracert from my PC shows two
            private hops before the ISP:
            """,
        ),
        details=(("{tracert_block}", 1),),
        tried=(
            "turned on UPnP on the {router}",
            "put the {router}'s WAN address in the ISP box's DMZ",
            "rebooted both boxes",
        ),
        fixes=(
            """\
            You have two routers doing NAT in a row: the {isp_box} and the {router}. Pick one
            of them to be the router:

            **Option 1: the ISP box in bridge/modem mode (best).** Most ISP routers have it;
            look for *Modem mode*, *Bridge mode* or *Router mode: off* on its admin page (often
            http://192.168.1.1 or http://192.168.0.1). After switching, restart it, then
            restart the {router}. The {router}'s WAN should now show a public IP. The ISP box's
            own Wi-Fi turns off in this mode, which is what you want.

            **Option 2: the {router} in access point mode.** If the ISP box can't be bridged
            (some fibre boxes with TV or phone services can't), set the {router} to **Settings
            > Advanced > Operating mode > Access point** in the app. You keep the mesh and the
            Wi-Fi, but lose Family Time and NimbusShield, which need the {router} to do the
            routing.

            DMZ is a halfway house. UPnP only opens ports on the inner router, so on its own it
            won't fix a strict NAT.
            """,
            """\
            Check the WAN address first: web console > **Internet**. If it starts with
            192.168., 10. or 172.16–31., you're behind another router and bridge mode on the ISP
            box is the clean fix. If it starts with 100.64 to 100.127, that's carrier-grade NAT
            at the ISP, and no setting at home gets you a public address; ask the ISP for one
            (some charge for it).
            """,
        ),
        thanks=(
            "Found modem mode buried under *Advanced > Modem mode* on the hub. Public IP on the "
            "WAN now and NAT type Open on the {gamebox}. Cheers!",
        ),
    ),
    Topic(
        key="pppoe-vlan",
        space="setup",
        tags=("fibre", "pppoe", "vlan"),
        weight=2,
        titles=(
            "Where do I set the VLAN ID for my fibre connection?",
            "PPPoE with VLAN {vlan}: the {router} won't connect",
        ),
        symptoms=(
            """\
            My ISP says I need PPPoE with VLAN ID {vlan} on the WAN. I entered the PPPoE
            username and password during setup, but the log just repeats:

            ```
            {logdate} {logtime} pppd[2113]: Timeout waiting for PADO packets
            {logdate} {logtime} pppd[2113]: Unable to complete PPPoE Discovery
            ```

            I can't find anywhere to enter the VLAN.
            """,
            """\
            Switching from the ISP's own router to the {router}. The ISP's help page lists:
            PPPoE, VLAN {vlan}, priority 0, MTU 1492. The setup in the app only asks for the
            username and password.
            """,
        ),
        tried=(
            "double-checked the PPPoE username and password",
            "set the MTU to 1492",
            "rebooted the ONT",
        ),
        fixes=(
            """\
            The app's setup doesn't show VLAN tagging, but the web console does:

            1. Open {admin_url} and sign in.
            2. **Internet > Connection type**: PPPoE, with your username and password.
            3. **Internet > Advanced > VLAN tagging**: *On*, VLAN ID {vlan}, priority 0.
            4. MTU 1492 (PPPoE overhead); leave MSS clamping on.
            5. Apply and give it a minute.

            `Timeout waiting for PADO packets` means the PPPoE discovery never reached the ISP,
            which is exactly what a missing VLAN tag looks like.
            """,
            """\
            Same setup here (fibre, PPPoE on VLAN {vlan}). It's only in the web console, under
            Internet > Advanced. One more gotcha: after changing it, power-cycle the ONT as
            well; mine held on to the failed session for a while.
            """,
        ),
        tips=(
            """\
            If your ISP offers it, switch to IPoE/DHCP instead of PPPoE; some providers support
            both. Less to configure and no MTU headaches.
            """,
        ),
        thanks=("VLAN tagging in the web console, and it connected within seconds. Thanks!",),
    ),
    Topic(
        key="access-point-mode",
        kind="howto",
        space="setup",
        tags=("access-point-mode", "setup"),
        extra_tags=("mesh", "dhcp"),
        titles=(
            "How do I use the {router} as an access point behind my existing router?",
            "Access point mode: what stops working?",
            ("{router} for Wi-Fi only, keep DHCP on my {upstream}", 0),
        ),
        symptoms=(
            """\
            I have an {upstream} doing DHCP, DNS and firewalling for the house, and I only want
            the {router} for Wi-Fi. What's the right way to set that up so I don't end up with
            two networks?
            """,
            """\
            Our internet comes through the {isp_box}, which the ISP won't let me bridge. I'd
            rather have one network, with the {router} just providing Wi-Fi. Is there an access
            point mode, and what do I lose with it?
            """,
        ),
        tried=(
            "looked through every screen in the app",
            "turned off DHCP in the web console (and then couldn't reach the console any more)",
        ),
        fixes=(
            """\
            Yes: **Settings > Advanced > Operating mode > Access point** in the app (or
            **Advanced > Operating mode** in the web console).

            1. Connect the {router}'s blue WAN port to a LAN port on your main router.
            2. Switch to access point mode. The {router} reboots, turns off its DHCP server and
               NAT, and takes an address from your main router.
            3. If you want the web console, find its new address in your main router's DHCP
               list (it shows up as `nimbus-ax3000`). The app finds it by itself.
            4. Mesh Points stay paired and keep working.

            What you lose in access point mode: Family Time, NimbusShield, Game Boost, port
            forwarding and the guest network's isolation, i.e. anything that needs the router
            to route traffic. Those become your main router's job.
            """,
            """\
            Running mine exactly like that. Tip: give the {router} a DHCP reservation on the
            main router so its address doesn't move, and don't turn off DHCP by hand in router
            mode (that's how you lock yourself out); use the operating mode switch.
            """,
        ),
        tips=(
            """\
            In access point mode the guest network is only isolated if your main router
            understands VLANs; otherwise guests end up on your LAN. Read the note under
            Settings > Guest network after switching.
            """,
        ),
        thanks=("Operating mode switch, two minutes, one network. Exactly what I wanted.",),
    ),
    Topic(
        key="replace-router-keep-ssid",
        context=False,
        kind="howto",
        space="setup",
        tags=("setup", "migration", "ssid"),
        extra_tags=("smart-home",),
        weight=2,
        titles=(
            "Replacing my old router: can I keep the same Wi-Fi name and password?",
            "Moving from the {old_router} to the {router}: what will need reconnecting?",
        ),
        symptoms=(
            """\
            I have about {n_devices} devices on the current Wi-Fi (smart plugs, cameras, a
            thermostat, TVs) and I really don't want to re-add all of them. If I give the
            {router} the same SSID and password as the {old_router}, will they just reconnect?
            """,
            """\
            Switching from the {old_router} this weekend. Anything I should know before I
            unplug the old one? Mostly worried about the {iot}.
            """,
        ),
        tried=("written down the old SSID and password", "exported the old router's settings"),
        fixes=(
            """\
            Keep the same name and password and most devices reconnect by themselves, as long as
            three things match exactly:

            1. **SSID**: same spelling and capitalisation.
            2. **Password**: the same.
            3. **Security mode**: if the old router used WPA2-Personal, set the {router} to
               *WPA2/WPA3 transitional* (Settings > Wi-Fi > Security), not WPA3 only. Older
               smart-home devices can't do WPA3.

            Keep 2.4 GHz enabled under the same name. With Smart Connect on most devices are
            fine; a few cheap smart plugs get confused by one name for both bands, and for
            those a separate IoT network helps.

            DHCP reservations and port forwards don't carry over from another brand's router,
            so re-enter those by hand (web console > LAN > DHCP reservations).
            """,
            """\
            Did exactly this with {n_devices} devices. Everything came back by itself within a
            few minutes except two {iot}, which only returned once I made a separate 2.4 GHz
            network for them. Keep the old router in its box for a week, just in case.
            """,
        ),
        thanks=(
            "Same SSID plus transitional mode and everything reconnected, even the ancient "
            "printer. Brilliant.",
        ),
    ),
    Topic(
        key="admin-password",
        space="setup",
        tags=("web-console", "password"),
        extra_tags=("factory-reset",),
        titles=(
            "Forgot the web console admin password",
            'Locked out of {admin_url}: "Incorrect password" but I never changed it',
            "Which password does the web console want? My app login doesn't work",
            "How do I reset the local admin password without a factory reset?",
        ),
        symptoms=(
            """\
            I need to change a setting that's only in the web console, but {admin_url} won't
            accept any password I try. I set the router up with the app a year ago and don't
            remember ever creating a separate admin password.
            """,
            """\
            The web console says **Incorrect password (3 attempts left before a 5-minute
            lock)**. My {app} account password doesn't work there. Is there a default on the
            sticker somewhere?
            """,
        ),
        tried=(
            "tried the Wi-Fi password",
            "tried my Nimbus account password",
            'tried "admin" and "password"',
        ),
        fixes=(
            """\
            The web console has its own *local admin password*, separate from your Nimbus
            account. If you set the router up with the app, the app created one for you. You
            can change it without knowing the old one:

            1. In the app: **Settings > System > Local admin password**.
            2. Set a new password. The app is already signed in through your account, so it
               doesn't ask for the old one.
            3. Sign in at {admin_url} with the username `admin` and that password.

            Only if you can't get into the app either do you need a factory reset (hold the
            reset pin for 10 seconds until the LED blinks amber), and that wipes all settings.
            """,
            """\
            There's no default password on the sticker of recent units; the sticker password is
            the Wi-Fi one. Reset the local admin password from the app under Settings > System.
            Took me ages to find it.
            """,
        ),
        thanks=("Never knew the app had set one. Changed it from the app and I'm in. Thank you!",),
    ),
    Topic(
        key="led-colours",
        kind="howto",
        space="setup",
        tags=("led", "status"),
        titles=(
            "What do the LED colours mean? Mine is {led_state}",
            "LED {led_state} on the {router}: should I worry?",
            "Is there a list of LED colours and what they mean?",
        ),
        symptoms=(
            """\
            Came home to the router's LED {led_state}. Internet seems to work on some devices
            but not others. The quick start guide only explains white and blue.
            """,
            """\
            Since last night the LED has been {led_state}. Nothing in the app except "Router
            needs attention". Should I be worried?
            """,
        ),
        tried=("rebooted it", "looked for a list of LED colours in the app"),
        fixes=(
            """\
            Here's the full list (it's also in the app under Settings > System > About > LED
            guide):

            | LED | Meaning |
            |---|---|
            | Pulsing white | Starting up, or waiting for setup |
            | Solid blue | Online, all good |
            | Alternating blue and white | Installing a firmware update: don't unplug |
            | Solid amber | No internet (WAN down, see E-104) |
            | Pulsing amber | A Mesh Point lost the router, or no connection to the Nimbus cloud |
            | Blinking amber, fast | Factory reset in progress |
            | Blinking red | Fault: power-cycle once; if it comes back, contact support |

            If the LED keeps you awake: **Settings > System > LED brightness** has a night mode.
            """,
            """\
            Open the app's Home tab: it tells you which node the LED is complaining about and
            shows an error code (E-104, E-211, E-402…). Post the code here and someone will tell
            you what it means.
            """,
        ),
        thanks=(
            "Thanks for the table. Mine was a firmware update in progress all along. That "
            "table should be in the box!",
        ),
    ),
)
