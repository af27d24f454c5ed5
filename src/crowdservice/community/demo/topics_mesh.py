"""Support topics for the "Mesh & range" space."""

# Prose for people: the en dashes in ranges and the multiplication signs are meant.
# ruff: noqa: RUF001

from __future__ import annotations

from crowdservice.community.demo.catalog import Topic

TOPICS = (
    Topic(
        key="satellite-pairing",
        space="mesh",
        tags=("mesh-point", "pairing"),
        extra_tags=("e-207", "firmware"),
        weight=4,
        titles=(
            ("{sat} won't pair: the LED keeps blinking amber", 0),
            ("Can't add a second {sat}, app says \"Couldn't add the satellite\"", 0),
            ('New {sat} stuck on "Looking for your router"', 1),
            ("E-207 when adding a {sat} on firmware {fw}", 0),
        ),
        symptoms=(
            """\
            Bought an extra {sat} for the {room}. The app goes through the steps, finds it, then
            fails after a couple of minutes with **Couldn't add the satellite (E-207)**. The
            satellite's LED blinks amber forever.
            """,
            """\
            Adding a {sat} to my existing setup. It powers up, the LED pulses white, then the
            app says *Looking for your router…* and times out. The router is on {fw}.
            """,
        ),
        tried=(
            "factory reset the {sat} (pin held for 15 seconds)",
            "put it in the same room as the router",
            "restarted the app",
        ),
        fixes=(
            """\
            E-207 is nearly always a firmware mismatch. A {sat} fresh out of the box can ship
            with older firmware than your router, and the pairing handshake changed in 3.3. Do
            it in this order:

            1. Update the router first (Settings > System > Firmware). You're on {fw}; the
               current release is {latest_fw}.
            2. Factory-reset the {sat}: hold the reset pin for **15 seconds** until the LED
               blinks amber quickly, then let go.
            3. Put it in the **same room** as the router for pairing.
            4. App > Settings > Mesh > **Add a {sat}**. Once it's added, it updates itself to
               the router's firmware (the LED alternates blue and white for about 5 minutes;
               leave it alone).
            5. Only then move it to its final spot.

            If the app still fails, use the Sync buttons: press Sync on the router for 2
            seconds, then within 2 minutes press Sync on the {sat} for 2 seconds.
            """,
            """\
            The Sync button route worked for me when the app refused: 2 seconds on the router,
            then 2 seconds on the satellite, both in the same room. It took about three minutes
            to go solid blue.
            """,
        ),
        thanks=("Updating the router first was the missing step. Paired on the first try.",),
    ),
    Topic(
        key="weak-backhaul",
        space="mesh",
        tags=("mesh-point", "backhaul", "placement"),
        extra_tags=("e-211", "speed"),
        weight=4,
        titles=(
            ('E-211 "Satellite backhaul weak": where should the {sat} go?', 0),
            "{sat} in the {room} is slow, app says the backhaul is weak",
            ("Speeds halve as soon as I'm connected to the {sat}", 0),
        ),
        symptoms=(
            """\
            The app shows **E-211: Satellite backhaul weak** for my {sat} in the {room}. Devices
            near it get {sat_speed} Mbps, against {near_speed} near the router. It's a {house},
            the router is downstairs and the satellite upstairs at the far end.
            """,
            """\
            I have {sats}. The one in the {room} shows a backhaul signal of {rssi} dBm in the
            app, and everything connected to it is slow and sometimes drops.
            """,
        ),
        tried=(
            "moved it a few metres",
            "rebooted the {sat}",
            "checked for firmware updates",
        ),
        fixes=(
            """\
            A {sat} can only pass on what it receives from the router, so place it for the
            *backhaul*, not for the dead spot:

            1. App > Settings > Mesh > {sat} > **Backhaul**. Aim for a signal between **-50
               and -65 dBm**. At {rssi} dBm it's too far away.
            2. Move it to about halfway between the router and the area with poor coverage,
               typically one or two rooms from the router, not in the dead zone itself.
            3. Keep brick or concrete walls, mirrors, fridges, fish tanks and underfloor
               heating out of the direct line.
            4. Raise it off the floor; a shelf at desk height is much better.
            5. Check the backhaul figure again after a minute.

            If the building won't allow it (stone walls, foil-backed insulation), use an
            **ethernet backhaul**: a cable from a LAN port on the router to the {sat}'s WAN
            port. It's detected automatically.
            """,
            """\
            Rule of thumb that worked for me: if you can't get -65 or better, the satellite is
            in the wrong place. Mine went from -79 to -61 by moving it one room closer, and the
            far room still has good coverage, because the satellite now has proper bandwidth to
            hand out.
            """,
        ),
        tips=(
            """\
            Check the satellite is connected to the router and not daisy-chained through
            another satellite (Settings > Mesh > Topology). Every wireless hop roughly halves
            the bandwidth.
            """,
        ),
        thanks=(
            "Moved it to the landing: backhaul is -58 dBm now and the {room} gets {fixed_speed} "
            "Mbps. E-211 gone.",
        ),
    ),
    Topic(
        key="ethernet-backhaul",
        kind="howto",
        space="mesh",
        tags=("backhaul", "ethernet"),
        extra_tags=("switch", "powerline"),
        titles=(
            "How do I set up wired (ethernet) backhaul for the {sat}?",
            "Ethernet backhaul through a switch: supported?",
            ("Does powerline count as wired backhaul?", 1),
            ("Which port on the {sat} for a cable back to the router?", 0),
        ),
        symptoms=(
            """\
            I've run a cable from the router to the {room}. Which port on the {sat} do I use,
            and do I need to change anything in the app? There's also an unmanaged switch in
            between; does that matter?
            """,
            """\
            The house has CAT6 to a few rooms, all going to a switch in the understairs
            cupboard. Can the {sat}s use that instead of Wi-Fi to talk to the router? Can't run
            new cables, but I have powerline adapters too, if that helps.
            """,
        ),
        tried=("read the quick start guide twice",),
        fixes=(
            """\
            Yes, and it's the best upgrade you can give a mesh:

            1. A cable from any **LAN port on the router** (or the switch connected to it) to
               the **WAN port on the {sat}** (the blue one). Its LAN ports work too, but WAN is
               recommended.
            2. Nothing to configure: the {sat} detects the wired link within a minute, and the
               app shows *Backhaul: Ethernet (1 Gbps)* under Settings > Mesh > {sat}.
            3. **Unmanaged switches are fine.** Managed ones too, as long as the ports are in
               the same VLAN as the router's LAN.
            4. The wireless backhaul stays as a fallback if the cable is unplugged.

            Powerline works, but it's seen as plain ethernet: its real speed (often 100–300
            Mbps, varying with whatever else is on the circuit) becomes your ceiling. Often
            still better than a weak wireless backhaul.
            """,
            """\
            Running three {sat}s on ethernet backhaul through an unmanaged switch. Zero
            configuration; the app shows ethernet backhaul for all three. Just don't connect a
            satellite to the switch *and* to another satellite by cable, or you'll make a loop.
            """,
        ),
        thanks=("Plugged it in and the app showed Ethernet backhaul within a minute. So fast.",),
    ),
    Topic(
        key="roaming",
        space="mesh",
        tags=("roaming", "mesh"),
        extra_tags=("802-11r", "wifi-calling"),
        titles=(
            "Phone stays on the router even when I'm next to the {sat}",
            "Devices don't switch to the nearest mesh node",
            "Calls freeze when I walk from the router to the {sat}",
            "{phone} won't roam to the {sat} until I toggle Wi-Fi",
        ),
        symptoms=(
            """\
            When I walk from the living room to the {room}, my {phone} stays connected to the
            router downstairs with one bar, even though the {sat} is right there. It only
            switches when I turn Wi-Fi off and on.
            """,
            """\
            WhatsApp calls freeze or drop when I walk around the house. The app's device history
            shows the {phone} hanging on to the router at {rssi} dBm before it finally jumps to
            the {sat}.
            """,
        ),
        tried=("rebooted the {sat}", "turned Smart Connect off and on"),
        fixes=(
            """\
            The decision to roam is the *phone's*, not the router's; the mesh can only nudge it.
            Make the nudges as strong as possible:

            1. Settings > Mesh > **Roaming assist**: *On*. This enables 802.11k/v, which tells
               devices about the other nodes and asks them to move.
            2. Set the **roaming threshold** to about **-70 dBm** (the default is -75). Lower
               means devices get pushed earlier.
            3. Advanced > Wireless > Professional > **802.11r (fast roaming)**: *On*. It makes
               the switch itself quick enough for calls. A few old devices dislike 11r; if one
               stops connecting, turn it off again.
            4. Keep the same name and security on all nodes (the default).

            iPhones and recent Android phones follow 11k/v well. Some laptops and most smart
            home devices don't roam until they lose the signal completely.
            """,
            """\
            Turning on 802.11r made calls while walking around actually work for me. Roaming
            assist alone made the phone switch, but with a 2–3 second gap.
            """,
        ),
        thanks=(
            "Roaming assist was off! With -70 and 11r on, my phone now switches on the stairs.",
        ),
    ),
    Topic(
        key="satellite-offline",
        space="mesh",
        tags=("mesh-point", "offline"),
        extra_tags=(),
        titles=(
            ("{sat} shows offline after a power cut", 0),
            ("One {sat} goes offline every day or two", 1),
            'Pulsing amber on the {sat}, app says "Offline"',
            ("{sat} in the {room} keeps dropping off the mesh", 1),
        ),
        symptoms=(
            """\
            We had a short power cut yesterday. Since then the {sat} in the {room} has a
            pulsing amber LED and the app lists it as *Offline*. The router is fine.
            """,
            """\
            Every day or two, one of my {sats} drops out: the LED pulses amber and the app says
            offline. Unplugging it and plugging it back in fixes it for a day or so.
            """,
        ),
        tried=(
            "power-cycled the {sat}",
            "power-cycled the router",
            ("moved it closer to the router", 1),
        ),
        fixes=(
            """\
            After a power cut the satellites sometimes boot faster than the router and give up
            before it's ready. They do retry, but on older firmware the retries back off to
            very long intervals. First:

            1. Power-cycle the {sat} *after* the router shows a solid blue LED.
            2. Update everything to {latest_fw}; the retry behaviour was fixed in 3.4.x.

            If it keeps dropping every day or two, look in **System > Logs** for lines like
            `mesh: node {sat_id} backhaul lost (rssi -84)`. That's a placement problem (see the
            E-211 threads) rather than a fault. If the log shows nothing before it disappears,
            open a support case: that can be a failing power adapter.
            """,
            (
                """\
            Had this with a satellite plugged into a smart plug whose schedule turned it off at
            night. Took me a week to notice. Worth checking what yours is plugged into.
            """,
                1,
            ),
        ),
        thanks=(
            ("Updated to {latest_fw} and it has come back by itself after every outage since.", 0),
        ),
    ),
    Topic(
        key="garden-office",
        kind="howto",
        space="mesh",
        tags=("range", "outdoor", "mesh-point"),
        extra_tags=("garden-office",),
        titles=(
            ("Getting Wi-Fi to a garden office {distance} m from the house", 0),
            ("Can a {sat} cover a detached garage?", 1),
            ("Coverage for the garden office: window satellite or cable?", 0),
        ),
        symptoms=(
            """\
            I work from a garden office about {distance} m from the back of the house. The
            router is in the front room. Wi-Fi in the office is one bar at best, and video calls
            freeze. Would a {sat} in the kitchen reach?
            """,
            """\
            I want Wi-Fi in the detached garage ({distance} m away) for a camera and a smart
            plug. Is a {sat} in a window enough, or do I need something else?
            """,
        ),
        tried=(
            "put a {sat} in the back bedroom window",
            "tried a powerline adapter (too slow)",
        ),
        fixes=(
            """\
            Outdoors, distance isn't the problem; walls and glass are. Options from cheapest to
            best:

            1. **A {sat} in a window facing the garden**, with a good backhaul to the router
               (-65 dBm or better). Coated (low-E) double glazing blocks a lot of signal; a
               quick test with the window open tells you whether that's the issue.
            2. **A second {sat} inside the outbuilding**, meshing with the one in the window.
               Works up to 15–20 m with a clear line of sight.
            3. **A cable**: direct-burial CAT6 to a {sat} in the outbuilding, with ethernet
               backhaul. By far the best for video calls.
            4. If digging is impossible, a pair of outdoor point-to-point bridges with a {sat}
               at the far end.

            For {distance} m I'd start with option 1, test, and go to 3 if you need reliable
            calls.
            """,
            """\
            Did option 3 for my office: 25 m of outdoor CAT6 in a conduit, {sat} on ethernet
            backhaul. Full speed and no drops; it took an afternoon.
            """,
        ),
    ),
    Topic(
        key="network-loop",
        space="mesh",
        tags=("loop", "switch", "ethernet"),
        weight=2,
        titles=(
            ("Whole network goes down when I connect the {sat} with a cable", 0),
            ("Network storm after adding a switch: everything stops for 30 seconds", 1),
            ("Switch lights flash like crazy and the network stops: a loop?", 0),
        ),
        symptoms=(
            """\
            I added an ethernet cable from my switch to the {sat} in the {room} for backhaul.
            Within minutes the whole network grinds to a halt and all the switch lights flash
            like crazy. Unplug the cable and it recovers.
            """,
            """\
            Something on my network brings everything down a few times a day: the router's LED
            stays blue, but nothing loads for about 30 seconds. It started when I added a
            second switch upstairs.
            """,
        ),
        tried=("replaced the cable", "rebooted everything"),
        fixes=(
            """\
            That's a **loop**: two paths between the same points, so broadcast traffic
            circulates forever. The typical mesh version: the {sat} is cabled to the switch
            *and* something else on that switch is also wired to another node (another {sat},
            or a second cable back to the router).

            1. Draw it out. Every node (router, switches, satellites) should have exactly
               **one** wired path to the router.
            2. Don't cable two {sat}s to each other if both are also wired to the switch.
            3. Look for a cable from one port of a switch to another port of the same switch
               (it happens, especially behind the TV).
            4. Turn on loop protection (*Advanced > LAN > Loop detection*, since 3.3.2). It
               blocks the port and logs `loop detected on port LAN2`.
            """,
            """\
            Had the same. It was a powerline adapter I'd forgotten about, bridging the same two
            rooms. Turned on loop detection afterwards and it caught my next mistake instantly.
            """,
        ),
        thanks=("There was a second cable behind the TV. Removed it, loop detection is on now.",),
    ),
    Topic(
        key="how-many-satellites",
        context=False,
        kind="howto",
        space="mesh",
        tags=("mesh-point", "coverage", "planning"),
        titles=(
            ("How many {sat}s do I need for a {house}?", 0),
            ("Is one {sat} enough for {sqm} m²?", 0),
            ("Planning satellites for our {house}", 0),
        ),
        symptoms=(
            """\
            We're moving into a {house}, about {sqm} m² {floors}; the router will be
            in the {room2}. Is one {sat} enough, or should I buy the three-pack?
            """,
            """\
            Thinking about adding {sat}s. Current coverage: fine downstairs, patchy in the
            {room}, nothing in the loft conversion. How do I decide how many, and where?
            """,
        ),
        tried=(),
        fixes=(
            """\
            Rough numbers: one {router} covers about 150 m² in an open-plan modern build, far
            less through brick or stone. Each {sat} adds around 100–120 m², but only if it's
            placed with a good backhaul.

            1. Put the router as central as you can (not in a cupboard by the front door, if
               you can help it).
            2. Add **one** {sat}, one or two rooms away towards the weak area, and check that
               *Settings > Mesh > Backhaul* shows -65 dBm or better.
            3. Walk around with the app's *Coverage check* (Home > ⋯ > Coverage check); it
               measures the signal wherever you tap.
            4. Only then decide on a second one.

            For {sqm} m² {floors} I'd expect the router plus one or two, unless you can
            cable them. Wired backhaul changes the maths: then each {sat} can go exactly where you
            need it.
            """,
            """\
            More isn't always better: two satellites chained wirelessly can be slower than one
            well placed. I'd buy one, test, then add.
            """,
        ),
    ),
)
