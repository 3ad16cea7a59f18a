"""The 2019 programme as data, from annex I ("Kiambatisho I") of
`shared/seeds/004_c76d4d1053727026.txt`, and the breakout groups of section 4.3.

Times, English titles and descriptions are as printed; only conversion artefacts are
mended ("e- Government", "CAWM\\", "J judiciary", "&amp;", stray spaces before commas).
The Swahili is ours. Where the print leaves something out, the comment says what we did:

- A session header without a time ("Session III: Chairperson ...") gets the span of the
  items it contains; the ministries' presentations and the discussion that follows are
  its sub-items. A session whose header row is followed by a timed "Presentation from
  Ministries ..." row (Group 1, Session I) is that row: one item with the printed time.
- Sponsor slots ("14:00 – 14:05 NMB") are top-level items of kind SPONSOR_SLOT, outside
  the session that follows: on 1 Feb the print puts the slot before the "Session II"
  header; on 30 Jan the header shares a cell with "Lunch Break", so we read it the same way.
- People named by position only ("CEO – eGA", "DG – COSTECH", "Director ICT Management
  Services - eGA") are the people the same print names elsewhere; positions with no name
  printed anywhere ("Dodoma Regional Commissioner (RC)", the college principals) stay in
  the title or the description, as we do not invent names.

The print's own oddities, kept as they are (the conflict finder reports only the first):
- 30 Jan: "Presentation from Ministries" runs 10:30 – 13:30 but lunch starts at 13:00
  (the discussion inside it ends at 13:00): Session I and the lunch break overlap in the hall.
- 30 Jan: nothing between 08:15 (end of the opening remarks) and 08:45 (official opening).
- 31 Jan: "Ministry of Foreign Affairs ..." has no time; it gets the free 11:30 – 11:45.
- 31 Jan: nothing between 16:15 (vote of thanks) and 16:45 (health break).
- 1 Feb: nothing between 15:40 (vote of thanks) and 16:10 (health break).
"""
from dataclasses import dataclass
from datetime import date, time

from eventapp.programme.models import ItemKind, PersonRole

CHAIR = PersonRole.CHAIRPERSON
PANELIST = PersonRole.PANELIST
PRESENTER = PersonRole.PRESENTER
FACILITATOR = PersonRole.FACILITATOR
GUEST = PersonRole.GUEST_OF_HONOUR
SPEAKER = PersonRole.SPEAKER

# The meeting hall (section 2.3) and four rooms for the breakout groups; the report names
# no breakout rooms, so these names are the demo's.
MAIN_ROOM = "Ukumbi wa Mikutano – UDOM CIVE"
BREAKOUT_ROOMS = [f"Chumba cha Majadiliano {n} – UDOM CIVE" for n in range(1, 5)]


@dataclass(frozen=True)
class Person:
    honorific: str
    name: str
    position: str
    institution: str


