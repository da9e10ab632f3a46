"""The PDF copy of a page (export_pdf), read back with poppler's pdftotext / pdfinfo / pdffonts.

A small hand-made page: a title, a short first section, and a second section holding a 120-row
table. Worked by hand: the first section fits on page 1 with the title; the second section starts a
new page (page 2); 120 rows of one line each do not fit on one A4 page, so the table runs over at
least two pages (2 and 3) and its header row is printed on each of them; the running header (the
title and period given) is on every page but the first, and every page carries "第 N 页 / 共 M 页".
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from yeji_analysis.commands.render import export_pdf

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None,
                                reason="no pdftotext (Debian: apt-get install poppler-utils; setup.sh --test installs it)")

HEADER = "叶集区阶段报告·2021年8月"
ROWS = 120


def _page() -> str:
    rows = "".join(f'<tr><td>第{i}行单位</td><td class="num">{i * 10}</td></tr>' for i in range(1, ROWS + 1))
    return ("<!DOCTYPE html><html lang='zh'><head><meta charset='utf-8'><title>t</title></head><body>"
            "<h1>叶集区“双招双引”阶段报告</h1>"
            "<div class='yeji-section'><h2>一、总体进度</h2><p>外出招商共 333 次。</p></div>"
            "<div class='yeji-section'><h2>二、各单位达标</h2>"
            "<table class='yeji-table'><thead><tr><th>单位名称</th><th>外出次数</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></div></body></html>")


def _pages(pdf) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    # pdftotext ends every page with a form feed; it drops or adds spaces next to CJK text: compare without
    return [re.sub(r"[ \t]+", "", p) for p in text.split("\f")[:-1]]


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    d = tmp_path_factory.mktemp("pdf")
    (d / "page.html").write_text(_page(), encoding="utf-8")
    return export_pdf(d / "page.html", d / "page.pdf", header=HEADER)


def test_a4_with_the_first_section_on_the_title_page(pdf):
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info), info
    pages = _pages(pdf)
    assert len(pages) >= 3, len(pages)
    assert "叶集区“双招双引”阶段报告" in pages[0] and "一、总体进度" in pages[0]
    assert "外出招商共333次" in pages[0]
    assert "二、各单位达标" not in pages[0] and "二、各单位达标" in pages[1]


def test_running_header_and_page_numbers(pdf):
    pages = _pages(pdf)
    n = len(pages)
    assert HEADER not in pages[0]
    for k, page in enumerate(pages, start=1):
        assert f"第{k}页/共{n}页" in page, (k, page[-200:])
        if k > 1:
            assert HEADER in page, k


def test_an_english_page_is_numbered_in_english(tmp_path):
    # the same page printed for an English report: every page says "Page N of M" (M pages counted), none 第 N 页
    (tmp_path / "page.html").write_text(_page(), encoding="utf-8")
    pages = _pages(export_pdf(tmp_path / "page.html", tmp_path / "en.pdf", header=HEADER, lang="en"))
    n = len(pages)
    for k, page in enumerate(pages, start=1):
        assert f"Page{k}of{n}" in page and "页" not in page[-40:], (k, page[-200:])


def _right_edges(pdf) -> list[tuple[float, float]]:
    """(page width, the rightmost x any word of the page reaches) of each page, in points (pdftotext -bbox)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [(float(re.search(r'width="([\d.]+)"', p).group(1)),
             max((float(x) for x in re.findall(r'xMax="([\d.]+)"', p)), default=0.0)) for p in out.split("<page ")[1:]]


