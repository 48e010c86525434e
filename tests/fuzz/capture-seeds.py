#!/usr/bin/env python3
"""Captures the seed corpus of fuzz_request_reader from real HTTP clients.

Usage: tests/fuzz/capture-seeds.py [OUTDIR]   (default: tests/fuzz/corpus next to this script)

A tiny server on 127.0.0.1 records the bytes each client sends on one connection (until the client
has been quiet for a while, so curl's Expect: 100-continue wait is included), answers 200 and closes.
Clients: curl, Python's http.client and requests (when installed), Node's fetch (when node is there).
Guzzle (PHP) is not installed here: its chunked upload of a stream of unknown size goes through
libcurl, so curl with "Transfer-Encoding: chunked" and Guzzle's User-Agent sends the same bytes.
A few seeds are written by hand where no client sends that (pipelining, HTTP/1.0 keep-alive, custom
methods).
Each seed gets the fuzzer's option byte in front (see FuzzRequestReader.cpp); some get read sizes too.
"""

import os
import shutil
import socket
import subprocess
import sys
import threading

QUIET_SECONDS = 1.5
HERE = os.path.dirname(os.path.abspath(__file__))
JSON = b'{"event":"invoices.created","idempotency_key":"26053e97-f78a-4d25-a519-4eed22ba5c41",' \
       b'"environment":"staging","data":{"id":1042,"amount":12.5}}'


