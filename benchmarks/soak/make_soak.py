#!/usr/bin/env python3
"""Writes the soak recording and its scenario, the whole-process read/check yardstick.

The recording is what the Go reference fake leaves after a soak of a cluster
(records without provenance, 29 bytes a record on average): each member
reserved and created once, then started and stopped over and over, and one
close. The scenario states what a strict cluster test would: captures, order,
unique MACs, counts.

    make_soak.py DIR [--members 100] [--records 100000]
"""
import argparse
import hashlib
import json
import os


def mac_for(name):
    digest = hashlib.sha256(b"fleetbox:" + name.encode()).digest()
    first = (digest[0] | 0x02) & 0xFE
    return ":".join("%02x" % b for b in bytes([first]) + digest[1:6])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--members", type=int, default=100)
    parser.add_argument("--records", type=int, default=100000)
    args = parser.parse_args()
    members = ["m-%d" % i for i in range(args.members)]
    cycles = max(1, (args.records // args.members - 2) // 2)
    line = lambda record: json.dumps(record, separators=(",", ":")) + "\n"
    with open(os.path.join(args.dir, "soak.jsonl"), "w") as out:
        for name in members:
            mac = mac_for(name)
            out.write(line({"op": "reserve", "name": name, "mac": mac}))
            base = "/srv/fb/vms/" + name
            out.write(line({"op": "create", "name": name, "disk_path": base + "/disk.raw",
                            "seed_path": base + "/seed.iso", "efi_path": base + "/efi.fd",
                            "fixture_paths": [base + "/fixture-0.img"], "mac": mac}))
            for _ in range(cycles):
                out.write(line({"op": "start", "name": name}))
                out.write(line({"op": "stop", "name": name}))
        out.write(line({"op": "close"}))
    with open(os.path.join(args.dir, "soak.yaml"), "w") as out:
        out.write("scenario: soak of %d members\nmembers: [%s]\n" % (args.members, ", ".join(members)))
        out.write("""per_member:
  expect:
    - {id: reserve, op: reserve, name: "${member}", mac: {capture: mac}, count: 1}
    - id: create
      op: create
      name: "${member}"
      mac: "${mac}"
      disk_path: {prefix: "/srv/fb/vms/${member}/"}
      fixture_paths: {each: {suffix: .img}}
      count: 1
    - {id: start, op: start, name: "${member}", count: {min: 1}}
    - {id: stop, op: stop, name: "${member}", count: {min: 1}}
  order: [reserve, create, start]
expect:
  - {id: close, op: close, count: 1}
unique:
  - {id: create, field: mac}
strict: true
""")


if __name__ == "__main__":
    main()