# Everyone the programme names, once. The key is how the items below refer to them.
PEOPLE = {
    "bakari": Person("Dr.", "Jabiri Bakari", "CEO", "eGA"),
    # Printed without an honorific on 30 Jan, "Acting PS" on 1 Feb; section 3.1 calls him Bw.
    "kiliba": Person("Mr.", "Mick Kiliba", "Acting Permanent Secretary", "PO-PSGG"),
    # Printed "Director ICTS, POPSM" at the vote of thanks, "Director ICT – PO-PSMGG" as chairperson.
    "kiwango": Person("Mr.", "Priscus Kiwango", "Director ICT", "PO-PSMGG"),
    # Printed "Director of ICT Management - eGA"; the 2 Feb print says "Director ICT Management
    # Services - eGA" and section 3.3 names Eng. Ndomba as the one who closed the meeting that day.
    "ndomba": Person("Eng.", "Benedict Ndomba", "Director of ICT Management", "eGA"),
    "rashidi": Person("Dr.", "Florence Rashidi", "Lecturer", "UDOM-CIVE"),
    "kibola": Person("Mr.", "Baltazar Kibola", "Director of ICT",
                     "Ministry of Lands, Housing and Human Settlements Development"),
    "francis": Person("Ms", "Connie Francis", "Director of ICT", "TCRA"),
    "mongi": Person("Dr.", "Alex Mongi", "Lecturer", "UDOM-CIVE"),
    "yangwe": Person("Mr.", "Mtani Yangwe", "Director of ICT", "Ministry of Tourism and Natural Resources"),
    "sausi": Person("Mr.", "John Sausi", "Director of ICT", "Ministry of Finance and Planning"),
    "mohsin": Person("Dr.", "Mustafa Mohsin", "Lecturer", "UDOM-CIVE"),
    "shayo": Person("Mr.", "Sylvan Shayo", "Manager Consulting and Advisory", "eGA"),
    "mosses": Person("Mr.", "Ismail Mosses", "Lecturer", "UDSM-CoICT"),
    "mahumi": Person("Mr.", "Ibrahim Mahumi", "Director of Human Capital Management", "PO-PSMGG"),
    "kitali": Person("Mr.", "Erick Kitali", "Director ICT", "TAMISEMI"),
    "samizi": Person("Mr.", "Abdallah Samizi", "Manager Enterprise Architecture and Mobile Service", "eGA"),
    "munaku": Person("Mr.", "Mulembwa Munaku", "Director ICT", "Ministry of Communication"),
    # The print gives only her office ("Deputy Minister of State, President's Office ..."); her
    # name is in section 3.2 and annex II.
    "mwanjelwa": Person("Hon. Dr.", "Mary M. Mwanjelwa", "Deputy Minister of State",
                        "President's Office, Public Service Management & Good Governance"),
    # "PS – (Communication)"; the ministry is in the caption of section 4.2.
    "sasabo": Person("Dr.", "Maria Sasabo", "PS (Communication)", "Ministry of Works, Transport and Communication"),
    "yonazi": Person("Dr.", "Jim Yonazi", "Deputy PS (Communication)",
                     "Ministry of Works, Transport and Communication"),
    "chamliho": Person("Eng. Dr.", "Leonard Chamliho", "PS – Transport", "MWTC"),
    "ulanga": Person("Eng.", "Peter Ulanga", "CEO", "UCSAF"),
    "nungu": Person("Dr.", "Amos Nungu", "DG", "COSTECH"),
    "mturi": Person("Dr.", "Elias Mturi", "Deputy Director", "University Computing Centre"),
}


@dataclass(frozen=True)
class Item:
    starts_at: time
    ends_at: time | None
    kind: ItemKind
    title_en: str
    title_sw: str
    description_en: str = ""
    description_sw: str = ""
    people: tuple[tuple[str, PersonRole], ...] = ()  # (key in PEOPLE, role), in printed order
    sponsor_label: str = ""
    children: tuple["Item", ...] = ()


@dataclass(frozen=True)
class ProgrammeDay:
    date: date
    groups: tuple[int, ...]  # participant group numbers
    items: tuple[Item, ...]


def _t(hhmm: str) -> time:
    hours, minutes = hhmm.split(":")
    return time(int(hours), int(minutes))


def item(start: str, end: str | None, kind: ItemKind, title_en: str, title_sw: str, description_en: str = "",
         description_sw: str = "", people=(), sponsor: str = "", children=()) -> Item:
    return Item(_t(start), _t(end) if end else None, kind, title_en, title_sw, description_en, description_sw,
                tuple(people), sponsor, tuple(children))


def ministry(start: str, end: str, title_en: str, title_sw: str, institutions_en: str = "",
             institutions_sw: str = "") -> Item:
    """A ministry's report presentation; the description lists its sector institutions as printed."""
    return item(start, end, ItemKind.PRESENTATION, title_en, title_sw, institutions_en, institutions_sw)


def discussion(start: str, end: str) -> Item:
    return item(start, end, ItemKind.DISCUSSION, "Discussion", "Majadiliano")


def registration(start: str, end: str) -> Item:
    return item(start, end, ItemKind.REGISTRATION, "Registration", "Usajili")


def health_break(start: str, end: str) -> Item:
    return item(start, end, ItemKind.HEALTH_BREAK, "Health Break", "Mapumziko ya Afya")


def nmb(start: str, end: str) -> Item:
    return item(start, end, ItemKind.SPONSOR_SLOT, "NMB", "NMB", sponsor="NMB")


