"""A page printed to PDF on several cores (分段并行排版): cut at its sections, each part laid out in its own process.

WeasyPrint lays a page out on one core, and a report's 22 pages of tables take it about two seconds. Every section of
a report or plan starts a new printed page (``h2 { break-before: page }``), so the page can be cut before a section
and the parts laid out side by side without moving anything: the sections after a cut land on the same pages, in the
same places. What a part cannot know alone is its pages' numbers ("第 N 页 / 共 M 页" needs every part's count), so the
parts are laid out without the page furniture (the running header and the page numbers, CSS margin boxes), then joined,
and the furniture, laid out once for all M pages in an otherwise empty document with the same ``@page`` rules, is
stamped on each page (pikepdf: qpdf's page overlay). The bookmarks (one per heading) and the named destinations of
every part are carried into the joined file, at their pages there. A later part's process hands over its pages (their
count, bookmarks and cells) as soon as they are laid out, before it writes them, so the furniture is laid out meanwhile.

With two processes the second lays out the run of sections that best balances the two (often one long section),
and the first the sections before and after it, in one document: a section starts a page there as in the whole page,
and the first page of the later run is the page its first cell's boxes start on, which must hold no box of a cell
before it (else the page is laid out whole). The pages are joined in the page's order.

Every part carries every ``<style>`` of the page, in the page's order: its own cells keep theirs in place, those of
the cells before its first run go at the end of its ``<head>``, those between its runs between them, those after its
last run after its ``</main>``, so the cascade ranks them as in the whole page. A part after the first starts with an empty block, so that its first section begins after a forced page
break exactly as it does in the whole page (WeasyPrint keeps or truncates a heading's top margin by that), and that
first page is dropped once it is seen to hold nothing but that block. A page is laid out whole, not in parts, when
its cells are not independent of each other: CSS counters, running strings or footnotes, links within the page,
selectors on the cells' order, anything after ``</main>``; or when a part cannot be made (its lead page not empty, a
process that failed).
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import multiprocessing
import pickle
import re
import tempfile
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Iterator

from ..runtime import forking_quietly, gc_paused, usable_cores

__all__ = ["page_cells", "split_at_sections", "plan_parts", "print_page", "print_in_parts", "LeadPageError"]

#: A cell of nbconvert's lab template starts so (``<main>`` holds the cells, one after another).
_CELL = re.compile(r'<div class="jp-Cell[ "]')
#: What may come before a section's ``<h2>`` in its cell: the lab template's wrappers, opening and closing ``div``s
#: with a class, an id, data- attributes or a tab index but no style of their own, and stylesheets.
_WRAPPER = re.compile(r"""\s*(?:<div(?:\s+(?:class|id|tabindex|data-[\w-]+)=(?:"[^"]*"|'[^']*'))*\s*>|</div>|"""
                      r"<style\b[^>]*>.*?</style>)", re.S | re.I)
_STYLE = re.compile(r"<style\b.*?</style>", re.S | re.I)
_TAG = re.compile(r"<[^>]*>")
_LEAD = '<div class="yeji-part-lead"></div>'
#: What a part laid out in a process of its own costs beyond its cells, in milliseconds (measured on the sample's
#: report and plan, ~150-250: the fork, the lead page, the pages handed back): the second process starts that far
#: behind.
_LATER_PART_MS = 150
#: What makes a page's cells depend on each other (the page is then laid out whole): counters, running strings,
#: footnotes, links within the page, breaks to a left or right page and page rules for those (a part's pages are
#: not numbered as in the whole page), selectors on the cells' order or siblings.
_ENTANGLED = re.compile(r"counter-(?:reset|increment|set)|string-set|footnote|href=[\"']#|"
                        r"break-(?:before|after)\s*:\s*(?:left|right|recto|verso)|page-break-(?:before|after)\s*:\s*(?:left|right)|"
                        r"@page\s*:(?:left|right|blank)|"
                        r"\.jp-Cell[\w-]*\s*(?::(?:first|last|nth|only)-|[+~])|[+~]\s*\.jp-Cell", re.I)


def page_cells(page: str) -> tuple[str, list[str], str] | None:
    """(the page up to its first cell, the cells, the rest) of a page exported with nbconvert's lab template;
    None for a page not laid out so. The three joined are the page."""
    try:
        start = page.index("<main>") + len("<main>")
        end = page.rindex("</main>")
    except ValueError:
        return None
    starts = [m.start() for m in _CELL.finditer(page, start, end)]
    if not starts or page[start:starts[0]].strip():
        return None
    cells = [page[a:b] for a, b in zip(starts, starts[1:] + [end])]
    return page[:starts[0]], cells, page[end:]


def _starts_section(cell: str) -> bool:
    """Whether the cell holds nothing before its ``<h2>`` but the template's wrappers and stylesheets (a section,
    which starts a printed page)."""
    if "<h2" not in cell:
        return False
    before, at = cell.split("<h2", 1)[0], 0
    while at < len(before):
        m = _WRAPPER.match(before, at)
        if m is None or m.end() == at:
            return not before[at:].strip()
        at = m.end()
    return True


def _weight(cell: str) -> float:
    """About how long a cell takes to lay out, in milliseconds (fitted to the sample's report and plan, section by
    section: ~22 a cell, ~0.47 a table cell, ~23 a chart, ~0.08 a character of text: a table of long texts weighs
    more than its count of cells says)."""
    text = _TAG.sub("", _STYLE.sub("", cell))   # stylesheets and tags (an image's data included) are not text
    return 22 + 0.47 * (cell.count("<td") + cell.count("<th")) + 23 * cell.count("<img") + 0.08 * len(text)


def split_at_sections(cells: list[str], parts: int) -> list[list[str]]:
    """The cells in at most ``parts`` runs of about equal layout time (:func:`_weight`), each run after the first
    starting at a section (a cell that starts with its ``<h2>``). Joined, the runs are the cells.

    Examples
    --------
    >>> cells = ["<div>title</div>", "<div><h2>a</h2><table><td>1</td></table></div>", "<div><h2>b</h2></div>",
    ...          "<div><p>x</p><h2>c</h2></div>"]
    >>> [len(run) for run in split_at_sections(cells, 2)], [len(run) for run in split_at_sections(cells, 1)]
    ([2, 2], [4])
    >>> [len(run) for run in split_at_sections([cells[0], cells[3]], 2)]   # no cell there starts with its section
    [2]
    """
    before = [0]
    for c in cells:
        before.append(before[-1] + _weight(c))   # before[i]: the weight of the cells ahead of cell i
    cuts = [i for i in range(1, len(cells)) if _starts_section(cells[i])]
    chosen: list[int] = []
    for k in range(1, parts):
        target = before[-1] * k / parts
        later = [i for i in cuts if not chosen or i > chosen[-1]]
        if later:
            chosen.append(min(later, key=lambda i: abs(before[i] - target)))
    bounds = [0] + chosen + [len(cells)]
    return [cells[a:b] for a, b in zip(bounds, bounds[1:])]


def plan_parts(cells: list[str], parts: int) -> list[list[tuple[int, int]]]:
    """Which cells each of up to ``parts`` processes lays out: per process its runs of cells, ``(first, end)`` index
    pairs in the page's order; the first process's first run starts at the page's first cell, every other run at a
    section (:func:`_starts_section`). With two processes the second takes the one run that balances their layout
    times best (:func:`_weight`) and the first keeps what comes before and after it, so a long section in the middle
    of the page goes alone; with more, the page is cut into consecutive runs (:func:`split_at_sections`).

    Examples
    --------
    >>> table = lambda n: "<table>" + "<td>1</td>" * n + "</table>"
    >>> cells = ["<div>title</div>", f"<div><h2>a</h2>{table(1000)}</div>", f"<div><h2>b</h2>{table(2000)}</div>",
    ...          f"<div><h2>c</h2>{table(1000)}</div>"]
    >>> plan_parts(cells, 2)   # b (~1,040 ms, and the second process's own ~180) alone; a and c (~600 ms each) around it
    [[(0, 2), (3, 4)], [(2, 3)]]
    >>> plan_parts(cells[:2], 2), plan_parts(cells, 1)
    ([[(0, 2)]], [[(0, 4)]])
    """
    n = len(cells)
    if parts > 2:
        runs = split_at_sections(cells, parts)
        bounds = [0]
        for run in runs:
            bounds.append(bounds[-1] + len(run))
        return [[(a, b)] for a, b in zip(bounds, bounds[1:])]
    starts = [i for i in range(1, n) if _starts_section(cells[i])] if parts == 2 else []
    if not starts:
        return [[(0, n)]]
    before = [0.0]
    for c in cells:
        before.append(before[-1] + _weight(c))
    total, best = before[-1], None
    for i in starts:
        for j in [*(k for k in starts if k > i), n]:
            alone = before[j] - before[i]
            cost = (max(total - alone, alone + _LATER_PART_MS), j != n)   # ties: the run to the page's end
            if best is None or cost < best[0]:
                best = (cost, i, j)
    if best[0][0] >= total:   # a second process would not finish before one laying the page out alone
        return [[(0, n)]]
    _, i, j = best
    return [[(0, i)] + ([(j, n)] if j < n else []), [(i, j)]]


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    loggers = [logging.getLogger(n) for n in ("weasyprint", "fontTools")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:  # the notebook template's screen CSS draws many "ignored property" warnings
        lg.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels):
            lg.setLevel(level)


class LeadPageError(RuntimeError):
    """A part's first page, to be dropped, was not the empty page of its lead block (the part is then not printed
    apart: the page is laid out whole)."""


def _lay_out(html: str, base_url: str, css: str, out: str, lead: bool) -> list[tuple[float, list[tuple], list[int]]]:
    """Lay ``html`` out with the stylesheet ``css`` and write it to ``out`` (dropping the first page when ``lead``);
    return each page's height, its bookmarks, (level, label, (x, y), state) in CSS pixels from the top, and the
    numbers of the cells with a box on it (:func:`_cells_on`)."""
    doc, pages = _render(html, base_url, css, lead)
    _write(doc, out)
    return pages


def _render(html: str, base_url: str, css: str, lead: bool) -> tuple[Any, list[tuple[float, list[tuple], list[int]]]]:
    """The laid-out document of ``html`` (its first page dropped when ``lead``), not yet written, and its pages as
    :func:`_lay_out` returns them."""
    import weasyprint  # deferred: WeasyPrint (and Pango) only when a PDF is printed
    from weasyprint.urls import URLFetcher  # deferred, with weasyprint

    fetcher = URLFetcher(allowed_protocols={"data"})
    # paused: each full collection would rescan this process's pandas/papermill heap while WeasyPrint builds
    # its boxes, about a quarter of the PDF's time (the sample's report: 2.9 s -> 2.1 s, ~10 MB more at peak)
    with _quiet(), gc_paused():
        source = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher, media_type="print")
        doc = source.render(stylesheets=[weasyprint.CSS(string=css, url_fetcher=fetcher)])
        if lead:
            if len(doc.pages) < 2 or not _only_the_lead(doc.pages[0]):
                raise LeadPageError("the part's first page holds more than its lead block")
            doc = doc.copy(doc.pages[1:])
        cells = _cell_numbers(source)
        return doc, [(p.height, [tuple(b) for b in p.bookmarks], _cells_on(p, cells)) for p in doc.pages]


