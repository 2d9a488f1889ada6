#!/usr/bin/env python3
"""idle.py - memory per idle keep-alive client connection of one proxy.

    idle.py MASTER_PID PORT [N]

Opens N (default 10 000) client connections to 127.0.0.1:PORT, sends one
keep-alive GET on each and reads its whole response (Content-Length),
then leaves them all open and idle.  RSS is summed over the proxy's
processes (MASTER_PID and all its descendants, /proc/PID/status VmRSS)
before the first connection and again once all are idle; the script
prints one line "rss_before_kb rss_after_kb per_conn_bytes n".
Standard library only; loopback only.
"""
import os
import selectors
import socket
import sys
import time

REQ = b"GET / HTTP/1.1\r\nHost: idle\r\n\r\n"


def tree(root):
    kids = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    st = f.read()
            except OSError:
                continue
            ppid = int(st[st.rfind(")") + 2:].split()[1])
            kids.setdefault(ppid, []).append(int(d))
    out, todo = [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def rss_kb(root):
    tot = 0
    for p in tree(root):
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        tot += int(line.split()[1])
        except OSError:
            pass
    return tot


def complete(buf):
    end = buf.find(b"\r\n\r\n")
    if end < 0:
        return False
    clen = 0
    for line in buf[:end].split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            clen = int(value)
    return len(buf) >= end + 4 + clen


def main():
    master, port = int(sys.argv[1]), int(sys.argv[2])
    n = int(sys.argv[3]) if len(sys.argv) > 3 else 10000
    before = rss_kb(master)
    sel = selectors.DefaultSelector()
    socks, pending, batch = [], 0, 200
    while len(socks) < n or pending:
        while len(socks) < n and pending < batch:
            s = socket.create_connection(("127.0.0.1", port))
            s.sendall(REQ)
            s.setblocking(False)
            socks.append(s)
            sel.register(s, selectors.EVENT_READ, [b""])
            pending += 1
        for key, _ in sel.select(timeout=5):
            data = key.fileobj.recv(65536)
            if not data:
                sys.exit(f"connection {key.fileobj.fileno()} closed early")
            key.data[0] += data
            if complete(key.data[0]):
                sel.unregister(key.fileobj)
                pending -= 1
    time.sleep(2)
    after = rss_kb(master)
    alive = sum(1 for s in socks if s.fileno() != -1)
    print(before, after, round((after - before) * 1024 / alive), alive)
    for s in socks:
        s.close()


if __name__ == "__main__":
    main()
