#!/usr/bin/env python3
"""Open the rendered book in a real, headless Chromium and check every page a reader can reach.

    python3 tests/book/browser_check.py [--html book/_build/html] [-k PAGE] [--screenshot]

The book (built by `make book`: book/_build/html, with the single-page book in its folder
singlehtml/) is served over HTTP on the loopback by this script, as a web host would serve it,
and Chromium is driven through its DevTools protocol (a small WebSocket client below, standard
library only), in a 1280 x 900 viewport. For every page (the front page, setup, every chapter,
every reference page, the glossary, the interface index, the general index, and the single-page
book) it prints one line per check:

    PASS <page>: <check>            or            FAIL <page>: <check>: <reason>

Checks on every page: it loads (HTTP 200 and the browser's load event); every internal link
points to a file that exists and, when it has a #fragment, to an id in that file; every image
(<img>, and the <object> elements Sphinx uses for SVG diagrams) has really been loaded and
decoded by the browser; every code listing (a highlighted block outside the chapter diff, other
than the plain "::" blocks) has a caption that names its file, and a source listing's caption
links to an existing line anchor of its file's page (_sources-code/<path>.html#L<n>); no listing
is clipped (every folded block opened first: a <pre> whose content is wider than its box fails,
naming the file and its longest line); no diagram is wider than the text column. On every
chapter page: the sections "When it goes wrong", "Review questions" and "Sources" (ids
when-it-goes-wrong, review-questions, sources), at least one code listing besides the diff, and
the chapter diff (a .chapter-diff block with at least one highlighted diff). Every chapter of
shared/chapters.txt must have its page. The search page, asked for "scheduler", must list pages,
each with an excerpt. Exit status 1 when anything failed.

--screenshot also saves a screenshot of a chapter page (--screenshot-page, chapter 04), scrolled
to its first listing, to book/screenshots/chapter-04-scheduler.png (for the README).
"""
from __future__ import annotations

import argparse
import base64
import functools
import html.parser
import http.server
import json
import os
import random
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--disable-extensions", "--hide-scrollbars", "--mute-audio",
    "--no-default-browser-check", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
]


class CheckError(Exception):
    pass


# ---- a minimal WebSocket client (RFC 6455), enough for the DevTools protocol ------------------