def _write(doc: Any, out: str) -> None:
    """Write a laid-out document (:func:`_render`) to the PDF ``out``."""
    with _quiet(), gc_paused():
        doc.write_pdf(out)


#: Where a later part's process says its pages are known (:func:`_send_pages`), by (the print's number, the part's),
#: once they are laid out and before it writes them; the processes inherit these pipes when forked (set only while a
#: page is printed in parts). A print's own number: two pages printed at once (two threads) keep to their own pipes,
#: and each takes only its own away.
_EARLY: dict[tuple[int, int], Any] = {}
_PRINTS = itertools.count()


def _send_pages(k: tuple[int, int], out: str, pages: list[tuple[float, list[tuple], list[int]]]) -> None:
    """Hand the pages of part ``k`` (:data:`_EARLY`'s key) to the parent: pickled beside its PDF ``out``
    (``out + ".pages"``), then a message of no bytes on its pipe (:data:`_EARLY`) that they are there. Not the pages
    themselves through the pipe: more than it holds (64 KiB on Linux, ~1,000 pages; a few KiB where the user has many
    pipes open) would wait there for the parent to read them, and a parent that has stopped reading (an earlier part
    failed: the page is laid out whole) waits for this process to end: neither would. A message of 4 bytes is
    written at once, whole."""
    with open(out + ".pages", "wb") as f:
        pickle.dump(pages, f, protocol=pickle.HIGHEST_PROTOCOL)
    _EARLY[k].send_bytes(b"")


