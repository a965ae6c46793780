#!/usr/bin/env python3
"""Opens N keep-alive connections to 127.0.0.1:PORT, makes one GET on each (reading the whole
response), then holds them all idle until killed or --hold seconds pass. Prints "ready N" on
stdout once every connection has had its answer, or "failed ..." and exits 1.

Used by load.sh to measure the memory a proxy keeps per idle keep-alive connection (--tls: per
idle TLS connection; --h2: per idle HTTP/2 connection, h2c by prior knowledge, or with --tls h2
chosen by ALPN).

The HTTP/2 client is the least that makes one request: the preface and an empty SETTINGS, one
HEADERS (stream 1, END_STREAM) whose fields are HPACK literals without indexing or Huffman, an
ACK of the server's SETTINGS, then frames are read until stream 1 ends. The status is taken from
the first field of the response block, which must be the static-table index of :status 200
(every server here sends that); anything else counts as a failure."""
import argparse
import resource
import socket
import ssl
import struct
import sys
import time

H2_PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
DATA, HEADERS, RST_STREAM, SETTINGS, PING, GOAWAY, CONTINUATION = 0x0, 0x1, 0x3, 0x4, 0x6, 0x7, 0x9
END_STREAM, ACK, END_HEADERS, PADDED, PRIORITY = 0x1, 0x1, 0x4, 0x8, 0x20


def h2_frame(kind, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


def hpack_literal(name, value):
    """Literal header field without indexing, new name, no Huffman (RFC 7541 §6.2.2)."""
    def string(b):
        assert len(b) < 127, "a one-octet length only"
        return bytes([len(b)]) + b
    return b"\x00" + string(name.encode("ascii")) + string(value.encode("ascii"))


def recv_exactly(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("closed by the server")
        data += chunk
    return data


def h2_get(sock, scheme, authority, path):
    """One GET on stream 1 of a new connection; returns the status (200 or 0 when not 200)."""
    block = b"".join(hpack_literal(n, v) for n, v in (
        (":method", "GET"), (":scheme", scheme), (":authority", authority), (":path", path),
        ("user-agent", "portico-bench-idle")))
    sock.sendall(H2_PREFACE + h2_frame(SETTINGS, 0, 0) + h2_frame(HEADERS, END_STREAM | END_HEADERS, 1, block))
    status, ending = None, False
    while True:
        head = recv_exactly(sock, 9)
        length = int.from_bytes(head[:3], "big")
        kind, flags, stream = head[3], head[4], struct.unpack(">I", head[5:])[0] & 0x7FFFFFFF
        payload = recv_exactly(sock, length)
        if kind == SETTINGS and not flags & ACK:
            sock.sendall(h2_frame(SETTINGS, ACK, 0))
        elif kind == PING and not flags & ACK:
            sock.sendall(h2_frame(PING, ACK, 0, payload))
        elif kind == GOAWAY:
            raise ConnectionError("GOAWAY, error code %d" % struct.unpack(">I", payload[4:8])[0])
        elif kind == RST_STREAM and stream == 1:
            raise ConnectionError("RST_STREAM, error code %d" % struct.unpack(">I", payload[:4])[0])
        elif kind == HEADERS and stream == 1:
            if status is None:
                block = payload
                if flags & PADDED:
                    block = block[1:len(block) - block[0]]
                if flags & PRIORITY:
                    block = block[5:]
                while block and block[0] & 0xE0 == 0x20:   # dynamic table size updates (one octet)
                    block = block[1:]
                status = 200 if block[:1] == b"\x88" else 0
            ending = bool(flags & END_STREAM)   # the stream ends with this header block
            if ending and flags & END_HEADERS:
                return status
        elif kind == CONTINUATION and stream == 1 and ending and flags & END_HEADERS:
            return status
        elif kind == DATA and stream == 1 and flags & END_STREAM:
            return status


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
    ap.add_argument("--h2", action="store_true", help="HTTP/2: h2c by prior knowledge, or h2 by ALPN with --tls")
    args = ap.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < args.count + 64:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, args.count + 1024), hard))

    request = ("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUser-Agent: portico-bench-idle\r\n\r\n"
               % (args.path, args.port)).encode("ascii")
    tls = ssl.create_default_context()
    tls.check_hostname = False
    tls.verify_mode = ssl.CERT_NONE
    if args.h2:
        tls.set_alpn_protocols(["h2"])
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
            if args.h2:
                if args.tls and s.selected_alpn_protocol() != "h2":
                    print("failed: ALPN chose %r, not h2, on connection %d" % (s.selected_alpn_protocol(), i), flush=True)
                    return 1
                status = h2_get(s, "https" if args.tls else "http", "127.0.0.1:%d" % args.port, args.path)
            else:
                s.sendall(request)
                status = read_response(s)
            if status != 200:
                print("failed: status %s on connection %d" % (status if status else "other than 200", i), flush=True)
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
