#!/usr/bin/env python3
"""Opens N keep-alive connections to 127.0.0.1:PORT, makes one GET on each (reading the whole
response), then holds them all idle until killed or --hold seconds pass. Prints "ready N" on
stdout once every connection has had its answer, or "failed ..." and exits 1.

Used by load.sh to measure the memory a proxy keeps per idle keep-alive connection (--tls: per
idle TLS connection)."""
import argparse
import resource
import socket
import ssl
import sys
import time


def read_response(sock):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            raise ConnectionError("closed before the response head")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status = head.split(b" ", 2)[1]
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(max(4096, length - len(body)))
        if not chunk:
            raise ConnectionError("closed inside the body")
        body += chunk
    return int(status)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("port", type=int)
    ap.add_argument("count", type=int)
    ap.add_argument("--path", default="/0b")
    ap.add_argument("--hold", type=float, default=60.0, help="seconds to keep the connections open at most")
    ap.add_argument("--deadline", type=float, default=60.0, help="seconds allowed for opening them all")
    ap.add_argument("--tls", action="store_true", help="TLS connections (the certificate is not checked)")
    args = ap.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < args.count + 64:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, args.count + 1024), hard))

    request = ("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUser-Agent: portico-bench-idle\r\n\r\n"
               % (args.path, args.port)).encode("ascii")
    tls = ssl.create_default_context()
    tls.check_hostname = False
    tls.verify_mode = ssl.CERT_NONE
    conns = []
    start = time.monotonic()
    try:
        for i in range(args.count):
            if time.monotonic() - start > args.deadline:
                print("failed: only %d connections within %.0fs" % (i, args.deadline), flush=True)
                return 1
            s = socket.create_connection(("127.0.0.1", args.port), timeout=10)
            if args.tls:
                s = tls.wrap_socket(s, server_hostname="localhost")
            s.sendall(request)
            status = read_response(s)
            if status != 200:
                print("failed: status %d on connection %d" % (status, i), flush=True)
                return 1
            conns.append(s)
    except OSError as e:
        print("failed: %s after %d connections" % (e, len(conns)), flush=True)
        return 1
    print("ready %d %.2fs" % (len(conns), time.monotonic() - start), flush=True)
    try:
        time.sleep(args.hold)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