def _lay_out_later(k: tuple[int, int], html: str, base_url: str, css: str,
                   out: str) -> list[tuple[float, list[tuple], list[int]]]:
    """:func:`_lay_out` of the page's part ``k`` (:data:`_EARLY`'s key; its lead page dropped), in a process of its
    own that hands its pages to the parent (:func:`_send_pages`) as soon as they are known, then writes them."""
    doc, pages = _render(html, base_url, css, True)
    _send_pages(k, out, pages)
    _write(doc, out)
    return pages


def _pages_sent(recv: Any, fut: Any, out: str) -> list[tuple[float, list[tuple], list[int]]]:
    """A later part's pages (:func:`_send_pages`, its PDF ``out``) as soon as its process has handed them over; its
    outcome if the process ends without handing them (its error raised here, as
    :meth:`~concurrent.futures.Future.result` raises it)."""
    while not recv.poll(0.005):
        if fut.done() and not recv.poll():
            return fut.result()
    recv.recv_bytes()
    with open(out + ".pages", "rb") as f:
        return pickle.load(f)


def _page_order(plan: list[list[tuple[int, int]]], laid: list[list[tuple]]) -> list[tuple[int, int]]:
    """The parts' pages in the page's order, as (process, its page index). A process's pages are cut into its runs
    at the page where each later run's first cell starts, which must hold no box of a cell before it (the run starts
    a page there, as in the whole page), else :class:`LeadPageError`."""
    chunks = []   # (first cell, process, its page indexes)
    for proc, (runs, pages) in enumerate(zip(plan, laid)):
        cuts = [0]
        for k in range(1, len(runs)):
            first = sum(b - a for a, b in runs[:k])   # the run's first cell, numbered in this process's document
            at = next((i for i, (_, _, on) in enumerate(pages) if first in on), -1)
            if at <= cuts[-1] or min(pages[at][2]) < first:
                raise LeadPageError("a run's first page was not found")   # laid out whole
            cuts.append(at)
        cuts.append(len(pages))
        chunks += [(a, proc, range(lo, hi)) for (a, _), lo, hi in zip(runs, cuts, cuts[1:])]
    return [(proc, i) for _, proc, rng in sorted(chunks) for i in rng]