def test_an_english_table_of_many_columns_fits_its_page(tmp_path):
    # The English report's scoreboard (15 columns, headers such as "receptions this window") ran off the portrait page:
    # English headers' words were not broken, their widths alone wider than the page. By hand: 15 columns whose
    # headers are one 12-letter word each, about 6.6 em at 8 pt (~53 pt) plus 8 pt padding: ~915 pt of words, against
    # 523 pt between the margins of A4 (595 pt less 2 x 36). Printed, every word of the page lies within the right
    # margin (x <= 559 pt); the Chinese page keeps its headers' rule (they break anywhere already).
    head = "".join(f"<th>{w}</th>" for w in ["receptionsss"] * 15)
    row = "<tr>" + "".join(f'<td class="num">{k}</td>' for k in range(15)) + "</tr>"
    page = ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>t</title></head><body>"
            "<div class='yeji-section'><h2 class='yeji-first'>Scoreboard</h2><table class='yeji-table'>"
            f"<thead><tr>{head}</tr></thead><tbody>{row * 3}</tbody></table></div></body></html>")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    pdf = export_pdf(tmp_path / "page.html", tmp_path / "en.pdf", header="Yeji", lang="en")
    assert all(right <= width - 36 for width, right in _right_edges(pdf)), _right_edges(pdf)


def test_table_header_repeated_and_rows_whole(pdf):
    pages = _pages(pdf)
    table_pages = [p for p in pages if "行单位" in p]
    assert len(table_pages) >= 2
    for p in table_pages:
        assert "单位名称" in p and "外出次数" in p
    # every row once, in one piece: its name and its number on the same line
    lines = [ln for p in table_pages for ln in p.splitlines() if "行单位" in ln]
    assert len(lines) == ROWS
    for i, ln in enumerate(lines, start=1):
        assert ln == f"第{i}行单位{i * 10}", ln


def test_chinese_fonts_embedded(pdf):
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows, fonts
    assert any("CJK" in r for r in rows), fonts
    for r in rows:  # columns: name type encoding emb sub uni object ID
        assert r.split()[-5] == "yes", r  # embedded


