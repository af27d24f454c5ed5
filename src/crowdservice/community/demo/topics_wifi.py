"""Support topics for the "Wi-Fi & connectivity" space."""

# Prose for people: the en dashes in ranges and the multiplication signs are meant.
# ruff: noqa: RUF001

from __future__ import annotations

from crowdservice.community.demo.catalog import Topic

TOPICS = (
    Topic(
        key="dfs-drops",
        space="wifi",
        tags=("5ghz", "dfs", "dropouts"),
        extra_tags=("channels", "gaming"),
        weight=5,
        titles=(
            ("5 GHz network drops for about a minute every evening", 0),
            ("5 GHz disappears randomly, 2.4 GHz stays up", 1),
            ("{gamebox} disconnects at the same time every night", 0),
            ("Wi-Fi cuts out for 60 seconds a few times a day", 1),
        ),
        symptoms=(
            """\
            Every evening between 8 and 10 pm the 5 GHz network disappears for about a minute.
            Everything on 5 GHz either drops or falls back to 2.4 GHz; the {gamebox} loses the
            connection mid-game. Wired devices carry on as if nothing happened. Setup is
            {kit}, firmware {fw}.
            """,
            """\
            A few times a day the 5 GHz band just goes away. It's always around a minute and
            then everything reconnects by itself. No pattern I can see, except that it never
            seems to happen at night. {router} on {fw}.
            """,
        ),
        details=("Found this in **System > Logs**:\n\n{dfs_log_block}",),
        tried=(
            "rebooted everything",
            "moved the router away from the microwave",
            "changed the 5 GHz channel width from 160 to 80 MHz",
            "turned Smart Connect off and on",
        ),
        fixes=(
            """\
            That one-minute gap is the signature of **DFS** (Dynamic Frequency Selection). 5 GHz
            channels 52 to 144 are shared with weather and aviation radar. When the router hears
            something that looks like a radar pulse it has to leave the channel at once, and it
            must listen on the new channel for 60 seconds (the *channel availability check*)
            before it may transmit. Hence a minute of silence.

            Stay off the DFS channels:

            1. Open {admin_url} and sign in.
            2. Go to **Advanced > Wireless > Professional**.
            3. For the 5 GHz radio, set **Control channel** to 36, 40, 44 or 48 (or 149 to 165
               where your country allows it) and **Include DFS channels** to *Off*.
            4. Set **Channel width** to 80 MHz; 160 MHz needs DFS channels almost everywhere.
            5. Apply. {sats_follow}

            In System > Logs you should see lines like `DFS radar detected on channel
            {dfs_channel}` at the times it drops; that confirms it.
            """,
            """\
            Radar detection on the DFS channels. Near an airport or a weather radar it happens
            a lot. I pinned 5 GHz to channel 36 at 80 MHz (Advanced > Wireless > Professional,
            DFS off) and haven't had a drop since. Lost a bit of peak speed, gained a lot of
            sanity.
            """,
        ),
        tips=(
            """\
            Is a neighbour's network on the same channel? Not saying that's it, but auto channel
            can hop around a lot in the evening when everyone's streaming. A Wi-Fi analyser app
            on your phone will show you how crowded it is.
            """,
        ),
        thanks=(
            "The log showed exactly that, `DFS radar detected` every evening. Channel 36 and no "
            "drops for four days now. Thank you!",
            "That's it. We live 8 km from an airport, would never have guessed. Fixed.",
        ),
    ),
    Topic(
        key="iot-2-4ghz",
        space="wifi",
        tags=("2-4ghz", "smart-home", "smart-connect"),
        extra_tags=("iot-network", "wpa3"),
        weight=5,
        titles=(
            "{iot} won't connect: they only support 2.4 GHz",
            "Smart plugs fail to join during setup. Is Smart Connect the problem?",
            "How do I make a separate 2.4 GHz network for smart home devices?",
            '{iot} setup fails with "Unable to connect to Wi-Fi"',
        ),
        symptoms=(
            """\
            Trying to add {n_iot} {iot} to the network and the setup keeps failing at
            "Connecting to Wi-Fi". The manual says they need a 2.4 GHz network. The {router}
            only shows me one network name for both bands.
            """,
            """\
            My {iot} worked fine on the old router. With the {router} they join, drop after a
            few seconds, and the vendor's app says *Device offline*. The manufacturer's support
            says to "disable 5 GHz", which I'd rather not do for the whole house.
            """,
        ),
        tried=(
            "moved the device right next to the router",
            "reset the {iot} to factory settings",
            "disabled WPA3",
            "turned the 5 GHz band off for ten minutes (that worked, but it's not a solution)",
        ),
        fixes=(
            """\
            Those devices get confused when 2.4 and 5 GHz share one name (Smart Connect, or
            band steering). Give them their own network:

            1. In the app: **Settings > Wi-Fi > Add network > IoT network**.
            2. Name it (e.g. `{ssid}-IoT`), set a password, band **2.4 GHz only**, security
               **WPA2-Personal** (many IoT chips can't do WPA3).
            3. Leave *Allow access to local network* on if you control the devices from your
               phone on the main network (Hue, Sonos and printers need it).
            4. Add the devices to the new network.

            The main network keeps Smart Connect, so phones and laptops still get 5 GHz.
            """,
            """\
            Quick way that worked for me: Settings > Wi-Fi > Smart Connect *Off*, which splits
            the bands into `{ssid}` and `{ssid}-5G`. Join the plugs to the 2.4 one. Then turn
            Smart Connect back on; mine stayed connected, since they only ever see the 2.4 GHz
            radio anyway. Not guaranteed to survive a reboot with every brand though; the IoT
            network is the proper fix.
            """,
        ),
        tips=(
            """\
            Also make sure the router isn't on WPA3 only. Anything with an ESP8266 chip inside
            will never connect to a WPA3-only network, whatever the band.
            """,
        ),
        thanks=(
            "The separate IoT network did it, all {n_iot} are in. Wish this was an option during "
            "setup!",
        ),
    ),
    Topic(
        key="slow-wifi",
        space="wifi",
        tags=("speed", "5ghz"),
        extra_tags=("channel-width", "drivers"),
        weight=4,
        titles=(
            "Wired gets {wired_speed} Mbps, Wi-Fi only {wifi_speed} Mbps",
            ("Slow Wi-Fi on the {laptop}, even right next to the router", 0),
            "Not getting anywhere near my {plan} on Wi-Fi",
        ),
        symptoms=(
            """\
            On a {plan} line, a wired speed test gets about {wired_speed} Mbps. On Wi-Fi,
            sitting two metres from the router with my {laptop}, I get {wifi_speed} Mbps at
            best:

            {speedtest_block}
            """,
            """\
            Wi-Fi speeds are a fraction of what I pay for. The {phone} shows full bars but tops
            out around {wifi_speed} Mbps. Wired to the router, the PC gets {wired_speed}.
            """,
        ),
        tried=(
            "tested at different times of day",
            "moved closer to the router",
            "restarted the router",
            "switched between 2.4 and 5 GHz",
        ),
        fixes=(
            """\
            Things to check, in order of how often they turn out to be the cause:

            1. **Which band and link rate is the device on?** App > Devices > tap the device.
               If it says 2.4 GHz, or a link rate below about 400 Mbps while you're close,
               that's your ceiling. Real throughput is roughly 60–70% of the link rate.
            2. **Channel width.** Advanced > Wireless > Professional > 5 GHz: 80 MHz is the
               sweet spot. If it's on 20 or 40 MHz (people lower it while troubleshooting and
               forget), you cap yourself at around 200 Mbps.
            3. **The client.** A 2×2 Wi-Fi 5 laptop tops out around 400–600 Mbps in real life,
               a 2×2 Wi-Fi 6 one around 700–900. Check the adapter in Device Manager or System
               Information.
            4. **The test server.** Use the same server for the wired and the Wi-Fi test, or
               better, iperf3 against a machine on your LAN.

            If the link rate is high (1201 or 2402 Mbps) and you still only get {wifi_speed},
            post an iperf3 result and the adapter's driver version.
            """,
            """\
            What adapter is in the {laptop}? Plenty of laptops ship with a 1×1 card or an old
            driver. On mine, replacing Windows Update's driver with Intel's own took me from
            about 250 to about 700 Mbps in the same spot.
            """,
        ),
        tips=(
            """\
            Try a speed test with NimbusShield off (Security > NimbusShield). On gigabit lines
            the scanning took a bit off the top on older firmware.
            """,
        ),
        thanks=(
            "Link rate was only 286 Mbps: channel width was stuck at 40 MHz from some "
            "troubleshooting months ago. Back on 80 MHz I get {fixed_speed} Mbps on Wi-Fi.",
        ),
    ),
    Topic(
        key="laptop-drops",
        space="wifi",
        tags=("windows", "dropouts", "intel"),
        extra_tags=("drivers", "wifi-6"),
        weight=4,
        titles=(
            ("{laptop} keeps disconnecting from Wi-Fi every few minutes", 0),
            ("Windows laptops drop off Wi-Fi, phones are fine", 1),
            "Intel AX201 disconnects since switching to the {router}",
        ),
        symptoms=(
            """\
            My work laptop ({laptop}, Windows 11) loses Wi-Fi every 5–10 minutes. The icon
            shows *No internet* for a few seconds and then it reconnects. Teams calls are
            unusable. Every other device in the house is fine.
            """,
            """\
            Only Windows laptops seem affected: two different ones drop off Wi-Fi several times
            an hour. Event Viewer shows WLAN-AutoConfig event 8003 (*disconnected*) each time.
            Router is on {fw}.
            """,
        ),
        details=("Continuous ping to the router while it happens:\n\n{ping_win_block}",),
        tried=(
            "forgotten the network and reconnected",
            "installed all Windows updates",
            "disabled the VPN client",
            "set the power plan to High performance",
        ),
        fixes=(
            """\
            This is a known interaction between some Intel Wi-Fi drivers and **Target Wake
            Time**, a Wi-Fi 6 power-saving feature. Two changes; either one usually fixes it.

            **On the router:** {admin_url} > **Advanced > Wireless > Professional > 5 GHz >
            Target Wake Time**: *Off*, then Apply.

            **On the laptop:**

            1. Update the Wi-Fi driver from Intel's site (Intel Driver & Support Assistant),
               not Windows Update: version 23.x or newer.
            2. Device Manager > Network adapters > the Intel adapter > Properties > Power
               Management: untick *Allow the computer to turn off this device to save power*.
            3. On the Advanced tab, set *MIMO Power Save Mode* to *No SMPS*.

            Turning TWT off has no noticeable downside for phones.
            """,
            """\
            Had exactly this with an AX201. Updating the driver alone wasn't enough; turning
            off Target Wake Time on the router fixed it completely. {fw} still ships with TWT
            on by default.
            """,
        ),
        tips=(
            """\
            Check whether it's roaming between the router and a Mesh Point: a laptop halfway
            between them may hop back and forth. The app's device page shows which node it's
            on, with a connection history.
            """,
        ),
        thanks=("TWT off and the new driver: not a single drop all day. Finally.",),
    ),
    Topic(
        key="wpa3-old-devices",
        space="wifi",
        tags=("wpa3", "security-mode"),
        extra_tags=("compatibility",),
        titles=(
            "Older devices can't connect after switching to WPA3",
            "{old_device} won't join since I enabled WPA3",
            "WPA2/WPA3 transitional or WPA3 only?",
        ),
        symptoms=(
            """\
            I switched security to WPA3 after reading that it's more secure, and now
            {old_device_lc} can't connect; it just says *Authentication problem*. Everything
            newer is fine.
            """,
            """\
            Which security mode should I actually use? I'd like WPA3, but when I set it some
            devices drop off and won't come back, {old_device_lc} for one.
            """,
        ),
        tried=(
            "re-entered the password very carefully",
            "rebooted the device",
            "forgotten the network and joined again",
        ),
        fixes=(
            """\
            WPA3-Personal needs support in both the Wi-Fi chip and the operating system, and
            plenty of devices from before about 2019 simply don't have it. Use **WPA2/WPA3
            transitional** (Settings > Wi-Fi > Security in the app): devices that can do WPA3
            use it, the rest use WPA2 with the same password.

            If a device still refuses in transitional mode, also set **Protected Management
            Frames** to *Capable* rather than *Required* (Advanced > Wireless > Professional).
            Some older drivers choke on mandatory PMF.
            """,
            """\
            Transitional mode. WPA3 only is fine on paper, but you'll keep finding old devices
            it breaks. Or put the old things on an IoT network with WPA2 and keep the main one
            on WPA3.
            """,
        ),
        thanks=("Transitional mode, and it connected straight away. Thanks.",),
    ),
    Topic(
        key="gaming-latency",
        space="wifi",
        tags=("gaming", "latency", "game-boost"),
        extra_tags=("bufferbloat", "qos"),
        weight=4,
        titles=(
            ("Lag spikes in online games on the {gamebox}", 0),
            ("Ping jumps to 300+ ms whenever someone is streaming", 0),
            ("Bufferbloat: does Game Boost actually help?", 1),
        ),
        symptoms=(
            """\
            Playing online on the {gamebox} (wired), my ping is fine most of the time but jumps
            to several hundred milliseconds whenever someone else in the house streams or
            uploads. Here's a ping to 1.1.1.1 while my partner was uploading photos:

            {ping_block}
            """,
            """\
            Waveform's bufferbloat test gives me a **D**: latency goes from about 15 ms idle to
            over 250 ms under load. The line is {plan}. I saw there's a Game Boost feature; is
            that the fix, and how should it be set up?
            """,
        ),
        tried=(
            "turned on UPnP",
            "enabled Game Boost with the default settings",
            "put the {gamebox} in the DMZ",
        ),
        fixes=(
            """\
            That's bufferbloat: when the line is full, packets queue up in the modem or at the
            ISP, and your game's packets wait behind the upload. Game Boost fixes it with smart
            queue management, but only if it knows your real line speed:

            1. Run a speed test with nothing else going on and note download and upload.
            2. {admin_url} > **Advanced > Game Boost**: turn on **Smart queue (SQM)**.
            3. Set download and upload to about **90%** of what you measured (for you roughly
               {sqm_down} / {sqm_up} Mbps).
            4. Leave the algorithm on *CAKE* and apply.
            5. Run the bufferbloat test again.

            The limit is the key: just below your real speed, the queue moves into the
            {router}, where it's managed properly. On *Auto* it often isn't limited at all. You
            won't notice the missing 10% in everyday use.
            """,
            """\
            Game Boost's *device priority* alone does nothing for bufferbloat in my experience;
            you need the SQM bandwidth limits. Upload matters most, so set it to 85–90% of your
            measured upload. Went from D to A+ on Waveform.
            """,
        ),
        tips=(
            """\
            If the {gamebox} is on Wi-Fi, try a cable first. Wi-Fi adds its own jitter that no
            queue setting can remove.
            """,
        ),
        thanks=(
            "SQM at 90% and I'm on an A in the bufferbloat test; ping stays at 16–20 ms while "
            "uploading. Massive difference.",
        ),
    ),
    Topic(
        key="ipv6",
        space="wifi",
        tags=("ipv6", "slow-loading"),
        extra_tags=("isp",),
        weight=2,
        titles=(
            ("Some websites take 20+ seconds to load. IPv6?", 0),
            ("IPv6 test fails with 0/10 behind the {router}", 1),
            "Should I turn off IPv6 on the {router}?",
        ),
        symptoms=(
            """\
            Most sites load instantly, but some sit there for 20–30 seconds before anything
            happens. Someone at work suggested IPv6. My ISP supports IPv6 according to its
            website.
            """,
            """\
            test-ipv6.com gives me 0/10 with *IPv6 DNS lookups work but connections time out*.
            The {router} shows an IPv6 address on the WAN and my PC has a global IPv6 address
            too:

            ```
            C:\\> ping -6 ipv6.google.com

            Pinging ipv6.l.google.com [2a00:1450:4009:81f::200e] with 32 bytes of data:
            Request timed out.
            Request timed out.
            ```
            """,
        ),
        tried=("flushed the DNS cache on the PC", "tried another browser", "rebooted the router"),
        fixes=(
            """\
            Broken IPv6 is the classic cause of "some sites are slow": the browser tries IPv6
            first and waits for a timeout before falling back to IPv4. Match the IPv6 settings
            to what your ISP does:

            1. {admin_url} > **Advanced > IPv6**.
            2. Connection type: **DHCPv6 with prefix delegation** for most ISPs, or
               *Native/SLAAC* if your ISP says so. *Passthrough* is only for when another
               router does IPv6.
            3. Prefix delegation size: what the ISP hands out, usually **/56** or **/64**.
            4. Apply, then restart the PC (or run `ipconfig /release6` and `ipconfig
               /renew6`).

            If the test still fails, set IPv6 to *Disabled* for now: everything keeps working
            over IPv4 and the slow loads go away. Then ask your ISP which method it uses.
            """,
            """\
            Mine was still on passthrough from an earlier setup. DHCPv6-PD with a /56 fixed
            test-ipv6 (10/10) and the slow sites.
            """,
        ),
        thanks=("It was on passthrough! DHCPv6-PD /56 and test-ipv6 says 10/10 now.",),
    ),
    Topic(
        key="custom-dns",
        space="wifi",
        tags=("dns", "pi-hole"),
        extra_tags=("nimbusshield",),
        titles=(
            ("How do I use Pi-hole or a custom DNS server with the {router}?", 0),
            ("Custom DNS servers seem to be ignored", 1),
            ("Set DNS to 1.1.1.1 but devices still use the router", 1),
            ("Pi-hole only sees the router's IP, not my devices", 0),
        ),
        symptoms=(
            """\
            I run Pi-hole on a Raspberry Pi (192.168.50.{pihole_ip}). Where do I tell the
            {router} to hand it out as the DNS server? I set it under Internet > DNS, but the
            Pi-hole sees every query coming from the router, not from the individual devices.
            """,
            """\
            I changed the DNS servers to 1.1.1.1 and 1.0.0.1 in the app, but a DNS leak test
            still shows my ISP's resolvers on some devices, and a filtered site still shows the
            NimbusShield page.
            """,
        ),
        tried=("rebooted the router", "renewed the DHCP lease on the PC"),
        fixes=(
            """\
            There are two DNS settings and they do different things:

            - **Internet > DNS** (WAN DNS): the upstream servers the *router* uses. Devices
              still ask the router, which forwards, so your Pi-hole sees every query from
              192.168.50.1.
            - **LAN > DHCP server > DNS server**: the DNS server the router tells *devices* to
              use. Put the Pi-hole's address here and devices ask it directly, so it sees each
              device.

            For Pi-hole: set the LAN DHCP DNS to 192.168.50.{pihole_ip}, give the Pi a DHCP
            reservation so its address never changes, and renew the leases (or wait, they last
            24 hours by default).

            One catch: **NimbusShield's web protection filters DNS**, so while it's on the
            router intercepts port 53 and your custom DNS is ignored. Turn off *Security >
            NimbusShield > Web protection* if you want the Pi-hole to see everything.
            """,
            (
                """\
            NimbusShield intercepts DNS; that's why your 1.1.1.1 looks ignored. Either turn web
            protection off or accept that the router's filter comes first.
            """,
                1,
            ),
        ),
        thanks=(
            ("The LAN DHCP DNS was the setting I was missing. Pi-hole shows the real clients.", 0),
        ),
    ),
    Topic(
        key="port-forwarding",
        space="wifi",
        tags=("port-forwarding", "nat"),
        extra_tags=("cgnat", "self-hosting"),
        titles=(
            "Port forwarding for {server_app} not working",
            "Opened port {port} but port checkers still say it's closed",
            "Can't reach {server_app} from outside the house",
        ),
        symptoms=(
            """\
            I added a port forward for {server_app} (TCP {port} to 192.168.50.{host_ip}) under
            Advanced > NAT > Port forwarding. From inside the house it works; from my phone on
            mobile data it times out, and online port checkers say {port} is closed.
            """,
            """\
            Trying to make {server_app} reachable from outside. The port forward for {port} is
            set up, the service is running, the PC's firewall allows it. Still nothing from
            outside.
            """,
        ),
        tried=(
            "turned the Windows firewall off for a minute",
            "rebooted the router",
            "double-checked the internal IP address",
            "added a UDP rule as well as TCP",
        ),
        fixes=(
            """\
            Check these in order:

            1. **Is your WAN address public?** Web console > Internet > WAN IP. Compare it with
               what a "what is my IP" site shows. If they differ, or the WAN IP starts with
               100.64–100.127 (carrier-grade NAT), 192.168. or 10., port forwarding on the
               {router} can't work: you're behind another NAT. Fix the double NAT (bridge mode
               on the ISP box) or ask your ISP for a public IPv4 address.
            2. **Test from outside.** Testing your public IP from inside the LAN tells you
               nothing; use mobile data.
            3. **Forward to the right address.** Give the server a DHCP reservation (LAN > DHCP
               reservations) so its IP can't change under the rule.
            4. **The service must listen on all interfaces**, not only on localhost.

            My bet is on number 1.
            """,
            """\
            Look at your WAN IP: if it's 100.x.x.x you're on CGNAT. My ISP gave me a public IP
            for free after a five-minute chat. Or skip port forwarding entirely and use the
            router's WireGuard server to get in from outside.
            """,
        ),
        thanks=(
            "WAN IP was {cgnat_ip}: CGNAT. The ISP switched me to a public address today and "
            "the port check is green now.",
        ),
    ),
    Topic(
        key="crowded-apartment",
        space="wifi",
        tags=("channels", "interference", "2-4ghz"),
        extra_tags=("apartment",),
        weight=2,
        titles=(
            "Terrible 2.4 GHz in an apartment block with 40+ networks",
            "Which channel should I pick in a crowded building?",
            "2.4 GHz unusable in the evenings: too many neighbours' networks",
        ),
        symptoms=(
            """\
            I live in a flat and my phone sees over 40 networks. 2.4 GHz is basically unusable
            in the evenings; 5 GHz is better but drops through two walls. What settings make
            sense here?
            """,
            """\
            Evening speeds drop to almost nothing. A Wi-Fi analyser shows 15 networks on
            channel 6 and 9 on channel 1 alone. Auto channel keeps picking 11, which is just as
            bad.
            """,
        ),
        tried=(
            "tried channels 1, 6 and 11 by hand",
            "turned the 2.4 GHz transmit power up to 100%",
        ),
        fixes=(
            """\
            In a crowded building, think *smaller and faster*:

            1. **Prefer 5 GHz.** It barely goes through walls, which here is a feature: your
               neighbours' networks don't reach you either. Keep Smart Connect on so devices
               use 5 GHz when they can.
            2. **2.4 GHz at 20 MHz width**, on channel 1, 6 or 11 only (Advanced > Wireless >
               Professional). 40 MHz on 2.4 GHz in a block of flats makes everything worse.
            3. **Lower the 2.4 GHz transmit power** (75%) rather than raising it. Louder only
               means more interference for everyone, and your devices' replies are the weak
               link anyway.
            4. If a room needs 5 GHz coverage, a Mesh Point with a cable back to the router
               beats more power.
            5. Schedule the auto channel rescan at night (*Auto channel: rescan at 04:00*), so
               the choice is made when the air is quiet.
            """,
            """\
            20 MHz on 2.4 GHz and as many devices as possible on 5 GHz. 6 GHz would be the real
            answer in a building like that, but the AX3000 doesn't do Wi-Fi 6E, so 5 GHz plus a
            Mesh Point it is.
            """,
        ),
    ),
    Topic(
        key="casting",
        space="wifi",
        tags=("chromecast", "airplay", "multicast"),
        extra_tags=("iot-network",),
        titles=(
            "Chromecast / AirPlay devices not found on the network",
            "Can't cast to the {caster} from my phone",
            "Phone doesn't see the {caster} since moving to the {router}",
        ),
        symptoms=(
            """\
            Since setting up the {router}, my {phone} can't see the {caster} any more. Both
            are on the same Wi-Fi, I checked. The YouTube app simply doesn't show the cast icon.
            """,
            """\
            Casting works for a while after a reboot and then the {caster} disappears from the
            list. Sometimes only one of us can see it.
            """,
        ),
        tried=(
            "rebooted the {caster}",
            "reinstalled the app",
            "put both on the 5 GHz band",
        ),
        fixes=(
            """\
            Casting and AirPlay find devices with multicast (mDNS and SSDP). Three settings
            commonly get in the way:

            1. **Are both really on the same network?** If either is on the guest network, or
               on an IoT network with *Allow access to local network* off, they can't see each
               other. App > Devices shows which network each one is on.
            2. **Multicast:** {admin_url} > **Advanced > Wireless > Professional**: *IGMP
               snooping* on and *Multicast to unicast* on. Some firmware versions had it off,
               which makes discovery flaky on Wi-Fi.
            3. **AP isolation** must be off for the main network (Settings > Wi-Fi > Advanced).

            Restart the {caster} after changing anything; discovery results are cached for a
            while.
            """,
            """\
            Mine was the {caster} sitting on the IoT network I'd made for smart plugs.
            Turning on "Allow access to local network" for that network fixed casting.
            """,
        ),
        thanks=("The {caster} was on the IoT network without local access. Fixed in 30 s.",),
    ),
    Topic(
        key="voip-sip-alg",
        space="wifi",
        tags=("voip", "sip-alg"),
        extra_tags=("small-office",),
        weight=2,
        titles=(
            ("VoIP phone has one-way audio since installing the {router}", 0),
            ("Calls drop after exactly 30 seconds on our SIP phones", 0),
            "SIP phone with one-way audio: is it the router's SIP ALG?",
        ),
        symptoms=(
            """\
            I use a {voip_phone} for work calls. Since the {router} went in, calls connect but
            only one side can hear: usually I can hear them and they can't hear me. Sometimes
            the call drops after exactly 30 seconds.
            """,
            """\
            Our office ({n_people} people) uses SIP phones. Incoming calls ring, but when
            answered there's no audio either way about half the time.
            """,
        ),
        tried=(
            "rebooted the phone",
            "asked the VoIP provider to check (they say it's the router)",
            "put the phone in the DMZ",
        ),
        fixes=(
            """\
            Turn off **SIP ALG**: {admin_url} > **Advanced > NAT > SIP ALG** > *Off*, then
            reboot the phone so it registers afresh.

            SIP ALG rewrites addresses inside SIP messages as they pass through the router.
            Modern phones and providers already handle NAT themselves (STUN, keep-alives), and
            the second rewrite breaks the audio stream. One-way audio, and calls dropping at 30
            seconds because an ACK goes missing, are the textbook symptoms.

            If it still happens, ask your provider for their recommended registration
            interval; anything under the router's UDP timeout (120 s) helps.
            """,
            """\
            SIP ALG. It's on by default and it breaks every VoIP setup I've seen. Off, reboot
            the phone, done.
            """,
        ),
        thanks=(
            "SIP ALG off and both sides can hear each other. Our provider said the same after I "
            "posted. Thanks all.",
        ),
    ),
)