def _cell_numbers(source: Any) -> dict[int, int]:
    """The document's cells (``<main>``'s ``jp-Cell`` children, :data:`_CELL`), by their element's id: their number,
    0 for the first, in the document's order."""
    root = getattr(source, "etree_element", None)
    main = root.find(".//main") if root is not None else None
    cells = [el for el in (main if main is not None else []) if "jp-Cell" in (el.get("class") or "").split()]
    return {id(el): k for k, el in enumerate(cells)}


def _cells_on(page: Any, cells: dict[int, int]) -> list[int]:
    """The numbers (:func:`_cell_numbers`) of the cells that have a box on a laid-out page, in order (none where
    WeasyPrint's page box is not to be had)."""
    box = getattr(page, "_page_box", None)
    if box is None or not hasattr(box, "descendants"):
        return []
    return sorted({cells[id(b.element)] for b in box.descendants() if id(getattr(b, "element", None)) in cells})


def _only_the_lead(page: Any) -> bool:
    """Whether a laid-out page holds nothing but the document's root boxes and the lead block: no box of any cell.
    (WeasyPrint's page box; a version without it cannot be checked, so it counts as not empty.)"""
    box = getattr(page, "_page_box", None)
    if box is None or not hasattr(box, "descendants"):
        return False
    for b in box.descendants():
        el = getattr(b, "element", None)
        if el is not None and el.tag not in ("html", "body", "main") and el.get("class") != "yeji-part-lead":
            return False
    return True


def _entangled(page: str) -> bool:
    """Whether the page's cells depend on each other (counters, running strings, footnotes, links within the page,
    selectors on the cells' order) or the page holds something after ``</main>``: it is then laid out whole."""
    after = page[page.rindex("</main>") + len("</main>"):]
    return bool(_ENTANGLED.search(page)) or bool(re.sub(r"</?(body|html)\s*>", "", after, flags=re.I).strip())


