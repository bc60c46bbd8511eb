"""The report in a real browser: headless Chromium opens the pages from file://, a
figure's reading is shown on click, the index filters by role and links to the span,
and a document holding `<script>` runs none. Screenshots go to the test's temporary
folder."""
import shutil

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

import pipeline.report
from pipeline.report import page_name, write_report
from pipeline.report.page import number
from tests.report.browser import chromium_page, needs_chromium
from tests.report.conftest import MARKUP_ID

pytestmark = needs_chromium
JIAOZUO = "000_3d6e5cfce5c82a4b"


def figure_rows(folder):
    if (folder / "figures.parquet").exists():
        return pq.read_table(folder / "figures.parquet").to_pylist()
    return [r for t in ("amounts", "percentages") for r in pq.read_table(folder / f"{t}.parquet").to_pylist()]


@pytest.fixture(scope="module")
def site(built, tmp_path_factory):
    """The report of the build, its figures in several data files. Where the tables
    have no role yet, a copy of them gets one (benefit for a figure with a cap, else
    threshold: labels for the filter to work on, not the pipeline's reading)."""
    folder = built
    if "role" not in pq.read_schema(built / "amounts.parquet").names:
        folder = tmp_path_factory.mktemp("with-roles")
        for path in built.iterdir():
            (shutil.copytree if path.is_dir() else shutil.copy)(path, folder / path.name)
        for table in ("amounts", "percentages"):
            rows = pq.read_table(folder / f"{table}.parquet")
            role = pc.if_else(pc.equal(pc.fill_null(rows.column("qualifier"), ""), "max"), "benefit", "threshold")
            pq.write_table(rows.append_column("role", role.cast(pa.string())), folder / f"{table}.parquet")
    chunk = pipeline.report.CHUNK
    pipeline.report.CHUNK = 7           # several data files, loaded one after another
    try:
        out = write_report(folder, tmp_path_factory.mktemp("site") / "report")
    finally:
        pipeline.report.CHUNK = chunk
    return folder, out


def test_a_click_shows_the_figures_reading(site, tmp_path):
    folder, out = site
    amount = next(r for r in figure_rows(folder) if r["doc_id"] == JIAOZUO and r["span"] == "150万元")
    with chromium_page() as page:
        page.goto((out / "docs" / page_name(JIAOZUO)).as_uri())
        page.click(f"#f-{amount['start']}-{amount['end']}")
        reading = page.locator("#reading")
        reading.wait_for(state="visible")
        fields = dict(zip(reading.locator("dt").all_inner_texts(), reading.locator("dd").all_inner_texts()))
        assert "150万元" in reading.locator("h3").inner_text()
        assert fields["value"] == number(amount["value"]) == "1,500,000"
        assert fields["upper"] == "1,500,000" and fields["lower"] == "—"
        assert fields["qualifier"] == "max" and fields["cue"] == "最高"
        assert fields["role"] == (amount.get("role") or "—")
        assert fields["clause"].startswith("一/1")
        # the cue word is marked in the text, and the text keeps its lines
        assert "最高" in page.locator("article .cue").all_inner_texts()
        assert page.evaluate("getComputedStyle(document.querySelector('article')).whiteSpace") == "pre-wrap"
        assert page.evaluate("getComputedStyle(document.querySelector('article')).letterSpacing") == "normal"
        page.screenshot(path=str(tmp_path / "document-reading.png"))
        # the outline jumps to a clause
        page.click("nav.outline a >> text=二/5")
        assert page.evaluate("location.hash").startswith("#c-")
        assert not page.problems


def test_index_filters_by_role_and_links_to_the_span(site, tmp_path):
    folder, out = site
    benefits = [r for r in figure_rows(folder) if r.get("role") == "benefit"]
    assert benefits
    with chromium_page() as page:
        page.goto((out / "index.html").as_uri())
        page.wait_for_selector("#figure-status[data-loaded=true]")
        total = len(figure_rows(folder))
        assert page.locator("#figure-status").get_attribute("data-matching") == str(total)
        page.select_option("#f-role", "benefit")
        page.wait_for_selector(f"#figure-status[data-matching='{len(benefits)}']")
        roles = page.locator("#figures tbody td.role").all_inner_texts()
        assert roles and set(roles) == {"benefit"} and len(roles) == min(len(benefits), 100)
        page.screenshot(path=str(tmp_path / "index-benefits.png"))
        # sorted by value, largest first
        page.click("#figures th[data-sort=number]")
        page.click("#figures th[data-sort=number]")
        shown = page.locator("#figures tbody tr").first.locator("a.to-span").inner_text()
        largest = max(benefits, key=lambda r: next(v for v in (r["value"], r["lower"], r["upper"]) if v is not None))
        assert shown == largest["span"]
        # the row's link opens the document at its span, with its reading
        link = page.locator("#figures tbody tr").first.locator("a.to-span")
        link.click()
        page.wait_for_selector("#reading:not([hidden])")
        target = page.evaluate("decodeURIComponent(location.hash.slice(1))")
        assert target == f"f-{largest['start']}-{largest['end']}"
        assert page.locator(f"mark#{target}").inner_text() == largest["span"]
        assert largest["span"] in page.locator("#reading h3").inner_text()
        assert not page.problems


def test_text_and_value_filters(site):
    folder, out = site
    rows = figure_rows(folder)
    with chromium_page() as page:
        page.goto((out / "index.html").as_uri())
        page.wait_for_selector("#figure-status[data-loaded=true]")
        page.select_option("#f-kind", "amount")
        page.fill("#f-min", "1000000")
        page.fill("#f-max", "5000000")
        inside = [r for r in rows if "currency" in r and r.get("currency") is not None
                  and all(1e6 <= v <= 5e6 for v in ([r["value"]] if r["value"] is not None
                                                    else [x for x in (r["lower"], r["upper"]) if x is not None]))]
        page.wait_for_selector(f"#figure-status[data-matching='{len(inside)}']")
        page.fill("#f-min", "")
        page.fill("#f-max", "")
        page.fill("#f-text", "担保")
        page.select_option("#f-kind", "")
        page.wait_for_function("document.querySelector('#figure-status').dataset.matching !== "
                               f"'{len(rows)}'")
        assert int(page.locator("#figure-status").get_attribute("data-matching")) > 0


def test_a_document_holding_script_runs_none(site, tmp_path):
    folder, out = site
    with chromium_page() as page:
        page.goto((out / "docs" / page_name(MARKUP_ID)).as_uri())
        page.wait_for_load_state("load")
        text = page.locator("article").inner_text()
        assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(2)>" in text
        assert "<script>alert(1)</script>" in page.locator("h1").inner_text()
        page.locator("mark.unit", has_text="市财政局<b>").click()
        assert "市财政局<b>" in page.locator("#reading").inner_text()
        page.goto((out / "index.html").as_uri())
        page.wait_for_selector("#figure-status[data-loaded=true]")
        page.fill("#doc-filter", "测政办")
        page.wait_for_function("document.querySelectorAll('#documents tbody tr').length === 1")
        assert "<script>alert(1)</script>" in page.locator("#documents tbody tr").first.inner_text()
        page.screenshot(path=str(tmp_path / "markup-document.png"))
        assert page.dialogs == [] and not page.problems
