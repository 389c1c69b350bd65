"""An HTTP server rtc did not write, for the poll and longpoll tests: Python's http.server, standard library only.

Usage: poll_server.py ; binds 127.0.0.1 on a free port and prints the port, then serves until killed.
Every request is remembered; GET /_log returns them, one JSON object per line, so a test can check
exactly what rtc sent (method, path, the headers that matter, the body).

Routes (state is per server process):
  POST /_bump/NAME       the resource NAME gets a new version (its body and validators change)
  GET  /etag/NAME        body "NAME v<n>", ETag "<n>"; a matching If-None-Match gets 304
  GET  /lastmod/NAME     body "NAME v<n>", Last-Modified; If-Modified-Since not older gets 304
  GET  /plain/NAME       body "NAME v<n>", no validators at all
  GET  /items?since=N    JSON {"items":[...],"next":N}: the items after N of a list that grows by one per request
  GET  /json/BODY        the rest of the path, URL-decoded, as an application/json body
  GET  /status/CODE      that status with body "status CODE" (none for 204/304)
  GET  /empty            200 with an empty body
  GET  /binary           200 with four bytes that are not UTF-8
  ANY  /flaky/N          503 for the first N requests, then 200 "recovered"
  GET  /longpoll?since=N 204 twice, then the next message as {"id":N+1,"data":"m<N+1>"}; ids grow forever
  ANY  /echo             200 with {"method","headers":{lower-case name: value},"body"} of the request
  GET  /drop             closes the connection without an answer
  GET  /wobbly           "one", then a dropped connection, then "three", "four", …
  GET  /drops/K          "first", then K dropped connections, then "after K drops"
"""
import json
import sys
import threading
import time
import urllib.parse
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOCK = threading.Lock()
LOG = []
VERSIONS = {}
COUNTERS = {}
ITEMS = []


def version(name):
    return VERSIONS.setdefault(name, [1, time.time() - 60])


def count(key):
    with LOCK:
        COUNTERS[key] = COUNTERS.get(key, 0) + 1
        return COUNTERS[key]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def reply(self, status, body=b"", content_type="text/plain; charset=utf-8", headers=()):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        if status not in (204, 304):
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status not in (204, 304) and self.command != "HEAD":
            self.wfile.write(body)

    def handle_any(self):
        payload = self.body()
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        parts = url.path.strip("/").split("/", 1)
        route, arg = parts[0], (parts[1] if len(parts) > 1 else "")
        if route != "_log":
            with LOCK:
                LOG.append({
                    "method": self.command, "path": self.path,
                    "if-none-match": self.headers.get("If-None-Match"),
                    "if-modified-since": self.headers.get("If-Modified-Since"),
                    "body": payload.decode("utf-8", "replace"),
                })
        if route == "_log":
            with LOCK:
                text = "".join(json.dumps(e) + "\n" for e in LOG)
            return self.reply(200, text.encode(), "application/x-ndjson")
        if route == "_bump":
            with LOCK:
                v = version(arg)
                v[0] += 1
                v[1] = v[1] + 10
            return self.reply(200, b"bumped")
        if route in ("etag", "lastmod", "plain"):
            with LOCK:
                n, modified = version(arg)
            body = f"{arg} v{n}".encode()
            if route == "etag":
                tag = f'"{n}"'
                if self.headers.get("If-None-Match") == tag:
                    return self.reply(304, headers=[("ETag", tag)])
                return self.reply(200, body, headers=[("ETag", tag)])
            if route == "lastmod":
                stamp = formatdate(modified, usegmt=True)
                since = self.headers.get("If-Modified-Since")
                if since and parsedate_to_datetime(since).timestamp() >= int(modified):
                    return self.reply(304, headers=[("Last-Modified", stamp)])
                return self.reply(200, body, headers=[("Last-Modified", stamp)])
            return self.reply(200, body)
        if route == "items":
            since = int(query.get("since", ["0"])[0])
            with LOCK:
                ITEMS.append(len(ITEMS) + 1)
                after = [i for i in ITEMS if i > since]
                nxt = ITEMS[-1]
            return self.reply(200, json.dumps({"items": after, "next": nxt}).encode(), "application/json")
        if route == "json":
            return self.reply(200, urllib.parse.unquote(arg).encode(), "application/json")
        if route == "status":
            code = int(arg)
            return self.reply(code, f"status {code}".encode())
        if route == "empty":
            return self.reply(200, b"")
        if route == "binary":
            return self.reply(200, b"\xff\x00\xfe\x01", "application/octet-stream")
        if route == "flaky":
            if count("flaky/" + arg) <= int(arg):
                return self.reply(503, b"busy")
            return self.reply(200, b"recovered")
        if route == "longpoll":
            since = int(query.get("since", ["0"])[0])
            if count("longpoll/" + str(since)) <= 2:
                return self.reply(204)
            return self.reply(200, json.dumps({"id": since + 1, "data": f"m{since + 1}"}).encode(), "application/json")
        if route == "echo":
            headers = {k.lower(): v for k, v in self.headers.items()}
            return self.reply(200, json.dumps({"method": self.command, "headers": headers,
                                               "body": payload.decode("utf-8", "replace")}).encode(),
                              "application/json")
        if route == "drops":
            n = count("drops/" + arg)
            if n == 1:
                return self.reply(200, b"first")
            if n > int(arg) + 1:
                return self.reply(200, f"after {arg} drops".encode())
            route = "drop"
        if route == "wobbly":
            n = count("wobbly")
            if n != 2:
                return self.reply(200, ["one", "", "three", "four", "five"][min(n, 5) - 1].encode())
            route = "drop"
        if route == "drop":
            self.close_connection = True
            self.connection.shutdown(2)
            return
        return self.reply(404, b"no such route")

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = handle_any


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