def print_page(page: str, pdf_path: Path, *, base_url: str, header: str, landscape: bool = False,
               parts: int | None = None, lang: str = "zh") -> int:
    """Print ``page`` to ``pdf_path`` with :func:`~yeji_analysis.present.html.print_css`; the first ``h2`` shares the
    title's page. A notebook's page (:func:`page_cells`) with sections to cut at is laid out in up to ``parts``
    processes (default: the cores this process may use, at most 4; where processes cannot be forked, one), any
    other page whole, here. Returns the number of pages."""
    from ..present.html import print_css  # deferred: pandas only when a PDF is printed

    page = re.sub(r"<h2(?=[\s>])", '<h2 class="yeji-first"', page, count=1)
    parts = min(4, usable_cores()) if parts is None else parts
    if "fork" not in multiprocessing.get_all_start_methods():
        parts = 1
    cut = page_cells(page) if parts > 1 else None
    if cut is not None and len(plan_parts(cut[1], parts)) > 1 and not _entangled(page):
        # a part that cannot be made (its lead page not empty, a process that died or could not start): whole
        with contextlib.suppress(LeadPageError, BrokenProcessPool, OSError):
            return print_in_parts(page, Path(pdf_path), base_url=base_url,
                                  content_css=print_css(header, landscape=landscape, margin_boxes=False, lang=lang),
                                  furniture_css=print_css(header, landscape=landscape, lang=lang)
                                  + "html, body { background: transparent !important; }", parts=parts)
    return len(_lay_out(page, base_url, print_css(header, landscape=landscape, lang=lang), str(pdf_path), False))


def _furniture_page(page: str, count: int) -> str:
    """An empty document of ``count`` pages, with the page's own ``<html>`` element (its language picks the faces)."""
    m = re.search(r"<html\b[^>]*>", page, re.I)
    blank = '<div style="break-after: page"></div>' * (count - 1) + "<div></div>"
    return f'{m.group(0) if m else "<html>"}<head><meta charset="utf-8"></head><body>{blank}</body></html>'



