#!/usr/bin/env python3
"""Deterministic registry generator for the benchmark and scale tests.

    generate.py --devices N --services M [--conflicts C] [--seed S] OUT.yaml

Each device gets M services, each with a route and two bindings (tcp and udp, every 7th a
range), placed in the block that matches the service's category. C conflicts are planted by
giving a later binding the port of an earlier one on the same device. Same arguments, same
bytes.
"""
import argparse
import random

PURPOSES = ["ssh-git", "monitoring", "orchestration", "automation", "security", "management"]
LAYOUT = ["ssh-git", "reserved", "reserved", "monitoring", "orchestration", "automation",
          "reserved", "reserved", "security", "management"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--devices", type=int, required=True)
    parser.add_argument("--services", type=int, required=True)
    parser.add_argument("--conflicts", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("out")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    conflict_devices = set(rng.sample(range(args.devices), min(args.conflicts, args.devices)))
    lines = ["portolan: 1", "policy:", "  domain: example.org", "  internal_subdomain: home",
             "  range: {start: 20000, end: 29999}", "  block_size: 1000", "  blocks:"]
    for purpose in LAYOUT:
        label = "" if purpose == "reserved" else f", label: {purpose.title()}"
        lines.append(f"    - {{purpose: {purpose}{label}}}")
    lines.append("devices:")
    for d in range(args.devices):
        lines.append(f"  - name: host{d:05d}")
        lines.append(f"    ip: 10.{d // 65536 % 256}.{d // 256 % 256}.{d % 256}")
        lines.append(f"    description: generated device {d}")
        lines.append("    services:")
        # Every device runs its own reverse proxy (80/443): its routes are served where they
        # run, and every export has something to write for each device.
        lines.append("      - name: proxy")
        lines.append("        category: management")
        lines.append("        ports:")
        lines.append("          - {host: 80, container: 80, exception: reverse-proxy}")
        lines.append("          - {host: 443, container: 443, exception: reverse-proxy}")
        next_port = {p: 20000 + 1000 * LAYOUT.index(p) for p in PURPOSES}
        first_port = None
        for s in range(args.services):
            purpose = PURPOSES[s % len(PURPOSES)]
            name = f"svc{s:04d}"
            lines.append(f"      - name: {name}")
            lines.append(f"        category: {purpose}")
            lines.append(f"        notes: service {s} on device {d}")
            scope = "internal" if s % 2 else "external"
            lines.append(f"        route: {{host: {name}-h{d:05d}, scope: {scope}, port: {3000 + s % 100}}}")
            lines.append("        ports:")
            for protocol in ("tcp", "udp"):
                port = next_port[purpose]
                if s % 7 == 0:
                    host = f'"{port}-{port + 2}"'
                    container = f'"{8000}-{8002}"'
                    next_port[purpose] += 3
                else:
                    host, container = str(port), str(9000 + s % 500)
                    next_port[purpose] += 1
                if first_port is None:
                    first_port = port
                if d in conflict_devices and s == args.services - 1 and protocol == "tcp":
                    host = str(first_port)
                lines.append(f"          - {{host: {host}, container: {container}, protocol: {protocol}, exception: non-http}}")
    with open(args.out, "w") as out:
        out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
