#!/usr/bin/env python3
"""Loads pages in headless Chromium, fails on any console error, uncaught exception or failed load, and saves a
PNG of each page.

Chromium is driven over the DevTools protocol on a pipe (--remote-debugging-pipe: JSON messages separated by NUL
bytes on file descriptors 3 and 4), so the standard library is enough. A page is done when its scripts set
data-ready on <html> (the dashboard does so once every chart has loaded), or after --timeout seconds.

usage: check-pages.py [--out DIR] [--width W] [--height H] NAME=URL...
"""
import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import time


class Browser:
    def __init__(self, binary, width, height):
        to_chrome_read, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_write = os.pipe()
        self.process = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--remote-debugging-pipe", f"--window-size={width},{height}", "about:blank"],
            close_fds=False, preexec_fn=lambda: Browser.place_pipes(to_chrome_read, from_chrome_write),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_read)
        os.close(from_chrome_write)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    @staticmethod
    def place_pipes(reading, writing):
        """In the child: Chromium reads commands on fd 3 and writes on fd 4. Moved out of the way first, so
        neither dup2 overwrites the other's source."""
        reading, writing = os.dup(reading), os.dup(writing)
        os.dup2(reading, 3)
        os.dup2(writing, 4)

    def send(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            reply = self.read()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def read(self):
        while b"\0" not in self.buffer:
            chunk = os.read(self.from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def close(self):
        try:
            self.send("Browser.close")
        except RuntimeError:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def problems_in(events, session):
    """The console errors, exceptions and failed loads among the session's events."""
    found = []
    for event in events:
        if event.get("sessionId") != session:
            continue
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            found.append("console.error: " + " ".join(str(a.get("value", a.get("description", ""))) for a in params.get("args", [])))
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            found.append("uncaught: " + details.get("exception", {}).get("description", details.get("text", "")))
        elif method == "Log.entryAdded" and params.get("entry", {}).get("level") == "error":
            entry = params["entry"]
            found.append(f"{entry.get('source')}: {entry.get('text')} {entry.get('url', '')}".strip())
    return found


def check(browser, name, url, out, timeout):
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Runtime", "Log", "Page"):
        browser.send(f"{domain}.enable", session=session)
    browser.send("Page.navigate", {"url": url}, session=session)
    deadline = time.time() + timeout
    ready = False
    while time.time() < deadline:
        state = browser.send("Runtime.evaluate", {
            "expression": "document.readyState === 'complete' && document.documentElement.dataset.ready === '1'",
            "returnByValue": True}, session=session)
        if state.get("result", {}).get("value") is True:
            ready = True
            break
        time.sleep(0.2)
    problems = problems_in(browser.events, session)
    if not ready:
        problems.append(f"the page did not finish within {timeout} s (no data-ready)")
    if out:
        metrics = browser.send("Page.getLayoutMetrics", session=session)
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        shot = browser.send("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 2400), "scale": 1}},
            session=session)
        path = os.path.join(out, f"{name}.png")
        with open(path, "wb") as file:
            file.write(base64.b64decode(shot["data"]))
        print(f"{name}: saved {path}")
    browser.send("Target.closeTarget", {"targetId": target})
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", help="folder for the PNGs; none are saved without it")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--timeout", type=float, default=20)
    parser.add_argument("pages", nargs="+", metavar="NAME=URL")
    arguments = parser.parse_args()
    binary = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not binary:
        sys.exit("check-pages: no chromium on PATH (apt-get install chromium)")
    if arguments.out:
        os.makedirs(arguments.out, exist_ok=True)
    browser = Browser(binary, arguments.width, arguments.height)
    failed = False
    try:
        for page in arguments.pages:
            name, _, url = page.partition("=")
            problems = check(browser, name, url, arguments.out, arguments.timeout)
            for problem in problems:
                print(f"{name}: {problem}", file=sys.stderr)
            print(f"{name}: {url}: {'ok' if not problems else str(len(problems)) + ' problem(s)'}")
            failed = failed or bool(problems)
    finally:
        browser.close()
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