class Recorder:
    """Accepts connections one at a time; each connection's bytes become one capture."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.port = self.listener.getsockname()[1]
        self.captures = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            conn, _ = self.listener.accept()
            conn.settimeout(QUIET_SECONDS)
            data = b""
            try:
                while True:
                    chunk = conn.recv(65536)
                    if not chunk:
                        break
                    data += chunk
            except socket.timeout:
                pass
            self.captures.append(data)
            try:
                conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
            except OSError:
                pass
            conn.close()

    def capture(self, run):
        before = len(self.captures)
        run(f"http://127.0.0.1:{self.port}")
        return self.captures[before] if len(self.captures) > before else None


def curl(*args):
    return lambda url: subprocess.run(["curl", "-sS", "-o", "/dev/null", *args[:-1], url + args[-1]], check=True)


def node(script):
    return lambda url: subprocess.run(["node", "-e", script.replace("URL", url)], check=True)


def python(code):
    return lambda url: subprocess.run([sys.executable, "-c", code.replace("URL", url)], check=True)


def seed(options, sizes, stream):
    return bytes([options | (len(sizes) << 2)]) + bytes(s - 1 for s in sizes) + stream


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "corpus")
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, ".body.json"), "wb") as f:
        f.write(JSON)
    body = os.path.join(out, ".body.json")
    binary = os.path.join(out, ".body.bin")
    with open(binary, "wb") as f:
        f.write(bytes(range(256)))

    clients = {
        "curl-post-json": curl("-H", "Content-Type: application/json", "--data-binary", "@" + body, "/webhook"),
        "curl-get-query": curl("/webhook?verify=1&challenge=abc%20def"),
        "curl-expect-100-continue": curl("-H", "Content-Type: application/json", "-H", "Expect: 100-continue",
                                         "--data-binary", "@" + body, "/webhook"),
        "curl-form-urlencoded": curl("-d", "event=invoices.created&amount=12.50&note=a+b%26c", "/form"),
        "curl-multipart": curl("-F", "event=invoices.created", "-F", "file=@" + binary, "/upload"),
        "curl-binary-octet-stream": curl("-H", "Content-Type: application/octet-stream", "--data-binary",
                                         "@" + binary, "/binary"),
        "curl-http10": curl("--http1.0", "-d", "a=1", "/old"),
        "guzzle-chunked": curl("-H", "Transfer-Encoding: chunked", "-H", "User-Agent: GuzzleHttp/7",
                               "-H", "Content-Type: application/json", "--data-binary", "@" + body, "/webhook"),
        "curl-put-chunked-expect": curl("-X", "PUT", "-H", "Transfer-Encoding: chunked", "-H",
                                        "Expect: 100-continue", "--data-binary", "@" + binary, "/put"),
        "node-fetch-json": node("fetch('URL/webhook',{method:'POST',headers:{'content-type':'application/json',"
                                "'x-signature':'t=1,v1=abc'},body:JSON.stringify({event:'payouts.paid',"
                                "data:{id:7}})}).catch(()=>{})"),
        "node-fetch-stream-chunked": node("fetch('URL/stream',{method:'POST',duplex:'half',body:new ReadableStream("
                                          "{start(c){c.enqueue(new TextEncoder().encode('{\"part\":1}'));"
                                          "c.enqueue(new TextEncoder().encode('{\"part\":2}'));c.close()}})})"
                                          ".catch(()=>{})"),
        "python-http-client": python("import http.client,urllib.parse as u;p=u.urlsplit('URL');"
                                     "c=http.client.HTTPConnection(p.hostname,p.port);"
                                     "c.request('POST','/hook',body=b'{\"a\":1}',headers={'Content-Type':"
                                     "'application/json'});c.getresponse().read()"),
    }
    try:
        import requests  # noqa: F401
        clients["python-requests-json"] = python("import requests;requests.post('URL/webhook',json={'event':"
                                                 "'refunds.created','data':{'id':3}})")
        clients["python-requests-chunked"] = python("import requests;requests.post('URL/gen',data=(p for p in "
                                                    "[b'first',b'second',b'']))")
        clients["python-requests-form"] = python("import requests;requests.post('URL/form',data={'k':'v w',"
                                                 "'x':'1&2'})")
    except ImportError:
        print("python requests not installed: its seeds are skipped", file=sys.stderr)
    if not shutil.which("node"):
        clients = {k: v for k, v in clients.items() if not k.startswith("node-")}

    recorder = Recorder()
    streams = {}
    for name, run in clients.items():
        data = recorder.capture(run)
        if not data:
            print(f"{name}: nothing captured", file=sys.stderr)
            continue
        # The recorder's port changes from run to run; Hookscope's default keeps the seeds stable.
        streams[name] = data.replace(f"127.0.0.1:{recorder.port}".encode(), b"127.0.0.1:8787")

    # By hand: what the clients above don't send.
    host = b"Host: 127.0.0.1\r\n"
    streams["pipelined-three"] = (
        b"POST /one HTTP/1.1\r\n" + host + b"Content-Length: 3\r\n\r\none"
        + b"POST /two HTTP/1.1\r\n" + host + b"Transfer-Encoding: chunked\r\n\r\n3\r\ntwo\r\n0\r\nX-T: 1\r\n\r\n"
        + b"GET /three HTTP/1.1\r\n" + host + b"Connection: close\r\n\r\n")
    streams["http10-keep-alive-twice"] = (
        b"POST /a HTTP/1.0\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nhi"
        + b"GET /b HTTP/1.0\r\n\r\n")
    streams["chunked-extensions-trailers"] = (
        b"POST / HTTP/1.1\r\n" + host + b"Transfer-Encoding: chunked\r\n\r\n"
        b"5;name=value\r\nhello\r\n6;a;b=\"q\"\r\n world\r\n0\r\nX-Checksum: 90015098\r\n\r\n")
    streams["smuggling-cl-te"] = (
        b"POST / HTTP/1.1\r\n" + host + b"Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        b"GET /smuggled HTTP/1.1\r\n" + host + b"\r\n")
    streams["obs-fold"] = b"GET / HTTP/1.1\r\n" + host + b"X-Folded: a\r\n b\r\n\r\n"
    streams["upgrade-websocket"] = (
        b"GET /ws HTTP/1.1\r\n" + host + b"Connection: Upgrade\r\nUpgrade: websocket\r\n"
        b"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n\x81\x85abcd")
    streams["connect"] = b"CONNECT 127.0.0.1:443 HTTP/1.1\r\n" + host + b"\r\n\x16\x03\x01"
    # Methods llhttp doesn't know (RFC 9110 9.1: any token), one lowercase, between known ones.
    streams["custom-method"] = (
        b"FOO /one HTTP/1.1\r\n" + host + b"Content-Length: 5\r\n\r\nhello"
        + b"purge-all /two HTTP/1.1\r\n" + host + b"Expect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"3\r\ntwo\r\n0\r\n\r\n"
        + b"GET /three HTTP/1.1\r\n" + host + b"Connection: close\r\n\r\n")
    streams["http2-preface"] = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00\x00\x04\x00\x00\x00\x00\x00"

    for name, data in sorted(streams.items()):
        with open(os.path.join(out, name), "wb") as f:
            f.write(seed(0, [], data))
    # The same streams cut into small reads, under the tests' small limits.
    for name in ["curl-expect-100-continue", "guzzle-chunked", "pipelined-three", "node-fetch-json"]:
        if name in streams:
            with open(os.path.join(out, name + "-split"), "wb") as f:
                f.write(seed(1, [1, 7, 13, 2], streams[name]))
    os.remove(body)
    os.remove(binary)
    print(f"{len(os.listdir(out))} seeds in {out}")


if __name__ == "__main__":
    main()
