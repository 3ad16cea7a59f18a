"""Facts of the 2019 meeting, from `shared/seeds/004_c76d4d1053727026.txt` (sections 2.2–2.8)."""
from datetime import date

EVENT = {
    "edition": 2,
    "title_sw": "Kikao Kazi cha Pili cha Serikali Mtandao 2019",
    "title_en": "Second e-Government Annual Meeting 2019",
    "theme_sw": "Uwianishaji wa Rasilimali za TEHAMA kwa Maendeleo ya Viwanda",
    "theme_en": "Harmonization of ICT Resources for Industrial Development",
    "venue": "UDOM – CIVE (Chuo cha Sayansi ya Kompyuta, Habari na Mawasiliano)",
    "city": "Dodoma",
    "starts_on": date(2019, 1, 30),
    "ends_on": date(2019, 2, 2),
    # The report gives no registration window; these are the demo's.
    "registration_opens_on": date(2018, 12, 1),
    "registration_closes_on": date(2019, 1, 29),
}

DAYS = [
    (date(2019, 1, 30), "Kundi la Kwanza – Siku ya 1", "Group 1 – Day 1"),
    (date(2019, 1, 31), "Kundi la Kwanza – Siku ya 2", "Group 1 – Day 2"),
    (date(2019, 2, 1), "Kundi la Pili", "Group 2"),
    (date(2019, 2, 2), "Siku ya Utafiti na Ubunifu", "Research and Innovation Day"),
]

# (number, name_sw, name_en, description_sw, description_en, colour, days)
GROUPS = [
    (
        1,
        "Kundi la Kwanza",
        "Group 1",
        "Wakurugenzi wa TEHAMA, Maofisa TEHAMA na Maofisa wanaotumia mifumo ya TEHAMA.",
        "ICT directors, ICT officers and officers who use ICT systems.",
        "#1f6f43",
        [date(2019, 1, 30), date(2019, 1, 31)],
    ),
    (
        2,
        "Kundi la Pili",
        "Group 2",
        "Makatibu Wakuu, Wakuu wa Taasisi za Umma na Wakurugenzi wa Mamlaka za Serikali za Mitaa.",
        "Permanent secretaries, heads of public institutions and directors of local government authorities.",
        "#1d4e89",
        [date(2019, 2, 1)],
    ),
    (
        3,
        "Kundi la Tatu",
        "Group 3",
        "Washiriki wa makundi yote pamoja na wabunifu na watafiti kutoka vyuo vikuu na vyuo vya teknolojia.",
        "Participants of all groups together with innovators and researchers from universities and colleges.",
        "#b5531c",
        [date(2019, 2, 2)],
    ),
]

COMMITTEES = [
    ("Kamati ya Fedha na Ununuzi", "Finance and Procurement Committee", "finance"),
    ("Kamati ya Ratiba, Hotuba na Taarifa", "Programme, Speeches and Reports Committee", "programme"),
    ("Kamati ya Uratibu na Itifaki", "Coordination and Protocol Committee", "organiser"),
    ("Kamati ya Elimu na Mawasiliano", "Education and Communication Committee", "reports"),
]

DEMO_DOMAIN = "demo.example.org"
# Demo accounts only: fixed passwords so that a second run can print them again.
ACCOUNTS = [
    ("admin", "Msimamizi wa Mfumo (Demo)"),
    ("organiser", "Mratibu wa Kikao (Demo)"),
    ("finance", "Afisa Fedha (Demo)"),
    ("programme", "Afisa Ratiba (Demo)"),
    ("reports", "Afisa Taarifa (Demo)"),
    ("judge", "Jaji (Demo)"),
    ("gate", "Mlinzi wa Lango (Demo)"),
    ("participant", "Mshiriki (Demo)"),
]


def demo_password(role: str) -> str:
    return f"{role}-demo-2019"
