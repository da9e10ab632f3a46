"""The report and the plan as a reader opens them: headless Chromium, every chart loaded, no errors.

Chromium is driven over the DevTools protocol (CDP) with tornado's websocket client (tornado
comes with ipykernel, so no extra dependency). Each page opens in a fresh tab; the test collects
what the browser reports while loading (uncaught exceptions, console errors, failed requests),
then asks the page for every ``<img>``'s ``naturalWidth`` and saves a full-page screenshot into
the test's tmp folder.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import dataclasses
import json
import os
import re
import shutil
import signal
import subprocess
import threading
import urllib.request
from pathlib import Path

import pytest

from yeji_analysis.commands.main import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"
CHROMIUM = shutil.which("chromium")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no browser: `chromium` is not on PATH "
                                "(Debian: apt-get install chromium; .ci/run installs it)")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--no-first-run", "--disable-sync", "--hide-scrollbars",
         "--remote-debugging-port=0"]
WIDTH, HEIGHT = 1280, 900


# ----------------------------------------------------------------------------- the browser
@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """One headless Chromium for the module; yields its DevTools port."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    proc = subprocess.Popen([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--window-size={WIDTH},{HEIGHT}",
                             "about:blank"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    seen = []
    try:
        for line in proc.stderr:  # "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID"
            seen.append(line)
            m = re.search(r"DevTools listening on ws://[^:]+:(\d+)/", line)
            if m:
                break
        else:
            pytest.fail("chromium did not start:\n" + "".join(seen[-20:]))
        # keep reading stderr so the browser never blocks on a full pipe
        threading.Thread(target=proc.stderr.read, daemon=True).start()
        yield int(m.group(1))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
        with contextlib.suppress(ProcessLookupError):  # its helpers (renderer, zygote): our own session
            os.killpg(proc.pid, signal.SIGKILL)


@dataclasses.dataclass
class Page:
    """What one page load showed: its images, the errors reported, the URLs fetched, the links."""

    images: list[dict]
    errors: list[str]
    urls: list[str]
    links: list[str]
    title: str
    screenshot: bytes
    tables: list[dict] = dataclasses.field(default_factory=list)


CHECK = """
Promise.all([...document.images].map(i => i.decode().catch(() => null))).then(() => JSON.stringify({
  images: [...document.images].map(i => ({src: i.getAttribute('src').slice(0, 60), complete: i.complete,
                                           naturalWidth: i.naturalWidth, naturalHeight: i.naturalHeight})),
  links: [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href')),
  title: document.title,
  height: Math.ceil(document.documentElement.scrollHeight),
}))
"""


def _errors(events: list[dict]) -> list[str]:
    out = []
    for e in events:
        m, p = e.get("method"), e.get("params", {})
        if m == "Runtime.exceptionThrown":
            d = p["exceptionDetails"]
            out.append(f"exception: {d.get('exception', {}).get('description') or d.get('text')}")
        elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
            out.append("console." + p["type"] + ": " + " ".join(str(a.get("value", a.get("description")))
                                                                for a in p.get("args", [])))
        elif m == "Log.entryAdded" and p["entry"]["level"] == "error":
            out.append(f"log: {p['entry']['text']} {p['entry'].get('url', '')}")
        elif m == "Network.loadingFailed":
            out.append(f"failed load: {p.get('type')} {p.get('errorText')}")
        elif m == "Network.responseReceived" and p["response"].get("status", 0) >= 400:
            out.append(f"HTTP {p['response']['status']}: {p['response']['url']}")
    return out


#: every table on the page: its heading, right edge (px), and the cells showing a figure that are not right-aligned
TABLES = r"""JSON.stringify([...document.querySelectorAll('table')].map(t => {
  let head = '', h = t;
  while (h && !head) {
    let p = h.previousElementSibling;
    while (p && !/^H[1-4]$/.test(p.tagName) && !p.querySelector('h2,h3,h4')) p = p.previousElementSibling;
    if (p) head = (/^H[1-4]$/.test(p.tagName) ? p : [...p.querySelectorAll('h2,h3,h4')].pop()).innerText;
    h = h.parentElement;
  }
  const figures = [...t.querySelectorAll('td')].filter(td => /^[-+−]?\d[\d,]*(\.\d+)?%?$/.test(td.innerText.trim()));
  const mid = [...t.querySelectorAll('td.yeji-mid')].map(td => td.getBoundingClientRect().width / parseFloat(getComputedStyle(td).fontSize));
  return {head, right: t.getBoundingClientRect().right, figures: figures.length,
          not_right: figures.filter(td => getComputedStyle(td).textAlign !== 'right').map(td => td.innerText.trim()),
          mid_em: mid.length ? Math.min(...mid) : null};
}))"""


