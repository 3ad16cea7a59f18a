"""The sponsors and the exhibition of the 2019 meeting, from `shared/seeds/004_c76d4d1053727026.txt`.

Section 2.5 names the ten institutions that sponsored the meeting; section 2.7 says they
exhibited their services to the public beside the ten selected research and innovation
entries, from 30 January to 2 February 2019; annex I gives NMB two programme slots
("14:00 – 14:05 NMB", on 30 January and 1 February). Everything else here is the demo's
own, and marked so: the report gives no packages, amounts, contacts, websites, logos or
floor plan.
"""

# (name as written in section 2.5 with its typos corrected, acronym, institution type,
#  parent ministry in the demo directory or None, placeholder logo colour)
# The parents are the ministries responsible for each institution in 2019. The report
# itself places TANAPA under Natural Resources and Tourism and COSTECH under Education
# (annex I, the ministries' presentation slots); the others follow the government's
# structure of the time. The colours are placeholders, not the institutions' own.
SPONSORS = [
    ("National Microfinance Bank", "NMB", "private", None, "#1d4e89"),
    ("National Bank of Commerce", "NBC", "private", None, "#a4262c"),
    ("Shirika la Hifadhi za Taifa Tanzania", "TANAPA", "sector_institution",
     "Wizara ya Maliasili na Utalii", "#5b7a1f"),
    ("Mamlaka ya Mawasiliano Tanzania", "TCRA", "sector_institution",
     "Wizara ya Ujenzi, Uchukuzi na Mawasiliano", "#0f6f7a"),
    ("Mfuko wa Mawasiliano kwa Wote", "UCSAF", "sector_institution",
     "Wizara ya Ujenzi, Uchukuzi na Mawasiliano", "#6a3d8f"),
    ("Tume ya Sayansi na Teknolojia", "COSTECH", "sector_institution",
     "Wizara ya Elimu, Sayansi, Teknolojia na Ufundi", "#b5531c"),
    ("Mfuko wa Fidia kwa Wafanyakazi", "WCF", "sector_institution",
     "Ofisi ya Waziri Mkuu - Sera, Bunge, Vijana, Ajira na Wenye Ulemavu", "#8a5a00"),
    ("Mfuko wa Hifadhi ya Jamii", "NSSF", "sector_institution",
     "Ofisi ya Waziri Mkuu - Sera, Bunge, Vijana, Ajira na Wenye Ulemavu", "#15502f"),
    ("Bohari Kuu ya Dawa", "MSD", "sector_institution",
     "Wizara ya Afya na Ustawi wa Jamii, Jinsia, Wazee na Watoto", "#2f6fb0"),
    ("Mamlaka ya Usimamizi wa Mifuko ya Hifadhi ya Jamii", "SSRA", "sector_institution",
     "Ofisi ya Waziri Mkuu - Sera, Bunge, Vijana, Ajira na Wenye Ulemavu", "#5b6670"),
]

# The report gives no tiers and no amounts: every one of the ten is simply a sponsor
# ("kilifadhiliwa na"). The demo therefore has one "Mfadhili / Sponsor" package holding all
# ten, and an empty "Exhibitor" package to show a second tier. DEMO AMOUNTS: the figures,
# booth sizes and passes below are invented for the demo, not taken from the report. The
# sponsor package's 10 programme minutes hold NMB's two five-minute slots of annex I.
PACKAGES = [
    dict(code="sponsor", name_sw="Mfadhili", name_en="Sponsor", rank=1, amount=10_000_000, currency="TZS",
         booth_size_m2=9, complimentary_passes=5, programme_minutes=10,
         logo_on_programme=True, logo_on_website=True, logo_on_certificates=False),
    dict(code="exhibitor", name_sw="Mwonyeshaji", name_en="Exhibitor", rank=2, amount=2_000_000,
         currency="TZS",
         booth_size_m2=9, complimentary_passes=2, programme_minutes=0,
         logo_on_programme=False, logo_on_website=True, logo_on_certificates=False),
]
SPONSOR_PACKAGE = "sponsor"

# The report does not say which sponsors had paid, only that they sponsored the meeting, so
# the demo records each as CONFIRMED (agreed), not PAID; no pledge bill is raised.
SPONSOR_STATUS = "confirmed"


def demo_contact(acronym: str) -> tuple[str, str]:
    """A made-up contact person and address per sponsor (demo only)."""
    return f"Afisa Uhusiano wa {acronym} (Demo)", f"sponsor-{acronym.lower()}@demo.example.org"


# The exhibition (section 2.7): the demo's own floor plan, as the report has none. Row A
# holds one booth per sponsor in the order of section 2.5; row B, across an aisle, the ten
# selected research and innovation entries (left free until the innovation competition
# allocates them). Two rows of five each, so the plan reads on a phone.
BOOTH_SIZE_M2 = 9
SPONSOR_AREA = "Eneo la wafadhili / Sponsors' area"
INNOVATION_AREA = "Eneo la Utafiti na Ubunifu / Research and innovation area"


def _row(letter: str, first_row: int, location: str) -> list[tuple[str, int, int, str]]:
    return [(f"{letter}{i + 1}", i % 5, first_row + i // 5, location) for i in range(10)]


# (number, grid column, grid row, location)
SPONSOR_BOOTHS = _row("A", 0, SPONSOR_AREA)
INNOVATION_BOOTHS = _row("B", 3, INNOVATION_AREA)
