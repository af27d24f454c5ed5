"""Terminal output people paste into questions: ping, tracert, speed tests, logs, configs.

Each function returns a fenced markdown code block with believable, internally consistent
numbers drawn from the caller's random generator. Public addresses come from the documentation
ranges (RFC 5737), so nothing points at a real network.
"""

from __future__ import annotations

import random
import statistics


def fence(text: str, lang: str = "") -> str:
    return f"```{lang}\n{text.rstrip()}\n```"


def ping_with_spikes(rng: random.Random, target: str = "1.1.1.1", count: int = 12) -> str:
    """A Linux/macOS ping that is fine, then spikes while the line is loaded."""
    base = rng.uniform(9, 16)
    spike_start = rng.randint(3, 5)
    spike_len = rng.randint(4, 6)
    times = []
    for seq in range(count):
        if spike_start <= seq < spike_start + spike_len:
            times.append(rng.uniform(160, 460))
        else:
            times.append(base + rng.uniform(-1.5, 3.0))
    lines = [f"$ ping -c {count} {target}", f"PING {target} ({target}): 56 data bytes"]
    lines += [
        f"64 bytes from {target}: icmp_seq={seq} ttl=57 time={ms:.1f} ms"
        for seq, ms in enumerate(times)
    ]
    lines += [
        "",
        f"--- {target} ping statistics ---",
        f"{count} packets transmitted, {count} packets received, 0.0% packet loss",
        f"round-trip min/avg/max/stddev = {min(times):.1f}/{statistics.mean(times):.1f}/"
        f"{max(times):.1f}/{statistics.pstdev(times):.1f} ms",
    ]
    return fence("\n".join(lines), "console")


def ping_windows_drop(rng: random.Random, target: str = "192.168.50.1") -> str:
    """A Windows `ping -t` to the router that loses the connection for a few seconds."""
    lines = ["C:\\> ping -t " + target, "", f"Pinging {target} with 32 bytes of data:"]
    reply = f"Reply from {target}: bytes=32 time={{ms}} TTL=64"
    for _ in range(rng.randint(3, 5)):
        lines.append(reply.format(ms=f"{rng.randint(1, 4)}ms"))
    lines.append(reply.format(ms=f"{rng.randint(180, 900)}ms"))
    lines += ["Request timed out."] * rng.randint(2, 4)
    lines.append("PING: transmit failed. General failure.")
    lines += ["Request timed out."] * rng.randint(1, 2)
    for _ in range(rng.randint(2, 4)):
        lines.append(reply.format(ms=f"{rng.randint(1, 5)}ms"))
    return fence("\n".join(lines))


def tracert_double_nat(rng: random.Random, isp_lan: str = "192.168.1.1") -> str:
    """A Windows tracert with two private hops before the ISP: the double-NAT signature."""

    def hop(n: int, low: int, high: int, address: str) -> str:
        ms = "".join(f"{rng.randint(low, high):>5} ms" for _ in range(3))
        return f"{n:>3}{ms}  {address}"

    first_isp = f"203.0.113.{rng.randint(1, 254)}"
    core = f"198.51.100.{rng.randint(1, 254)}"
    lines = [
        "C:\\> tracert -d 1.1.1.1",
        "",
        "Tracing route to 1.1.1.1 over a maximum of 30 hops",
        "",
        hop(1, 1, 3, "192.168.50.1"),
        hop(2, 2, 5, isp_lan),
        hop(3, 8, 14, first_isp),
        hop(4, 9, 16, core),
        hop(5, 10, 18, "1.1.1.1"),
        "",
        "Trace complete.",
    ]
    return fence("\n".join(lines))


SPEEDTEST_SERVERS = (
    "Metro Fibre - Manchester",
    "Northern Broadband - Leeds",
    "CityNet - Birmingham",
    "Example Telecom - London",
    "FjordNet - Oslo",
    "RheinLink - Cologne",
)


def speedtest(rng: random.Random, download: int, upload: int) -> str:
    latency = rng.uniform(6, 19)
    server = rng.choice(SPEEDTEST_SERVERS)
    lines = [
        "$ speedtest",
        "",
        "   Speedtest by Ookla",
        "",
        f"      Server: {server} (id: {rng.randint(10000, 59999)})",
        "         ISP: Example Broadband",
        f"Idle Latency:    {latency:.2f} ms   (jitter: {rng.uniform(0.2, 2.0):.2f}ms)",
        f"    Download:   {download + rng.uniform(0, 0.99):.2f} Mbps "
        f"(data used: {download * rng.uniform(1.0, 1.4):.1f} MB)",
        f"      Upload:   {upload + rng.uniform(0, 0.99):.2f} Mbps "
        f"(data used: {upload * rng.uniform(1.0, 1.5):.1f} MB)",
        " Packet Loss:     0.0%",
    ]
    return fence("\n".join(lines), "console")


def dfs_log(rng: random.Random, date: str, channel: int) -> str:
    hour = rng.randint(19, 21)
    minute = rng.randint(0, 58)
    second = rng.randint(0, 59)
    back = rng.randint(15, 40)
    later = f"{hour + (minute + back) // 60}:{(minute + back) % 60:02d}:{rng.randint(0, 59):02d}"
    lines = [
        f"{date} {hour}:{minute:02d}:{second:02d} wl1: DFS radar detected on channel {channel}/80",
        f"{date} {hour}:{minute:02d}:{second:02d} wl1: switching to channel 36/80, CAC 60 s",
        f"{date} {hour}:{minute + 1:02d}:{min(second + 1, 59):02d} wl1: CAC complete, "
        "channel 36/80 active",
        f"{date} {later} wl1: returning to preferred channel {channel}/80 (auto)",
    ]
    return fence("\n".join(lines))


def wireguard_client(endpoint: str) -> str:
    lines = [
        "[Interface]",
        "PrivateKey = <removed>",
        "Address = 10.6.0.2/32",
        "DNS = 192.168.50.1",
        "",
        "[Peer]",
        "PublicKey = <removed>",
        f"Endpoint = {endpoint}:51820",
        "AllowedIPs = 192.168.50.0/24, 10.6.0.0/24",
    ]
    return fence("\n".join(lines), "ini")