async def _open(port: int, url: str, width: int = WIDTH) -> Page:
    from tornado.websocket import websocket_connect

    version = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/version", timeout=10))
    browser = await websocket_connect(version["webSocketDebuggerUrl"])
    counter, events = [0], []

    async def call(conn, method, **params):
        counter[0] += 1
        mid = counter[0]
        conn.write_message(json.dumps({"id": mid, "method": method, "params": params}))
        while True:
            raw = await conn.read_message()
            assert raw is not None, f"DevTools connection closed during {method}"
            msg = json.loads(raw)
            if msg.get("id") == mid:
                assert "error" not in msg, f"{method}: {msg['error']}"
                return msg["result"]
            events.append(msg)

    target = (await call(browser, "Target.createTarget", url="about:blank"))["targetId"]
    page = await websocket_connect(f"ws://127.0.0.1:{port}/devtools/page/{target}", max_message_size=1 << 28)
    try:
        for domain in ("Page", "Runtime", "Log", "Network"):
            await call(page, f"{domain}.enable")
        await call(page, "Emulation.setDeviceMetricsOverride", width=width, height=HEIGHT, deviceScaleFactor=1,
                   mobile=False)
        events.clear()
        await call(page, "Page.navigate", url=url)
        while not any(e.get("method") == "Page.loadEventFired" for e in events):
            raw = await page.read_message()
            assert raw is not None, "DevTools connection closed while loading"
            events.append(json.loads(raw))
        got = await call(page, "Runtime.evaluate", expression=CHECK, awaitPromise=True, returnByValue=True)
        assert "exceptionDetails" not in got, got
        info = json.loads(got["result"]["value"])
        tables = await call(page, "Runtime.evaluate", expression=TABLES, returnByValue=True)
        shot = await call(page, "Page.captureScreenshot", format="png", captureBeyondViewport=True,
                          clip={"x": 0, "y": 0, "width": width, "height": min(info["height"], 16000), "scale": 1})
        urls = [e["params"]["request"]["url"] for e in events if e.get("method") == "Network.requestWillBeSent"]
        return Page(info["images"], _errors(events), urls, info["links"], info["title"],
                    base64.b64decode(shot["data"]), json.loads(tables["result"]["value"]))
    finally:
        page.close()
        await call(browser, "Target.closeTarget", targetId=target)
        browser.close()


def open_page(port: int, path: Path, shot: Path, width: int = WIDTH) -> Page:
    """Load ``path`` in a new tab ``width`` pixels wide, wait for it, check it, save a screenshot as ``shot``."""
    page = asyncio.run(asyncio.wait_for(_open(port, path.resolve().as_uri(), width), timeout=60))
    shot.write_bytes(page.screenshot)
    return page


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def assert_clean(page: Page, source: Path) -> None:
    """Every image loaded, nothing failed, nothing fetched from outside the report folder."""
    html = source.read_text(encoding="utf-8")
    assert len(page.images) == len(re.findall(r"<img\b", html))
    bad = [i for i in page.images if not (i["complete"] and i["naturalWidth"] > 0 and i["naturalHeight"] > 0)]
    assert bad == []
    assert page.errors == []
    assert [u for u in page.urls if not u.startswith(("file:", "data:"))] == []  # opens offline
    w, h = _png_size(page.screenshot)
    assert w in (WIDTH, 1400) and h >= min(HEIGHT, 200)


# ----------------------------------------------------------------------------- the outputs
@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    """`yeji report` on the sample, the whole campaign, into <tmp>/reports/campaign."""
    out = tmp_path_factory.mktemp("run") / "reports" / "campaign"
    assert main(["report", str(SAMPLE), "--period", "campaign", "--out", str(out),
                 "--index", str(out.parent / "index.html")]) == 0
    return out


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("run") / "plans" / "sept"
    assert main(["plan", str(SAMPLE), "--from", "2021-09-01", "--to", "2021-09-30", "--out", str(out)]) == 0
    return out


def test_report_page_loads_every_chart_without_errors(browser, report, tmp_path):
    src = report / "retrospective.html"
    page = open_page(browser, src, tmp_path / "retrospective.png")
    # the campaign report carries its charts as inline PNGs: all of them decoded
    assert len(page.images) >= 5 and all(i["src"].startswith("data:image/png;base64,") for i in page.images)
    assert_clean(page, src)
    assert "叶集区" in page.title
    assert _png_size(page.screenshot)[1] > HEIGHT  # the whole page, not just the first screen
    assert (tmp_path / "retrospective.png").stat().st_size > 10_000