def print_in_parts(page: str, pdf_path: Path, *, base_url: str, content_css: str, furniture_css: str,
                   parts: int) -> int:
    """Print ``page`` (cut by :func:`page_cells`, which must not be None) to ``pdf_path`` in up to ``parts``
    processes (:func:`plan_parts`); ``content_css`` lays the pages out without margin boxes, ``furniture_css`` draws
    only them (its pages' backgrounds transparent). Returns the number of pages."""
    import pikepdf  # deferred: pikepdf (qpdf) only when a PDF is printed in parts

    head, cells, tail = page_cells(page)
    plan = plan_parts(cells, parts)
    # a <style> in a cell styles the whole page: a process keeps its own cells' in place, and gets the others' where
    # their cells would be (before its first run: at the end of its head; between its runs: there; after its last
    # run: after its </main>): the page's order, which the cascade ranks by
    sheets = ["".join(m.group(0) for m in _STYLE.finditer(c)) for c in cells]
    htmls = []
    for runs in plan:
        first, last = runs[0][0], runs[-1][1]
        body = []
        for k, (a, b) in enumerate(runs):
            if k:
                body += [*sheets[runs[k - 1][1]:a], *cells[a:b]]
            else:
                body += cells[a:b]
        start = head.replace("</head>", "".join(sheets[:first]) + "</head>", 1) if first else head
        htmls.append(start + ("" if first == 0 else _LEAD) + "".join(body)
                     + tail.replace("</main>", "</main>" + "".join(sheets[last:]), 1))
    with tempfile.TemporaryDirectory(prefix="yeji-pdf-", dir=pdf_path.parent) as tmp:
        outs = [str(Path(tmp) / f"part-{k}.pdf") for k in range(len(htmls))]
        laid: list[list[tuple[float, list[tuple], list[int]]]] = [[] for _ in htmls]
        furniture = str(Path(tmp) / "furniture.pdf")
        if len(htmls) > 1:
            # the later parts send their pages as soon as they are laid out: the page's furniture, which needs every
            # part's count of pages, is laid out here while they write theirs (this part is written first if they
            # are not that far yet)
            pipes: list[tuple[Any, Any]] = []
            call = next(_PRINTS)
            try:
                for _ in htmls[1:]:   # made here, so that those made are closed if one cannot be (no descriptors)
                    pipes.append(multiprocessing.get_context("fork").Pipe(duplex=False))
                _EARLY.update({(call, k): send for k, (_, send) in enumerate(pipes, start=1)})
                with forking_quietly(), ProcessPoolExecutor(len(htmls) - 1, mp_context=multiprocessing.get_context("fork")) as pool:
                    later = [pool.submit(_lay_out_later, (call, k), h, base_url, content_css, o)
                             for k, (h, o) in enumerate(zip(htmls[1:], outs[1:]), start=1)]
                    doc, laid[0] = _render(htmls[0], base_url, content_css, False)
                    written_first = not all(recv.poll() for recv, _ in pipes)   # theirs not there yet
                    if written_first:
                        _write(doc, outs[0])
                    for k, ((recv, _), fut) in enumerate(zip(pipes, later), start=1):
                        laid[k] = _pages_sent(recv, fut, outs[k])
                    order = _page_order(plan, laid)
                    _lay_out(_furniture_page(page, len(order)), base_url, furniture_css, furniture, False)
                    if not written_first:
                        _write(doc, outs[0])
                    for fut in later:
                        fut.result()   # its part written
            finally:
                for k in range(1, len(pipes) + 1):
                    _EARLY.pop((call, k), None)
                for recv, send in pipes:
                    recv.close()
                    send.close()
        else:
            laid[0] = _lay_out(htmls[0], base_url, content_css, outs[0], False)
            order = _page_order(plan, laid)
            _lay_out(_furniture_page(page, len(order)), base_url, furniture_css, furniture, False)
        total = len(order)
        with contextlib.ExitStack() as stack:
            joined = stack.enter_context(pikepdf.open(outs[0]))
            sources = [joined] + [stack.enter_context(pikepdf.open(o)) for o in outs[1:]]
            own = list(joined.pages)   # the first process's pages, in its order, which is the page's
            placed = {}   # (process, page index) -> the page in the joined file
            for pos, (proc, i) in enumerate(order):
                if proc == 0:
                    placed[proc, i] = own[i]
                else:
                    joined.pages.insert(pos, sources[proc].pages[i])
                    placed[proc, i] = joined.pages[pos]
            names = None
            for proc, src in enumerate(sources[1:], start=1):
                if "/Names" in src.Root and "/Dests" in src.Root.Names:
                    if names is None:
                        names = _name_tree(joined)
                    at = {p.objgen: i for i, p in enumerate(src.pages)}
                    for name, dest in pikepdf.NameTree(src.Root.Names.Dests).items():
                        # WeasyPrint's destinations: [page /XYZ x y 0]; the page is now the copy placed in the join
                        names[name] = pikepdf.Array([placed[proc, at[dest[0].objgen]].obj, *list(dest)[1:]])
            stamp = stack.enter_context(pikepdf.open(furniture))
            for target, over in zip(joined.pages, stamp.pages):
                target.add_overlay(over)
            _write_outline(joined, [laid[proc][i][:2] for proc, i in order])
            joined.save(str(pdf_path))
    return total



def _name_tree(pdf: Any) -> Any:
    """The PDF's tree of named destinations (``/Names /Dests``), made empty when it has none."""
    import pikepdf  # deferred, as in print_in_parts

    if "/Names" not in pdf.Root:
        pdf.Root.Names = pikepdf.Dictionary()
    if "/Dests" not in pdf.Root.Names:
        pdf.Root.Names.Dests = pikepdf.NameTree.new(pdf).obj
    return pikepdf.NameTree(pdf.Root.Names.Dests)


def _write_outline(pdf: Any, pages: list[tuple[float, list[tuple]]]) -> None:
    """The bookmarks of every page as the PDF's outline, nested by level and placed as WeasyPrint places its own
    (``/XYZ`` at the heading's top left, in points from the page's bottom)."""
    import pikepdf  # deferred, as in print_in_parts

    with pdf.open_outline() as outline:
        outline.root.clear()
        stack: list[tuple[int, Any]] = []
        for number, (height, marks) in enumerate(pages):
            for level, label, (x, y), state in marks:
                item = pikepdf.OutlineItem(label, number, "XYZ", left=x * 0.75, top=(height - y) * 0.75, zoom=0)
                item.is_closed = state == "closed"
                while stack and stack[-1][0] >= level:
                    stack.pop()
                (stack[-1][1].children if stack else outline.root).append(item)
                stack.append((level, item))
