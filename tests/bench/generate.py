#!/usr/bin/env python3
"""Deterministic registry generator for the benchmark and scale tests.

    generate.py --devices N --services M [--conflicts C] [--seed S] [--style portolan|dump|json]
                OUT.yaml

Each device gets M services, each with a route and two bindings (tcp and udp, every 7th a
range), placed in the block that matches the service's category. C conflicts are planted by
giving a later binding the port of an earlier one on the same device. Same arguments, same
bytes.

--style portolan (the default) writes the registry as Portolan does; --style dump writes the
same registry as PyYAML's yaml.safe_dump does: keys sorted (the devices first, "portolan"
last), block style throughout, sequences at their key's column; --style json writes it as
json.dumps(..., indent=2) does (JSON is YAML: a flow mapping, a line per bracket).
"""
import argparse
import json
import random

PURPOSES = ["ssh-git", "monitoring", "orchestration", "automation", "security", "management"]
LAYOUT = ["ssh-git", "reserved", "reserved", "monitoring", "orchestration", "automation",
          "reserved", "reserved", "security", "management"]


def build(args):
    """The registry as plain data: the policy and the devices, in the order Portolan keeps."""
    rng = random.Random(args.seed)
    conflict_devices = set(rng.sample(range(args.devices), min(args.conflicts, args.devices)))
    blocks = [{"purpose": p} if p == "reserved" else {"purpose": p, "label": p.title()}
              for p in LAYOUT]
    policy = {"domain": "example.org", "internal_subdomain": "home",
              "range": {"start": 20000, "end": 29999}, "block_size": 1000, "blocks": blocks}
    devices = []
    for d in range(args.devices):
        # Every device runs its own reverse proxy (80/443): its routes are served where they
        # run, and every export has something to write for each device.
        services = [{"name": "proxy", "category": "management", "ports": [
            {"host": 80, "container": 80, "exception": "reverse-proxy"},
            {"host": 443, "container": 443, "exception": "reverse-proxy"}]}]
        next_port = {p: 20000 + 1000 * LAYOUT.index(p) for p in PURPOSES}
        first_port = None
        for s in range(args.services):
            purpose = PURPOSES[s % len(PURPOSES)]
            name = f"svc{s:04d}"
            scope = "internal" if s % 2 else "external"
            ports = []
            for protocol in ("tcp", "udp"):
                port = next_port[purpose]
                if s % 7 == 0:
                    host, container = f"{port}-{port + 2}", "8000-8002"
                    next_port[purpose] += 3
                else:
                    host, container = port, 9000 + s % 500
                    next_port[purpose] += 1
                if first_port is None:
                    first_port = port
                if d in conflict_devices and s == args.services - 1 and protocol == "tcp":
                    host = first_port
                ports.append({"host": host, "container": container, "protocol": protocol,
                              "exception": "non-http"})
            services.append({"name": name, "category": purpose,
                             "notes": f"service {s} on device {d}",
                             "route": {"host": f"{name}-h{d:05d}", "scope": scope,
                                       "port": 3000 + s % 100},
                             "ports": ports})
        devices.append({"name": f"host{d:05d}",
                        "ip": f"10.{d // 65536 % 256}.{d // 256 % 256}.{d % 256}",
                        "description": f"generated device {d}", "services": services})
    return policy, devices


def flow(mapping):
    """A one-line mapping as Portolan writes it: port ranges quoted."""
    items = (f'{k}: "{v}"' if isinstance(v, str) and "-" in v and v[0].isdigit() else f"{k}: {v}"
             for k, v in mapping.items())
    return "{" + ", ".join(items) + "}"


def portolan_style(policy, devices):
    lines = ["portolan: 1", "policy:", "  domain: example.org", "  internal_subdomain: home",
             "  range: {start: 20000, end: 29999}", "  block_size: 1000", "  blocks:"]
    lines += [f"    - {flow(block)}" for block in policy["blocks"]]
    lines.append("devices:")
    for device in devices:
        lines += [f"  - name: {device['name']}", f"    ip: {device['ip']}",
                  f"    description: {device['description']}", "    services:"]
        for service in device["services"]:
            lines += [f"      - name: {service['name']}", f"        category: {service['category']}"]
            if "notes" in service:
                lines.append(f"        notes: {service['notes']}")
            if "route" in service:
                lines.append(f"        route: {flow(service['route'])}")
            lines.append("        ports:")
            lines += [f"          - {flow(binding)}" for binding in service["ports"]]
    return lines


def dump_style(value, indent=0):
    """Block style with sorted keys, as yaml.safe_dump writes (every scalar here is plain)."""
    pad = " " * indent
    lines = []
    if isinstance(value, dict):
        for key in sorted(value):
            item = value[key]
            if isinstance(item, (dict, list)):
                lines.append(f"{pad}{key}:")
                lines += dump_style(item, indent if isinstance(item, list) else indent + 2)
            else:
                lines.append(f"{pad}{key}: {item}")
    else:
        for item in value:
            inner = dump_style(item, indent + 2)
            lines.append(f"{pad}- {inner[0].lstrip()}")
            lines += inner[1:]
    return lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--devices", type=int, required=True)
    parser.add_argument("--services", type=int, required=True)
    parser.add_argument("--conflicts", type=int, default=0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--style", choices=["portolan", "dump", "json"], default="portolan")
    parser.add_argument("out")
    args = parser.parse_args()
    policy, devices = build(args)
    if args.style == "dump":
        lines = dump_style({"portolan": 1, "policy": policy, "devices": devices})
    elif args.style == "json":
        lines = [json.dumps({"portolan": 1, "policy": policy, "devices": devices}, indent=2)]
    else:
        lines = portolan_style(policy, devices)
    with open(args.out, "w") as out:
        out.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
