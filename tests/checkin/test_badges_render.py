"""Badge PDFs: what a badge shows, its QR code (decoded from the rendered page, carrying the
badge token and nothing else), sheets of four on A4, and text that always fits."""
import secrets
from datetime import date

import pytest
from reportlab.lib.units import mm

from eventapp.checkin import badges
from eventapp.checkin.badges import (
    BADGE_HEIGHT,
    BADGE_WIDTH,
    BOLD,
    MARGIN,
    QR_BOTTOM,
    QR_SIZE,
    TEXT_WIDTH,
    BadgeContent,
    fit_text,
    render_badge,
    render_badge_contents,
    render_badge_sheet,
)
from eventapp.events.wording import event_dates
from eventapp.extensions import db
from tests import factories
from tests.checkin import factories as gate
from tests.checkin.badge_reading import pdf_words, qr_codes
from tests.pdf_reading import pdf_info, pdf_text

LONG_NAME = ("Mwanaisha", "Zuhura", "Nyamwezi-Kilimanjaro wa Kisarawe Kaskazinii")  # 60 characters with spaces


@pytest.fixture
def event(app_ctx):
    return gate.gate_event(title_sw="Kikao Kazi cha Tatu cha Serikali Mtandao", venue="AICC", city="Arusha")


@pytest.fixture
def ministry(app_ctx):
    return factories.institution(name="Wizara ya Fedha na Mipango", acronym="MoFP")


def test_a_badge_shows_the_person_the_group_the_category_and_the_meeting(event, ministry, tmp_path):
    person = gate.confirmed(event, group=3, institution_obj=ministry, title="Dkt.", first_name="Neema",
                           last_name="Mwakalinga", position="Mkurugenzi wa TEHAMA")

    data = render_badge(person)

    text = " ".join(pdf_text(data, tmp_path).split())
    assert "Dkt." in text and "Neema Mwakalinga" in text
    assert "Mkurugenzi wa TEHAMA" in text
    assert "Wizara ya Fedha na Mipango (MoFP)" in text
    assert "KUNDI LA TATU · GROUP 3" in text
    assert "Free Kundi la Tatu · Free Group 3" in text
    assert "Kikao Kazi cha Tatu cha Serikali Mtandao" in text
    assert event_dates(event.starts_on, event.ends_on) in text and "AICC, Arusha" in text
    assert person.reference in text
    assert person.badge_token not in text  # the token is in the QR code only
    assert "297.638 x 419.528 pts" in pdf_info(data, tmp_path)  # A6


def test_the_qr_code_carries_the_badge_token_and_nothing_else(event, tmp_path):
    person = gate.confirmed(event)

    [[code]] = qr_codes(render_badge(person), tmp_path)

    assert code == person.badge_token


def test_a_sheet_of_nine_has_three_a4_pages_and_nine_readable_qr_codes(event, tmp_path):
    people = [gate.confirmed(event, group=1 + i % 3) for i in range(9)]

    data = render_badge_sheet(people)

    info = pdf_info(data, tmp_path)
    assert "Pages:           3" in info and "(A4)" in info
    pages = qr_codes(data, tmp_path)
    assert [len(codes) for codes in pages] == [4, 4, 1]
    assert sorted(code for codes in pages for code in codes) == sorted(p.badge_token for p in people)


def test_each_badge_of_a_sheet_stays_in_its_quarter(event, tmp_path):
    people = [gate.confirmed(event, group=1 + i % 3, first_name="Bartholomayo Emmanueli",
                             last_name=f"Nyamwezi-Kilimanjaro {'ABCD'[i]}") for i in range(4)]

    [page] = pdf_words(render_badge_sheet(people), tmp_path)

    middle_y = page.height / 2
    for word in page.words:
        assert word.x_max <= BADGE_WIDTH or word.x_min >= BADGE_WIDTH, word
        assert word.y_max <= middle_y or word.y_min >= middle_y, word


def _name_words(page, surname: str):
    return [w for w in page.words if w.text in surname.split()]


def test_a_sixty_character_name_shrinks_and_stays_on_the_badge(event, tmp_path):
    first, middle, last = LONG_NAME
    long_one = gate.confirmed(event, title="Mhe. Dkt.", first_name=first, middle_name=middle, last_name=last)
    short_one = gate.confirmed(event, first_name="Asha", last_name="Juma")
    assert len(long_one.full_name) == 60

    [long_page] = pdf_words(render_badge(long_one), tmp_path, "long")
    [short_page] = pdf_words(render_badge(short_one), tmp_path, "short")

    shown = [w.text for w in long_page.words]
    for part in long_one.full_name.split():
        assert part in shown  # every word printed: nothing cut or pushed off the page
    for word in long_page.words:
        assert MARGIN - 1 <= word.x_min and word.x_max <= BADGE_WIDTH - MARGIN + 1, word
        assert 0 <= word.y_min and word.y_max <= BADGE_HEIGHT, word
    long_height = max(w.y_max - w.y_min for w in _name_words(long_page, last))
    short_height = max(w.y_max - w.y_min for w in _name_words(short_page, "Juma"))
    assert long_height < short_height  # the long name got a smaller font