@pytest.mark.parametrize("which", ["period", "parent"])
def test_index_pages_load_and_their_links_point_at_files(browser, report, tmp_path, which):
    src = report / "index.html" if which == "period" else report.parent / "index.html"
    page = open_page(browser, src, tmp_path / f"index-{which}.png")
    assert_clean(page, src)
    assert page.links, "an index page links the report's files"
    for href in page.links:
        assert (src.parent / href).is_file(), href
    wanted = {"retrospective.html", "dispatch.xlsx"} if which == "period" else {"campaign/retrospective.html"}
    assert wanted <= set(page.links)


def test_plan_page_loads_without_errors(browser, plan, tmp_path):
    src = plan / "roadshow_plan.html"
    page = open_page(browser, src, tmp_path / "roadshow_plan.png")
    assert len(page.images) >= 1  # the route map
    assert_clean(page, src)
    assert "推介路线" in page.title


def test_plan_tables_fit_a_1400px_window_with_numbers_right_aligned(browser, plan, tmp_path):
    src = plan / "roadshow_plan.html"
    page = open_page(browser, src, tmp_path / "roadshow_plan-1400.png", width=1400)
    assert_clean(page, src)
    heads = [t["head"] for t in page.tables]
    assert "各区域拜访对象（按得分排序）" in heads and "逐日日程" in heads  # the widest views are measured
    for t in page.tables:
        assert t["right"] <= 1400, t["head"]  # nothing cut off at the right
        assert t["not_right"] == [], t["head"]
    assert sum(t["figures"] for t in page.tables) > 100


def test_report_figures_right_aligned(browser, report, tmp_path):
    page = open_page(browser, report / "retrospective.html", tmp_path / "report-1400.png", width=1400)
    assert sum(t["figures"] for t in page.tables) > 100
    assert [(t["head"], t["not_right"]) for t in page.tables if t["not_right"]] == []


def test_report_name_columns_are_at_least_four_and_a_half_characters_wide_on_screen(browser, report, tmp_path):
    # html_table(wide=...) columns (the scoreboard's 单位/招商小组, the region tables' 区域) print at least 4.5 characters
    # wide; on screen they were as narrow as a table of many columns squeezed them (临/沂 a character a line at
    # 1280 px). Each such cell, measured in its own font size, is at least 4.5 em wide, in the three tables that have them
    page = open_page(browser, report / "retrospective.html", tmp_path / "report-names.png")
    widths = {t["head"]: t["mid_em"] for t in page.tables if t["mid_em"] is not None}
    assert len(widths) >= 3, widths
    assert all(w >= 4.5 - 0.01 for w in widths.values()), widths


def test_the_table_check_sees_a_cut_table_and_a_left_number(browser, tmp_path):
    # the control: a table wider than the window, with a left-aligned figure, is caught
    page_file = tmp_path / "wide.html"
    page_file.write_text("<html><body><h2>宽表</h2><table><tr><td style='text-align:left'>1,234</td>"
                         "<td style='white-space:nowrap'>" + "很长的文字" * 80 + "</td></tr></table></body></html>",
                         encoding="utf-8")
    page = open_page(browser, page_file, tmp_path / "wide.png", width=1400)
    assert page.tables[0]["head"] == "宽表"
    assert page.tables[0]["right"] > 1400 and page.tables[0]["not_right"] == ["1,234"]


def test_the_check_sees_a_broken_image_and_a_script_error(browser, report, tmp_path):
    # the control: a copy of the report with a missing image and a failing script must be caught
    html = (report / "retrospective.html").read_text(encoding="utf-8")
    broken = tmp_path / "broken.html"
    bad = '<img src="missing-chart.png"><script>console.error("bad chart"); null.x;</script>'
    broken.write_text(re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + bad, html, count=1), encoding="utf-8")
    page = open_page(browser, broken, tmp_path / "broken.png")
    missing = [i for i in page.images if i["src"] == "missing-chart.png"]
    assert len(missing) == 1 and missing[0]["naturalWidth"] == 0
    text = "\n".join(page.errors)
    assert "ERR_FILE_NOT_FOUND" in text and "console.error: bad chart" in text and "TypeError" in text
    with pytest.raises(AssertionError):
        assert_clean(page, broken)