def test_landscape(tmp_path):
    (tmp_path / "p.html").write_text(_page(), encoding="utf-8")
    export_pdf(tmp_path / "p.html", tmp_path / "p.pdf", header=HEADER, landscape=True)
    info = subprocess.run(["pdfinfo", str(tmp_path / "p.pdf")], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+841\.\d+ x 595\.\d+ pts \(A4\)", info), info


def test_nothing_is_fetched(tmp_path):
    # a stylesheet beside the page that hides the headings: were it read, the headings would be gone
    (tmp_path / "hide.css").write_text("h1, h2 { display: none }", encoding="utf-8")
    page = _page().replace("<head>", "<head><link rel='stylesheet' href='hide.css'>"
                           f"<link rel='stylesheet' href='{(tmp_path / 'hide.css').as_uri()}'>"
                           "<link rel='stylesheet' href='http://127.0.0.1:9/x.css'>")
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    export_pdf(tmp_path / "p.html", tmp_path / "p.pdf", header=HEADER)
    first = _pages(tmp_path / "p.pdf")[0]
    assert "一、总体进度" in first and "阶段报告" in first


# --- printed in parts (yeji_analysis.commands.pdf): the same pages as printed whole --------------------------------
#
# A page laid out as nbconvert's lab template lays a notebook out: <main> holding one cell per output, each section's
# cell starting with its <h2>. Worked by hand: the title and section 一 share page 1; section 二 (120 one-line rows)
# starts page 2 and runs over at least one more page; 三 and 四 each start a page of their own. Cut into two parts,
# the second starts at one of 二/三/四 and its first, empty lead page is dropped: the joined file must be the whole
# page's, page for page (text, pixels, bookmarks), with "第 N 页 / 共 M 页" counted over the joined pages.

def _cell(inner: str) -> str:
    return ('<div class="jp-Cell jp-CodeCell jp-Notebook-cell jp-mod-noInput"><div class="jp-Cell-outputWrapper">'
            '<div class="jp-Collapser jp-OutputCollapser jp-Cell-outputCollapser"></div>'
            f'<div class="jp-OutputArea jp-Cell-outputArea"><div class="jp-RenderedHTMLCommon">{inner}</div></div></div></div>')


def _notebook_page() -> str:
    rows = "".join(f'<tr><td>第{i}行单位</td><td class="num">{i * 10}</td></tr>' for i in range(1, ROWS + 1))
    cells = [_cell("<h1>叶集区“双招双引”阶段报告</h1>"),
             _cell("<style>.yeji-section h2{margin-top:0.6em}</style><div class='yeji-section'><h2>一、总体进度</h2>"
                   "<p>外出招商共 333 次。</p></div>"),
             _cell("<div class='yeji-section'><h2>二、各单位达标</h2><table class='yeji-table'><thead><tr><th>单位名称</th>"
                   f"<th>外出次数</th></tr></thead><tbody>{rows}</tbody></table></div>"),
             _cell("<div class='yeji-section'><h2>三、项目推进</h2><h3>停滞预警</h3><p>红色 2 个。</p></div>"),
             _cell("<div class='yeji-section'><h2>四、数据质量</h2><p>拒收 6 行。</p></div>")]
    return ("<!DOCTYPE html><html lang='zh'><head><meta charset='utf-8'><title>t</title>"
            "<style>@page { margin: 0.5in; } @media print { .jp-Collapser { display: none; } }</style></head>"  # as the lab template
            f"<body class='jp-Notebook'>\n<main>{''.join(cells)}</main>\n</body></html>")


def _outline(path) -> list:
    pikepdf = pytest.importorskip("pikepdf")
    with pikepdf.open(path) as pdf:
        at = {p.objgen: i for i, p in enumerate(pdf.pages)}
        out = []
        with pdf.open_outline() as outline:
            def walk(items, depth):
                for it in items:
                    d = it.destination
                    out.append((depth, it.title, at[d[0].objgen], [round(float(x), 1) for x in list(d)[2:]]))
                    walk(it.children, depth + 1)
            walk(outline.root, 0)
        return out


def _both(tmp_path, page: str, monkeypatch) -> tuple[list[str], list[str], list]:
    """The page printed whole and in (up to) two parts: each one's pages as text, and what became of the parts path
    (``[n]``: printed in parts, n pages; ``[LeadPageError]``: tried and laid out whole; ``[]``: not tried). Every
    page of the two must be the same picture, and the bookmarks and named destinations the same."""
    from PIL import Image, ImageChops

    from yeji_analysis.commands import pdf as P

    if shutil.which("pdftoppm") is None:
        pytest.skip("no pdftoppm (poppler-utils)")
    tried = []
    real = P.print_in_parts

    def spy(*args, **kwargs):
        try:
            tried.append(real(*args, **kwargs))
        except P.LeadPageError as exc:
            tried.append(type(exc))
            raise
        return tried[-1]

    monkeypatch.setattr(P, "print_in_parts", spy)
    # these pages are small (a few hundred ms to lay out): without the head start a second process is given on a
    # real page, the cut falls where the cases below work it out (before 二)
    monkeypatch.setattr(P, "_LATER_PART_MS", 0)
    (tmp_path / "p.html").write_text(page, encoding="utf-8")
    whole = export_pdf(tmp_path / "p.html", tmp_path / "whole.pdf", header=HEADER, parts=1)
    parts = export_pdf(tmp_path / "p.html", tmp_path / "parts.pdf", header=HEADER, parts=2)
    for name in ("whole", "parts"):
        subprocess.run(["pdftoppm", "-r", "40", "-png", str(tmp_path / f"{name}.pdf"), str(tmp_path / name)], check=True)
    shots = sorted(tmp_path.glob("whole-*.png"))
    assert len(shots) == len(list(tmp_path.glob("parts-*.png")))
    for shot in shots:
        other = tmp_path / shot.name.replace("whole", "parts")
        assert ImageChops.difference(Image.open(shot).convert("RGB"), Image.open(other).convert("RGB")).getbbox() is None, shot.name
    assert _outline(parts) == _outline(whole)
    assert _names(parts) == _names(whole)
    return _pages(whole), _pages(parts), tried


def _names(path) -> list:
    pikepdf = pytest.importorskip("pikepdf")
    with pikepdf.open(path) as pdf:
        if "/Names" not in pdf.Root or "/Dests" not in pdf.Root.Names:
            return []
        at = {p.objgen: i for i, p in enumerate(pdf.pages)}
        return sorted((str(k), at[v[0].objgen], [round(float(x), 1) for x in list(v)[2:]])
                      for k, v in pikepdf.NameTree(pdf.Root.Names.Dests).items())


def test_printed_in_parts_gives_the_pages_printed_whole(tmp_path, monkeypatch):
    a, b, tried = _both(tmp_path, _notebook_page(), monkeypatch)
    assert tried == [len(a)]                      # printed in parts, not laid out whole after all
    assert len(a) >= 5 and a == b
    assert "一、总体进度" in a[0] and "二、各单位达标" in a[1] and "三、项目推进" in a[-2] and "四、数据质量" in a[-1]
    for k, text in enumerate(b, start=1):
        assert f"第{k}页/共{len(b)}页" in text and (HEADER in text) == (k > 1), k
    assert [(d, t) for d, t, _, _ in _outline(tmp_path / "whole.pdf")] == [
        (0, "叶集区“双招双引”阶段报告"), (1, "一、总体进度"), (1, "二、各单位达标"), (1, "三、项目推进"), (2, "停滞预警"),
        (1, "四、数据质量")]


def _dying_before_sending(k, html, base_url, css, out):
    os._exit(3)   # a later part's process killed before it sends its pages


def _dying_after_sending(k, html, base_url, css, out):
    from yeji_analysis.commands import pdf as P

    P._send_pages(k, out, P._render(html, base_url, css, True)[1])
    os._exit(3)   # killed after sending them, its PDF never written


@pytest.mark.parametrize("dying", [_dying_before_sending, _dying_after_sending])
def test_a_later_part_whose_process_dies_is_printed_whole(tmp_path, monkeypatch, dying):
    # the second process sends its pages as soon as they are laid out, and the first lays out the furniture on them
    # while the second writes its PDF. Killed before it sends them, or after (its PDF never written), it leaves the
    # first neither waiting for ever nor joining a part that is not there: the page is laid out whole, and equal
    from yeji_analysis.commands import pdf as P

    real = P._lay_out_later
    monkeypatch.setattr(P, "_lay_out_later", dying)
    a, b, tried = _both(tmp_path, _notebook_page(), monkeypatch)
    assert tried == [] and a == b   # the parts' error (BrokenProcessPool) is caught where the whole page is printed
    monkeypatch.setattr(P, "_lay_out_later", real)
    assert _both(tmp_path, _notebook_page(), monkeypatch)[2] == [len(a)]   # and with the process alive, in parts


def _many_pages(n: int) -> list[tuple]:
    # what _render returns for n pages of a long table, a bookmark each: ~80 bytes a page pickled, so 5,000 pages are
    # ~400 KB, more than a pipe holds (64 KiB on Linux)
    return [(1122.5 + i, [(3, f"第{i}节", (48.0, 58.4), "open")], [i]) for i in range(n)]


def test_a_later_part_hands_over_its_pages_without_waiting_for_the_parent(tmp_path, monkeypatch):
    # a later part's process hands its pages over before it writes them. Were they more than its pipe holds, it would
    # wait there until the parent reads them, and the parent does not when an earlier part has failed: it leaves the
    # pool, and waits for this process to end (a hang, see the next test). Its end of the pipe is made non-blocking
    # here, so a write that would wait raises BlockingIOError instead: the 5,000 pages must get to the parent whole
    import multiprocessing
    from concurrent.futures import Future

    from yeji_analysis.commands import pdf as P

    pages = _many_pages(5000)
    monkeypatch.setattr(P, "_render", lambda html, base_url, css, lead: (None, pages))
    monkeypatch.setattr(P, "_write", lambda doc, out: open(out, "wb").close())
    recv, send = multiprocessing.Pipe(duplex=False)
    os.set_blocking(send.fileno(), False)
    monkeypatch.setitem(P._EARLY, 1, send)
    out = str(tmp_path / "part-1.pdf")
    try:
        assert P._lay_out_later(1, "", "", "", out) == pages
        assert P._pages_sent(recv, Future(), out) == pages   # a future not done: the pages came through the pipe
    finally:
        recv.close()
        send.close()


_A_PART_FAILS_FIRST = """
import sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
import test_pdf as T
from yeji_analysis.commands import pdf as P

P._LATER_PART_MS = 0
real_later, real_render = P._lay_out_later, P._render

def later(k, *args):
    if k[1] == 1:   # the first later part cannot be made (its lead page not empty): the page is laid out whole
        raise P.LeadPageError("the part's first page holds more than its lead block")
    # the second: 5,000 pages more than it holds, as a long table would give (in this process only)
    P._render = lambda *a: (lambda doc, pages: (doc, pages + T._many_pages(5000)))(*real_render(*a))
    return real_later(k, *args)

P._lay_out_later = later
page, tmp = T._notebook_page(), Path(sys.argv[2])
whole = P.print_page(page, tmp / "whole.pdf", base_url=str(tmp), header=T.HEADER, parts=1)
three = P.print_page(page, tmp / "three.pdf", base_url=str(tmp), header=T.HEADER, parts=3)
print(whole, three, T._pages(tmp / "whole.pdf") == T._pages(tmp / "three.pdf"), P._EARLY)
"""


def test_a_failing_part_before_one_with_many_pages_leaves_the_page_printed_whole(tmp_path):
    # three parts (plan_parts(cells, 3): [title, 一], [二], [三, 四]); the first later part fails before it hands
    # its pages over (LeadPageError), the second has more pages than a pipe holds. The parent stops at the failure
    # and lays the page out whole: 6 pages, as printed whole, and nothing left in _EARLY. It runs in a process of
    # its own (a fresh session), because what this guards against is a hang: the parent waiting for the second
    # part's process to end, and it waiting for the parent to read its pages; the timeout only ends such a hang
    # (the run takes a few seconds)
    import signal
    import sys

    run = subprocess.Popen([sys.executable, "-c", _A_PART_FAILS_FIRST, str(Path(__file__).parent), str(tmp_path)],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = run.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        os.killpg(run.pid, signal.SIGKILL)
        run.communicate()
        pytest.fail("the parent and the part's process waited for each other (killed after 300 s)")
    assert run.returncode == 0, err[-2000:]
    assert out.split() == ["6", "6", "True", "{}"], (out, err[-2000:])


def test_two_pages_printed_in_parts_at_once_keep_to_their_own_parts(tmp_path, monkeypatch):
    # export_pdf from two threads at once: a page B printed in parts from start to end just before page A's processes
    # are forked (as another thread may). B's parts must not take A's pipes, nor B's end leave A's processes without
    # theirs: both printed in parts, each equal to itself printed whole (A: 6 pages; B, 400 rows more in 二: more)
    import contextlib

    from yeji_analysis.commands import pdf as P
    from yeji_analysis.runtime import forking_quietly

    monkeypatch.setattr(P, "_LATER_PART_MS", 0)
    a = _notebook_page()
    b = a.replace("</tbody>", "".join(f"<tr><td>加{i}</td><td>{i}</td></tr>" for i in range(400)) + "</tbody>")
    whole = {n: P.print_page(p, tmp_path / f"{n}-whole.pdf", base_url=str(tmp_path), header=HEADER, parts=1)
             for n, p in (("a", a), ("b", b))}
    tried, entered = [], []
    real = P.print_in_parts

    def spy(*args, **kwargs):
        tried.append(real(*args, **kwargs))
        return tried[-1]

    @contextlib.contextmanager
    def b_meanwhile():
        if not entered:   # A's: its pipes are set, its processes not forked yet
            entered.append(True)
            P.print_page(b, tmp_path / "b.pdf", base_url=str(tmp_path), header=HEADER, parts=2)
        with forking_quietly():
            yield

    monkeypatch.setattr(P, "print_in_parts", spy)
    monkeypatch.setattr(P, "forking_quietly", b_meanwhile)
    n = P.print_page(a, tmp_path / "a.pdf", base_url=str(tmp_path), header=HEADER, parts=2)
    assert whole["a"] == 6 and whole["b"] > 6
    assert tried == [whole["b"], whole["a"]] and n == whole["a"]   # B's, then A's, both in parts
    for name in ("a", "b"):
        assert _pages(tmp_path / f"{name}.pdf") == _pages(tmp_path / f"{name}-whole.pdf"), name
    assert P._EARLY == {}


def test_a_cell_with_something_before_its_heading_is_not_cut_before():
    from yeji_analysis.commands.pdf import split_at_sections

    # were the page cut before one of these cells, what comes before its heading would be on the lead page dropped
    cells = [_cell("<h1>t</h1>"), _cell("<p>说明文字</p><div class='yeji-section'><h2>二</h2></div>"),
             _cell("<img src='data:,'><h2>三</h2>"),
             _cell('<div style="border-top:3px solid red;height:30px"></div><div class="yeji-section"><h2>四</h2></div>')]
    assert split_at_sections(cells, 2) == [cells]


def test_a_part_whose_lead_page_is_not_empty_is_printed_whole(tmp_path, monkeypatch):
    # 二's cell starts with a block the page's stylesheet draws (a red rule 30 px high) and the structure does not
    # show: cut before 二, the rule would be on the second part's lead page, which is dropped. The part is seen not
    # to be empty, so the page is laid out whole: the rule is at the foot of page 1, as printed whole.
    page = _notebook_page().replace("<style>@page", "<style>.rule{border-top:3px solid red;height:30px}@page").replace(
        "<div class='yeji-section'><h2>二、各单位达标</h2>", "<div class='rule'></div><div class='yeji-section'><h2>二、各单位达标</h2>")
    a, b, tried = _both(tmp_path, page, monkeypatch)
    assert tried and tried[0] is not None and not isinstance(tried[0], int)   # tried, found the lead page not empty
    assert a == b


def test_a_part_whose_section_does_not_start_a_page_is_printed_whole(tmp_path, monkeypatch):
    # 二's heading is told not to break (an inline style outranks the print stylesheet): cut before it, the second
    # part's lead page would hold the heading, so the page is laid out whole instead, and nothing is dropped
    page = _notebook_page().replace("<h2>二、各单位达标</h2>", "<h2 style='break-before: auto'>二、各单位达标</h2>")
    a, b, tried = _both(tmp_path, page, monkeypatch)
    assert tried and not isinstance(tried[0], int)
    assert a == b and "一、总体进度" in a[0] and "二、各单位达标" in a[0]   # no break: 二 follows 一 on page 1


def test_stylesheets_keep_their_place_in_each_part(tmp_path, monkeypatch):
    # the page's stylesheet gives a heading that is its block's first child a 60 px top margin; 三's cell has a
    # <style> right before its bare <h2>, so that heading is not a first child printed whole. Were the <style>
    # taken out of the cells, 三 would get the margin in the parts and sit lower on its page.
    page = _notebook_page().replace("<style>@page", "<style>.jp-RenderedHTMLCommon h2:first-child{margin-top:60px}@page").replace(
        "<div class='yeji-section'><h2>三、项目推进</h2>", "<style>.yeji-x{color:red}</style><h2>三、项目推进</h2><div>")
    a, b, tried = _both(tmp_path, page, monkeypatch)
    assert tried == [len(a)] and a == b


def test_the_first_process_lays_out_the_sections_around_the_longest(tmp_path, monkeypatch):
    # by hand: 二 (120 rows: ~225 ms by _weight, for its 242 table cells and ~1,100 characters) outweighs the title,
    # 一, 三 and 四 together (~23 ms each): the second process lays out 二 alone (225 against 92), the first the title
    # and 一, then 三 and 四, in one document.
    # Joined in the page's order, the pages are the whole page's (_both checks pixels, bookmarks, destinations)
    from yeji_analysis.commands import pdf as P

    monkeypatch.setattr(P, "_LATER_PART_MS", 0)   # as _both lays it out
    assert P.plan_parts(P.page_cells(_notebook_page())[1], 2) == [[(0, 2), (3, 5)], [(2, 3)]]
    a, b, tried = _both(tmp_path, _notebook_page(), monkeypatch)
    assert tried == [len(a)] and a == b
    assert "二、各单位达标" in a[1] and "三、项目推进" in a[-2]   # 三 after 二's pages, not after 一's
    assert _names(tmp_path / "parts.pdf") == []                   # nothing is added to find 三's run by
    # 三's heading with an id of its own: its destination on 三's page, as printed whole (_both)
    a, b, tried = _both(tmp_path, _notebook_page().replace("<h2>三、项目推进</h2>", "<h2 id='s3'>三、项目推进</h2>"),
                        monkeypatch)
    assert tried == [len(a)] and a == b and [n for n, _, _ in _names(tmp_path / "parts.pdf")] == ["s3"]


def test_named_destinations_of_later_parts_are_kept(tmp_path, monkeypatch):
    # only 四's heading has an id (no cell ids): it is in the second part, whose destinations must be carried over
    page = _notebook_page().replace("<h2>四、数据质量</h2>", "<h2 id='s4'>四、数据质量</h2>")
    a, b, tried = _both(tmp_path, page, monkeypatch)
    assert tried == [len(a)] and [n for n, _, _ in _names(tmp_path / "parts.pdf")] == ["s4"]


@pytest.mark.parametrize("change", ["counter-reset: sec", "string-set: chapter content()", "<a href='#s4'>见四</a>",
                                    ".jp-Cell + .jp-Cell { margin-top: 4px }"])
def test_pages_whose_cells_depend_on_each_other_are_printed_whole(tmp_path, monkeypatch, change):
    # counters, running strings, links within the page and selectors on the cells' order do not survive a cut
    if change.startswith("<a"):
        page = _notebook_page().replace("<p>外出招商共 333 次。</p>", f"<p>外出招商共 333 次。{change}</p>").replace(
            "<h2>四、数据质量</h2>", "<h2 id='s4'>四、数据质量</h2>")
    else:
        body = change if "{" in change else f"h2 {{ {change} }}"
        page = _notebook_page().replace("<style>@page", f"<style>{body} @page")
    a, b, tried = _both(tmp_path, page, monkeypatch)
    assert tried == [] and a == b


def _rows_table(n: int, tag: str) -> str:
    rows = "".join(f'<tr><td>第{i}{tag}单位</td><td class="num">{i * 10}</td></tr>' for i in range(1, n + 1))
    return f"<table class='yeji-table'><thead><tr><th>单位名称</th><th>外出次数</th></tr></thead><tbody>{rows}</tbody></table>"


def test_a_later_run_whose_section_does_not_start_a_page_is_printed_whole(tmp_path, monkeypatch):
    # by hand: 一 has 60 rows (it runs from page 1, the title's, over onto page 2), 二 400 (~390 ms by _weight, more
    # than the rest together): the second process lays out 二 alone, the first the title and 一, then 三 and 四.
    # 三's heading is told not to break: printed whole it follows 二 on 二's last page; in the first process it
    # follows 一 on page 2, a page that is 一's as well, so no page of that process is where 三's run starts: the page
    # is laid out whole (were page 2 taken as the run's first page, 一's end would be printed after 二)
    from yeji_analysis.commands import pdf as P

    cells = [_cell("<h1>标题</h1>"),
             _cell(f"<div class='yeji-section'><h2>一、总体</h2>{_rows_table(60, '甲')}</div>"),
             _cell(f"<div class='yeji-section'><h2>二、达标</h2>{_rows_table(400, '乙')}</div>"),
             _cell("<div class='yeji-section'><h2 style='break-before: auto'>三、项目</h2><p>红色 2 个。</p></div>"),
             _cell("<div class='yeji-section'><h2>四、质量</h2><p>拒收 6 行。</p></div>")]
    page = _notebook_page().split("<main>")[0] + f"<main>{''.join(cells)}</main>\n</body></html>"
    monkeypatch.setattr(P, "_LATER_PART_MS", 0)   # as _both lays it out
    assert P.plan_parts(P.page_cells(page)[1], 2) == [[(0, 2), (3, 5)], [(2, 3)]]
    a, b, tried = _both(tmp_path, page, monkeypatch)
    assert tried == [P.LeadPageError] and a == b
    assert "第60甲单位" in a[1] and "三、项目" in a[-2] and "第400乙单位" in a[-2]   # 一's end on page 2; 三 after 二


def test_a_stylesheet_on_headings_with_an_id_is_kept_in_parts(tmp_path, monkeypatch):
    # the page's stylesheet draws a heading with an id in red: no section's heading has one, printed whole or in
    # parts (nothing is added to a heading to find where a run's pages start), so 三, in the first process's second
    # run, is black as printed whole
    page = _notebook_page().replace("<style>@page", "<style>h2[id]{color:#c00}@page")
    a, b, tried = _both(tmp_path, page, monkeypatch)
    assert tried == [len(a)] and a == b


def test_a_break_to_a_right_page_is_printed_whole(tmp_path, monkeypatch):
    # 三 starts on a right (odd) page. By hand: printed whole, 一 on page 1, 二 on pages 2-3, so page 4 is left blank
    # and 三 is on page 5. The first process, 三 right after 一, would leave page 2 blank and put 三 on its page 3:
    # a page that is not blank in the whole page. A page whose pages' numbers matter is laid out whole.
    page = _notebook_page().replace("<h2>三、项目推进</h2>", "<h2 style='break-before: right'>三、项目推进</h2>")
    a, b, tried = _both(tmp_path, page, monkeypatch)
    assert tried == [] and a == b


def test_a_short_table_is_never_cut_to_leave_one_row_alone(tmp_path):
    # The red team's dispatch-5 page (office E): the 调度得分 table began at a page's foot with its header and one
    # row, the other three rows on the next page. The print sheet keeps a table's first row with its second and its
    # last with the one before, so a table of three rows is never cut. By hand: sections of k = 30..64 short lines
    # then a table of three rows (each section starts a page, h2); as k grows the table's place slides down the page
    # past its foot (an A4 page with half-inch margins holds ~45 lines of 9.5 pt), so some k would put the cut
    # between its rows, and none may: each table's three rows are on one page, in order.
    sections = []
    for k in range(30, 65):
        lines = "".join(f"<p style='margin:0'>第{k}节说明第{j}行。</p>" for j in range(k))
        rows = "".join(f'<tr><td>第{k}节{r}号单位</td><td class="num">{r}</td></tr>' for r in (1, 2, 3))
        sections.append(f"<div class='yeji-section'><h2>第{k}节</h2>{lines}<table class='yeji-table'><thead><tr>"
                        f"<th>单位名称</th><th>得分</th></tr></thead><tbody>{rows}</tbody></table></div>")
    (tmp_path / "page.html").write_text("<!DOCTYPE html><html lang='zh'><head><meta charset='utf-8'><title>t</title>"
                                        "</head><body><h1>表格</h1>" + "".join(sections) + "</body></html>",
                                        encoding="utf-8")
    pages = _pages(export_pdf(tmp_path / "page.html", tmp_path / "page.pdf", header=HEADER))
    cut = []
    for k in range(30, 65):
        on = [[i for i, p in enumerate(pages) if f"第{k}节{r}号单位{r}" in p] for r in (1, 2, 3)]
        assert all(len(x) == 1 for x in on), (k, on)   # each row once, whole
        if len({x[0] for x in on}) != 1:
            cut.append(k)
    assert cut == []
    # the table did reach a page's foot: in some section the table is on the page after its heading's
    assert any(next(i for i, p in enumerate(pages) if f"第{k}节1号单位" in p)
               != next(i for i, p in enumerate(pages) if f"第{k}节说明第0行" in p) for k in range(30, 65))