def test_the_longest_values_the_database_holds_never_overflow_or_cover_the_qr_code(app_ctx, tmp_path):
    longest = BadgeContent(
        token=secrets.token_urlsafe(32), reference="R-ABCDEFGHIJ-K", honorific="W" * 30,
        name=" ".join(["Mwanamvua" * 9] * 3), position="Mkurugenzi " * 16, institution="Taasisi " * 25,
        category="Kategoria " * 16 + "· " + "Category " * 17, group="KUNDI " * 20 + "· " + "GROUP " * 20,
        colour="#ffee00", event_title="Kikao " * 40, event_when_where="30 Januari – 2 Februari 2019 · " + "V" * 200,
    )

    [page] = pdf_words(render_badge_contents([longest] * 4), tmp_path)

    badge_top = page.height / 2  # of the lower left badge, from the top of the page
    qr_top = badge_top + BADGE_HEIGHT - QR_BOTTOM - QR_SIZE
    for word in page.words:
        assert word.x_max <= BADGE_WIDTH or word.x_min >= BADGE_WIDTH, word
        assert word.y_max <= badge_top or word.y_min >= badge_top, word
        if word.y_min >= badge_top and word.x_max <= BADGE_WIDTH and word.text != longest.reference:
            assert word.y_max <= qr_top, word
    [codes] = qr_codes(render_badge_contents([longest]), tmp_path)
    assert codes == [longest.token]


def test_fit_text_shrinks_then_wraps_then_cuts_and_never_exceeds_the_width():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    short = fit_text("Asha Juma", BOLD, TEXT_WIDTH, 24, 10, max_lines=2)
    assert short.size == 24 and short.lines == ["Asha Juma"]
    sixty = fit_text(" ".join(LONG_NAME), BOLD, TEXT_WIDTH, 24, 10, max_lines=2)
    assert 10 <= sixty.size < 24 and len(sixty.lines) == 2
    endless = fit_text("Mwanamvua " * 40, BOLD, TEXT_WIDTH, 24, 10, max_lines=2)
    assert endless.size == 10 and len(endless.lines) == 2 and endless.lines[-1].endswith("…")
    unbroken = fit_text("X" * 300, BOLD, TEXT_WIDTH, 24, 10, max_lines=2)
    for fitted in (short, sixty, endless, unbroken):
        assert all(stringWidth(line, BOLD, fitted.size) <= TEXT_WIDTH for line in fitted.lines)
    assert fit_text("", BOLD, TEXT_WIDTH, 24, 10).lines == []


def test_dates_are_written_in_swahili_like_the_title():
    assert event_dates(date(2019, 1, 30), date(2019, 1, 31)) == "30–31 Januari 2019"
    assert event_dates(date(2019, 1, 30), date(2019, 2, 2)) == "30 Januari – 2 Februari 2019"
    assert event_dates(date(2019, 12, 31), date(2020, 1, 1)) == "31 Desemba 2019 – 1 Januari 2020"
    assert event_dates(date(2019, 2, 2), date(2019, 2, 2)) == "2 Februari 2019"


def test_a_light_group_colour_gets_dark_ink_and_a_broken_colour_the_default(event, tmp_path):
    assert badges._on(badges._colour("#ffee00")) == badges.INK
    assert badges._on(badges._colour("#1d4e89")).rgb() == (1, 1, 1)
    assert badges._colour("not a colour").hexval() == badges._colour(badges.DEFAULT_COLOUR).hexval()
    group = event.groups[0]
    group.colour = "#zzzzzz"
    db.session.commit()
    person = gate.confirmed(event)
    [[code]] = qr_codes(render_badge(person), tmp_path)  # still drawn, still readable
    assert code == person.badge_token


def test_an_empty_sheet_is_one_page_that_says_so(app_ctx, tmp_path):
    data = render_badge_contents([])
    assert "No badges" in pdf_text(data, tmp_path)
    assert "Pages:           1" in pdf_info(data, tmp_path)


def test_the_quarter_of_a4_is_exactly_a6():
    assert round(BADGE_WIDTH / mm) == 105 and round(BADGE_HEIGHT / mm) == 148
