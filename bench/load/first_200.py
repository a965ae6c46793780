#!/usr/bin/env python3
"""Polls http://127.0.0.1:PORT/PATH until it answers 200, then prints the milliseconds since
SINCE_NS (a time.time_ns() / `date +%s%N` stamp taken just before the server was launched).
Tries every 2 ms, each try with a fresh connection; gives up after --deadline seconds (exit 1)."""
import argparse
import socket
import sys
import time


def try_once(port, path):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            s.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" % path).encode("ascii"))
            data = s.recv(64)
            return data.startswith(b"HTTP/1.1 200") or data.startswith(b"HTTP/1.0 200")
    except OSError:
        return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("since_ns", type=int)
    ap.add_argument("--path", default="/0b")
    ap.add_argument("--deadline", type=float, default=60.0)
    args = ap.parse_args()
    end = time.monotonic() + args.deadline
    while time.monotonic() < end:
        if try_once(args.port, args.path):
            print("%.1f" % ((time.time_ns() - args.since_ns) / 1e6))
            return 0
        time.sleep(0.002)
    print("timeout")
    return 1


if __name__ == "__main__":
    sys.exit(main())