class WebSocket:
    def __init__(self, host: str, port: int, path: str, timeout: float):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        request = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                   f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n")
        self.sock.sendall(request.encode())
        response = b""
        while b"\r\n\r\n" not in response:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise CheckError("DevTools closed the connection during the WebSocket handshake")
            response += chunk
        head, self.buffer = response.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise CheckError(f"WebSocket handshake refused: {head.splitlines()[0]!r}")

    def _read(self, n: int) -> bytes:
        while len(self.buffer) < n:
            chunk = self.sock.recv(max(65536, n - len(self.buffer)))
            if not chunk:
                raise CheckError("DevTools closed the connection")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def _send_frame(self, opcode: int, payload: bytes) -> None:
        header = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)

    def send(self, text: str) -> None:
        self._send_frame(0x1, text.encode())

    def receive(self, timeout: float) -> str:
        """The next text message; socket.timeout when none comes within `timeout` seconds."""
        self.sock.settimeout(timeout)
        message = b""
        while True:
            b0, b1 = self._read(2)
            opcode, n = b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            mask = self._read(4) if b1 & 0x80 else None
            payload = self._read(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            if opcode == 0x8:
                raise CheckError("DevTools closed the WebSocket")
            if opcode == 0x9:
                self._send_frame(0xA, payload)
                continue
            if opcode in (0x0, 0x1, 0x2):
                message += payload
                if b0 & 0x80:
                    return message.decode("utf-8", "replace")

    def close(self) -> None:
        try:
            self._send_frame(0x8, b"")
        except OSError:
            pass
        self.sock.close()


class DevTools:
    """Commands and events of the DevTools protocol over one browser connection (flat sessions)."""

    def __init__(self, ws: WebSocket):
        self.ws = ws
        self.next_id = 0
        self.events: list[dict] = []

    def call(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float = 20.0) -> dict:
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        self.ws.send(json.dumps(message))
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise CheckError(f"no answer to {method} within {timeout:.0f} s")
            try:
                reply = json.loads(self.ws.receive(remaining))
            except socket.timeout:
                continue
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise CheckError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_event(self, method: str, session: str, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            for i, event in enumerate(self.events):
                if event["method"] == method and event.get("sessionId") == session:
                    return self.events.pop(i)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise CheckError(f"no {method} within {timeout:.0f} s")
            try:
                message = json.loads(self.ws.receive(remaining))
            except socket.timeout:
                continue
            if "method" in message:
                self.events.append(message)


# ---- the browser ------------------------------------------------------------------------------

class Browser:
    def __init__(self, executable: str, timeout: float):
        self.profile = Path(tempfile.mkdtemp(prefix="book-check-chromium-"))
        self.proc = subprocess.Popen([executable, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile}",
                                      "about:blank"],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        port_file = self.profile / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while not (port_file.exists() and len(port_file.read_text().splitlines()) >= 2):
            if self.proc.poll() is not None:
                raise CheckError(f"chromium exited with status {self.proc.returncode} at start-up")
            if time.monotonic() > deadline:
                raise CheckError(f"chromium did not open its DevTools port within {timeout:.0f} s")
            time.sleep(0.05)
        port, path = port_file.read_text().splitlines()[:2]
        self.devtools = DevTools(WebSocket("127.0.0.1", int(port), path, timeout))
        target = self.devtools.call("Target.createTarget", {"url": "about:blank"})
        attached = self.devtools.call("Target.attachToTarget", {"targetId": target["targetId"], "flatten": True})
        self.session = attached["sessionId"]
        for domain in ("Page.enable", "Runtime.enable"):
            self.devtools.call(domain, session=self.session)
        self.devtools.call("Emulation.setDeviceMetricsOverride",
                           {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False},
                           session=self.session)

    def call(self, method: str, params: dict | None = None, timeout: float = 20.0) -> dict:
        return self.devtools.call(method, params, self.session, timeout)

    def open(self, url: str, timeout: float) -> None:
        self.devtools.events.clear()
        result = self.call("Page.navigate", {"url": url})
        if result.get("errorText"):
            raise CheckError(f"navigation failed: {result['errorText']}")
        self.devtools.wait_event("Page.loadEventFired", self.session, timeout)

    def evaluate(self, expression: str, timeout: float = 20.0):
        result = self.call("Runtime.evaluate", {"expression": expression, "awaitPromise": True,
                                                "returnByValue": True}, timeout)
        if "exceptionDetails" in result:
            raise CheckError(f"script error: {result['exceptionDetails'].get('text')}")
        return result["result"].get("value")

    def screenshot(self, path: Path) -> None:
        data = self.call("Page.captureScreenshot", {"format": "png", "fromSurface": True,
                                                    "captureBeyondViewport": False})["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self.devtools.call("Browser.close", timeout=5)
        except (CheckError, OSError):
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)  # the group this script started, no other
            self.proc.wait(timeout=5)
        shutil.rmtree(self.profile, ignore_errors=True)


# What a page reports about itself, once its images and diagrams had their chance to load.
PAGE_REPORT = r"""
(async () => {
  const deadline = Date.now() + %(wait_ms)d;
  const images = [...document.images];
  const objects = [...document.querySelectorAll('object[data]')];
  const objectDone = o => o.contentDocument && o.contentDocument.readyState === 'complete';
  while (Date.now() < deadline &&
         !(images.every(i => i.complete) && objects.every(objectDone))) {
    await new Promise(r => setTimeout(r, 50));
  }
  const nav = performance.getEntriesByType('navigation')[0];
  const inDiff = e => e.closest('.chapter-diff') !== null;
  // Open every folded block (diffs, answers) so that its listings are laid out and measured.
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const article = document.querySelector('[role=main]') || document.body;
  const column = (() => {  // the content box of the text column
    const r = article.getBoundingClientRect(), s = getComputedStyle(article);
    const left = r.left + parseFloat(s.paddingLeft), right = r.right - parseFloat(s.paddingRight);
    return {left, right, width: right - left};
  })();
  const captionOf = el => {
    const wrapper = el.closest('.literal-block-wrapper');
    const caption = wrapper && wrapper.querySelector(':scope > .code-block-caption');
    if (!caption) return null;
    const text = [...caption.childNodes]
      .filter(n => !(n.classList && n.classList.contains('headerlink')))
      .map(n => n.textContent).join('');
    return {text: text.trim(),
            link: (caption.querySelector('a[href]:not(.headerlink)') || {}).href || null};
  };
  const codeText = pre => {  // the code alone, without Sphinx's inline line numbers
    const copy = pre.cloneNode(true);
    copy.querySelectorAll('.linenos').forEach(n => n.remove());
    return copy.textContent;
  };
  const nameOf = pre => {
    const diff = pre.closest('details.chapter-diff-file');
    if (diff) return 'the diff of ' + diff.querySelector('summary code').textContent;
    const caption = captionOf(pre);
    return caption ? caption.text : 'a listing without caption, starting ' +
      JSON.stringify(codeText(pre).trim().split('\n')[0].slice(0, 60));
  };
  // A code listing: a highlighted block outside the diff, except the plain "::" blocks of the
  // prose (commands to type, expected output), which Sphinx renders as highlight-none.
  const listings = [...document.querySelectorAll('div[class*="highlight-"]')]
    .filter(d => !inDiff(d) && !d.classList.contains('highlight-none'));
  const describeListing = d => {
    const pre = d.querySelector('pre');
    const caption = captionOf(d);
    return {caption: caption && caption.text, link: caption && caption.link,
            capture: !!d.closest('.literal-block-wrapper.capture'),
            start: pre ? codeText(pre).trim().split('\n')[0].slice(0, 60) : ''};
  };
  const clipped = [...document.querySelectorAll('pre')]
    .filter(p => p.getClientRects().length > 0 && p.scrollWidth > p.clientWidth + 1)
    .map(p => {
      const longest = codeText(p).split('\n').reduce((a, b) => b.length > a.length ? b : a, '');
      return {file: nameOf(p), scroll: p.scrollWidth, client: p.clientWidth,
              columns: longest.length, line: longest.trim().slice(0, 70)};
    });
  const diagrams = [...document.querySelectorAll(
      '.graphviz object, .graphviz img, .graphviz svg, object.graphviz, img.graphviz')]
    .filter(e => !e.parentElement.closest('.graphviz svg'))
    .map(e => { const r = e.getBoundingClientRect();
                return {src: e.data || e.src || '(inline svg)', width: Math.round(r.width),
                        over: r.width > column.width + 0.5 || r.right > column.right + 0.5 ||
                              r.left < column.left - 0.5}; })
    .filter(d => d.over);
  const code = [...document.querySelectorAll('div.highlight pre')].filter(p => !inDiff(p));
  const diffs = [...document.querySelectorAll('.chapter-diff div.highlight-diff pre')];
  return {
    status: nav ? nav.responseStatus : 0,
    title: document.title,
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
    resources: [...document.querySelectorAll('link[rel=stylesheet][href], script[src]')]
                 .map(e => e.href || e.src),
    images: images.map(i => ({src: i.currentSrc || i.src, ok: i.complete && i.naturalWidth > 0})),
    objects: objects.map(o => {
      const doc = o.contentDocument;
      const root = doc && doc.documentElement;
      const ok = !!root && root.nodeName.toLowerCase() === 'svg' && o.getBoundingClientRect().width > 0;
      return {src: o.data, ok};
    }),
    code_blocks: code.length,
    listings: listings.map(describeListing),
    clipped: clipped,
    diagrams: diagrams,
    column_width: Math.round(column.width),
    sections: ['when-it-goes-wrong', 'review-questions', 'sources']
                .filter(id => !document.getElementById(id)),
    diff_blocks: diffs.length,
    diff_added_lines: diffs.map(p => p.textContent.split('\n').filter(l => l.startsWith('+')).length)
                           .reduce((a, b) => a + b, 0),
  };
})()
"""


# The screenshot's view: the page scrolled to its first source listing, caption on top, with the
# sidebar (it stays in place) beside it. True when there is such a listing.
SCREENSHOT_VIEW = r"""
(async () => {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline && ![...document.images].every(i => i.complete)) {
    await new Promise(r => setTimeout(r, 50));
  }
  const listing = document.querySelector('.literal-block-wrapper.listing');
  if (!listing) return false;
  window.scrollTo(0, listing.getBoundingClientRect().top + window.scrollY - 160);
  await new Promise(r => setTimeout(r, 1000));  // let the compositor paint the new position
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  return true;
})()
"""


# ---- the static side: files and anchors ------------------------------------------------------

class IdCollector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value or "")


@functools.lru_cache(maxsize=None)
def ids_of(path: Path) -> frozenset[str]:
    collector = IdCollector()
    collector.feed(path.read_text(encoding="utf-8", errors="replace"))
    return frozenset(collector.ids)


def local_file(root: Path, url_path: str) -> Path:
    path = root / unquote(url_path).lstrip("/")
    return path / "index.html" if url_path.endswith("/") or path.is_dir() else path


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class BookServer(http.server.ThreadingHTTPServer):
    # The single-page book asks for its 40-odd diagrams at once; with the default listen backlog
    # of 5, a loaded machine drops connection attempts and Chromium retries them only after
    # seconds, so a diagram could miss the check's wait. A backlog that holds them all.
    request_queue_size = 128


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(QuietHandler, directory=str(root))
    server = BookServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def chapters() -> list[str]:
    lines = (ROOT / "shared" / "chapters.txt").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def pages(html_root: Path) -> list[str]:
    found = [p.relative_to(html_root).as_posix() for p in sorted(html_root.glob("*.html"))]
    for folder in ("chapters", "reference"):
        found += [p.relative_to(html_root).as_posix()
                  for p in sorted(html_root.glob(f"{folder}/*.html"))]
    return sorted(found, key=lambda p: (p != "index.html", p))


# ---- the checks -------------------------------------------------------------------------------

class Report:
    def __init__(self):
        self.failed = 0

    def result(self, name: str, problems: list[str]) -> None:
        if problems:
            self.failed += 1
            more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
            print(f"FAIL {name}: {'; '.join(problems[:3])}{more}", flush=True)
        else:
            print(f"PASS {name}", flush=True)


def check_page(browser: Browser, base: str, served: Path, page: str, report: Report,
               timeout: float, label: str | None = None) -> None:
    """Load `page` from `base` (a URL under which `served`, a folder, is served) and check it."""
    url = f"{base}/{page}"
    page = label or page  # how the report names it
    try:
        browser.open(url, timeout)
        info = browser.evaluate(PAGE_REPORT % {"wait_ms": int(timeout * 1000)}, timeout * 1.5)
    except CheckError as e:
        report.result(f"{page}: loads", [str(e)])
        return
    problems = []
    if info["status"] != 200:
        problems.append(f"HTTP status {info['status']}")
    if not info["title"]:
        problems.append("no title")
    report.result(f"{page}: loads", problems)

    problems, internal = [], 0
    server = urlsplit(base).netloc
    for href in info["links"] + info["resources"]:
        url = urlsplit(href)
        if url.scheme not in ("http", "https") or url.netloc != server:
            continue  # another site, mailto:, javascript:...: not ours to check offline
        internal += 1
        target = local_file(served, url.path)
        if not target.is_file():
            problems.append(f"{url.path} does not exist")
        elif url.fragment and target.suffix == ".html" and unquote(url.fragment) not in ids_of(target):
            problems.append(f"{url.path}#{url.fragment}: no such anchor")
    report.result(f"{page}: internal links ({internal})", sorted(set(problems)))

    pictures = info["images"] + info["objects"]
    def why(src: str) -> str:  # a missing file is a book bug; a present one, a loading problem
        path = urlsplit(src).path
        found = local_file(served, path).is_file()
        return f"{path} did not load ({'the file exists' if found else 'no such file'})"
    problems = [why(p["src"]) for p in pictures if not p["ok"]]
    report.result(f"{page}: images load ({len(pictures)})", problems)

    check_listings(served, base, page, info, report)
    report.result(f"{page}: no clipped listing", [
        f"{c['file']}: {c['scroll']} px of code in {c['client']} px; the longest line has "
        f"{c['columns']} columns: {c['line']!r}" for c in info["clipped"]])
    report.result(f"{page}: diagrams fit the {info['column_width']} px column", [
        f"{urlsplit(d['src']).path or d['src']} is {d['width']} px wide" for d in info["diagrams"]])

    if page.startswith("chapters/"):
        report.result(f"{page}: has the sections When it goes wrong, Review questions, Sources",
                      [f"no section with id {i!r}" for i in info["sections"]])
        report.result(f"{page}: has code listings ({info['code_blocks']})",
                      [] if info["code_blocks"] > 0 else ["no code block outside the diff"])
        ok = info["diff_blocks"] > 0 and info["diff_added_lines"] > 0
        report.result(f"{page}: has the chapter diff ({info['diff_blocks']} files)",
                      [] if ok else ["no .chapter-diff block with a highlighted diff"])


PATH_IN_CAPTION = re.compile(r"(?:^|[\s(])(?:[\w.@+-]+/)+[\w.@+-]+")


def check_listings(served: Path, base: str, page: str, info: dict, report: Report) -> None:
    """Every listing's caption names its file; a source listing's caption links to an existing
    line of the file's page (_sources-code/...#L<n>)."""
    server = urlsplit(base).netloc
    unnamed, broken = [], []
    for listing in info["listings"]:
        caption = listing["caption"]
        if not caption or not PATH_IN_CAPTION.search(caption):
            unnamed.append(f"the listing starting {listing['start']!r} has "
                           f"{'the caption ' + repr(caption) if caption else 'no caption'}, "
                           f"which names no file")
            continue
        if listing["capture"]:
            continue
        if not listing["link"]:
            broken.append(f"{caption}: the caption links nowhere")
            continue
        url = urlsplit(listing["link"])
        target = local_file(served, url.path)
        if url.netloc != server or "/_sources-code/" not in url.path:
            broken.append(f"{caption}: the caption links to {listing['link']}, not to a file page")
        elif not target.is_file():
            broken.append(f"{caption}: {url.path} does not exist")
        elif not url.fragment or unquote(url.fragment) not in ids_of(target):
            broken.append(f"{caption}: {url.path} has no line anchor #{url.fragment}")
    report.result(f"{page}: every listing's caption names its file ({len(info['listings'])})",
                  unnamed)
    report.result(f"{page}: listing captions link to their file's line", broken)


SEARCH_RESULTS = r"""
(async () => {
  const deadline = Date.now() + %(wait_ms)d;
  // A page found by its text (not a C++ symbol, which comes with its own description).
  const results = () => [...document.querySelectorAll('#search-results li')]
                          .filter(li => !li.querySelector(':scope > span'));
  // Done when the search has finished and every page found has its excerpt, or when the time is up.
  const finished = () => /found/.test((document.querySelector('#search-results p.search-summary')
                                       || {}).textContent || '');
  while (Date.now() < deadline &&
         !(finished() && results().every(li => li.querySelector('p.context')))) {
    await new Promise(r => setTimeout(r, 100));
  }
  return results().map(li => ({title: li.querySelector('a').textContent,
                               excerpt: (li.querySelector('p.context') || {}).textContent || ''}));
})()
"""


def check_search(browser: Browser, base: str, report: Report, timeout: float,
                 word: str = "scheduler") -> None:
    """The search page finds `word` and shows an excerpt of each page it found, not its title only."""
    name = f"search.html?q={word}: results with excerpts"
    try:
        browser.open(f"{base}/search.html?q={word}", timeout)
        results = browser.evaluate(SEARCH_RESULTS % {"wait_ms": int(timeout * 1000 / 2)}, timeout)
    except CheckError as e:
        report.result(name, [str(e)])
        return
    problems = [] if results else ["no page found"]
    problems += [f"{r['title']!r} has no excerpt" for r in results if not r["excerpt"].strip()]
    report.result(f"{name} ({len(results)})", problems)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--html", type=Path, default=ROOT / "book" / "_build" / "html")
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    ap.add_argument("--singlehtml", default="singlehtml",
                    help="the single-page book, a folder of the html one")
    ap.add_argument("-k", dest="only", default="",
                    help="check only the pages whose path contains this")
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds for each wait")
    ap.add_argument("--screenshot", action="store_true",
                    help="save book/screenshots/chapter-04-scheduler.png")
    ap.add_argument("--screenshot-page", default="chapters/04-scheduler.html")
    ap.add_argument("--screenshot-out", type=Path,
                    default=ROOT / "book" / "screenshots" / "chapter-04-scheduler.png")
    args = ap.parse_args(argv)

    html_root = args.html.resolve()
    report = Report()
    if not (html_root / "index.html").is_file():
        report.result("book is built", [f"{html_root}/index.html is missing: run `make book`"])
        return 1
    missing = [f"chapters/{c}.html" for c in chapters() if not (html_root / "chapters" / f"{c}.html").is_file()]
    report.result(f"every chapter has its page ({len(chapters())})", [f"{m} is missing" for m in missing])

    served = html_root
    server, base = serve(served)
    started = time.monotonic()
    try:
        browser = Browser(args.chromium, args.timeout)
    except (CheckError, OSError) as e:
        report.result("chromium starts", [str(e)])
        server.shutdown()
        return 1
    try:
        for page in pages(html_root):
            if args.only in page:
                check_page(browser, base, served, page, report, args.timeout)
        if args.only in "search.html":
            check_search(browser, base, report, args.timeout)
        single = f"{args.singlehtml}/index.html"
        if args.only in single:
            if not (html_root / single).is_file():
                report.result("the single-page book",
                              [f"{html_root}/{single} is missing: run `make book`"])
            else:
                check_page(browser, base, served, single, report, args.timeout)
        if args.screenshot:
            try:
                # Tall enough for the whole sidebar (every chapter and reference page).
                browser.call("Emulation.setDeviceMetricsOverride",
                             {"width": 1280, "height": 1280, "deviceScaleFactor": 1,
                              "mobile": False})
                browser.open(f"{base}/{args.screenshot_page}", args.timeout)
                if not browser.evaluate(SCREENSHOT_VIEW, args.timeout):
                    raise CheckError(f"{args.screenshot_page} has no listing with a caption")
                browser.screenshot(args.screenshot_out)
                report.result(f"screenshot {args.screenshot_out}", [])
            except CheckError as e:
                report.result("screenshot", [str(e)])
    finally:
        browser.close()
        server.shutdown()
    print(f"browser check: {len(pages(html_root))} pages in {time.monotonic() - started:.1f} s, "
          f"{report.failed} failed checks", flush=True)
    return 1 if report.failed else 0


if __name__ == "__main__":
    random.seed()
    sys.exit(main(sys.argv[1:]))