SHARED_SERVICES_EN = (
    "This presentation will share e-Government Implementation experience in providing shared ICT services "
    "to facilitate the adoption of ICT across public institutions. It will explore our rationale for providing "
    "shared services, the different types of shared services we have deployed, and the various mechanism "
    "(business Models we have adopted to sustain the operations of these shared ICT services."
)
SHARED_SERVICES_SW = (
    "Mada hii itaeleza uzoefu wa utekelezaji wa Serikali Mtandao katika kutoa huduma shirikishi za TEHAMA ili "
    "kuwezesha matumizi ya TEHAMA katika taasisi za umma. Itaangazia sababu za kutoa huduma shirikishi, aina "
    "mbalimbali za huduma shirikishi tulizosimika, na mbinu mbalimbali (mifumo ya kibiashara) tulizotumia ili "
    "kuendeleza uendeshaji wa huduma hizi shirikishi za TEHAMA."
)
MINISTRIES_EN = (
    "Summary Presentation of the report from each ministry and its institutions that aims to examine the "
    "e-Government implementation status and see the use of e-Services focusing on citizen and user centric "
    "perspective, interoperability, implication to the economic and industrialization growth, the challenges "
    "faced and the way forward."
)
MINISTRIES_SW = (
    "Muhtasari wa taarifa ya kila wizara na taasisi zake, unaolenga kuchambua hali ya utekelezaji wa Serikali "
    "Mtandao na kuangalia matumizi ya huduma mtandao kwa mtazamo unaomlenga mwananchi na mtumiaji, "
    "mawasiliano baina ya mifumo, mchango wake katika ukuaji wa uchumi na viwanda, changamoto zilizojitokeza "
    "na njia ya kusonga mbele."
)
MINISTRIES_TITLE_EN = "Presentation from Ministries on e-Government Implementation"
MINISTRIES_TITLE_SW = "Uwasilishaji wa Taarifa za Wizara kuhusu Utekelezaji wa Serikali Mtandao"



# Breakout groups (section 4.3): on 1 February Group 1 split into four groups. The report's
# ministries are matched to the demo directory's names (meeting_2019.MINISTRIES). The report
# does not place three ministries (PO – Public Service Management, PMO – Investment, Natural
# Resources and Tourism): they stay unassigned. The fourth group was eGA with "some officers
# from other public institutions". The print has no breakout slot (that day's programme is
# Group 2's), so the groups are linked to no programme item.
# (name, room, institution names)
BREAKOUTS = [
    ("Kikundi cha Kwanza", BREAKOUT_ROOMS[0], [
        "Ofisi ya Makamu wa Rais",
        "Ofisi ya Waziri Mkuu - Sera, Bunge, Vijana, Ajira na Wenye Ulemavu",
        "Ofisi ya Rais - Tawala za Mikoa na Serikali za Mitaa",
        "Wizara ya Elimu, Sayansi, Teknolojia na Ufundi",
        "Wizara ya Maji na Umwagiliaji",
        "Wizara ya Afya na Ustawi wa Jamii, Jinsia, Wazee na Watoto",
        "Wizara ya Mambo ya Nje na Ushirikiano wa Afrika Mashariki",
        "Wizara ya Mambo ya Ndani ya Nchi",
        "Wizara ya Habari, Utamaduni, Sanaa na Michezo",
        "Wizara ya Ulinzi na Jeshi la Kujenga Taifa",
    ]),
    ("Kikundi cha Pili", BREAKOUT_ROOMS[1], [
        "Wizara ya Viwanda na Biashara",
        "Wizara ya Kilimo, Chakula na Ushirika",
        "Wizara ya Mifugo na Uvuvi",
        "Wizara ya Katiba na Sheria",
    ]),
    ("Kikundi cha Tatu", BREAKOUT_ROOMS[2], [
        "Wizara ya Madini",
        "Wizara ya Nishati",
        "Wizara ya Fedha na Mipango",
        "Wizara ya Ujenzi, Uchukuzi na Mawasiliano",
        "Wizara ya Ardhi, Nyumba na Maendeleo ya Makazi",
    ]),
    ("Kikundi cha Nne", BREAKOUT_ROOMS[3], [
        "Wakala ya Serikali Mtandao",
    ]),
]
