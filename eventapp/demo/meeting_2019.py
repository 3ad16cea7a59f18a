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
    ("focal", "Afisa TEHAMA wa Wizara (Demo)"),  # reports for the first ministry of Jedwali I
]


def demo_password(role: str) -> str:
    return f"{role}-demo-2019"

# Participant categories and fees (section 2.6). Group 1 and Group 2 each paid one fee; Group 3
# split lecturers and students. The hidden categories (guests of honour, speakers, sponsors'
# passes) are registered by organisers with the fee waived (sections 3 and 2.5).
# (group number, code, name_sw, name_en, eligibility_sw, eligibility_en, fee, proof (sw, en) or None,
#  needs approval, public)
CATEGORIES = [
    (
        1, "G1", "Wakurugenzi na Maofisa TEHAMA, Watumiaji wa Mifumo", "ICT directors, ICT officers and system users",
        "Wakurugenzi wa TEHAMA, Maofisa TEHAMA Waandamizi, Maofisa Utumishi na Utawala, Mawasiliano, Masoko, "
        "Mipango, Biashara, Ardhi, Elimu, Ugavi, Uhusiano, Ununuzi na Watumiaji wa Mifumo ya TEHAMA.",
        "ICT directors, senior ICT officers, human resources and administration, communication, marketing, "
        "planning, trade, land, education, supplies, public relations and procurement officers, and users of "
        "ICT systems.",
        400_000, None, False, True,
    ),
    (
        2, "G2", "Makatibu Wakuu, Wakuu wa Taasisi na Wakurugenzi wa Halmashauri",
        "Permanent secretaries, CEOs and LGA directors",
        "Makatibu Wakuu, Wakuu wa Taasisi za Umma na Wakurugenzi wa Mamlaka za Serikali za Mitaa na Tawala za Mikoa.",
        "Permanent secretaries, chief executives of public institutions and directors of local government and "
        "regional authorities.",
        200_000, None, False, True,
    ),
    (
        3, "G3-LEC", "Wahadhiri", "Lecturers",
        "Wahadhiri wa vyuo vikuu na vyuo vinavyotoa mafunzo ya teknolojia.",
        "Lecturers of universities and colleges teaching technology.",
        50_000, None, False, True,
    ),
    (
        3, "G3-STU", "Wanachuo", "Students",
        "Wanafunzi wa vyuo vikuu na vyuo vinavyotoa mafunzo ya teknolojia; kitambulisho cha mwanafunzi kinahitajika.",
        "Students of universities and colleges teaching technology; a student ID is required.",
        20_000, ("Kitambulisho cha mwanafunzi", "Student ID card"), True, True,
    ),
    (
        2, "GUEST", "Wageni Waalikwa", "Guests of honour",
        "Wageni rasmi na waalikwa wa ufunguzi na ufungaji; husajiliwa na waandaaji.",
        "Guests of honour at the openings and the closing; registered by the organisers.",
        0, None, False, False,
    ),
    (
        1, "SPEAKER", "Watoa Mada", "Speakers",
        "Watoa mada, wenyeviti wa mijadala na wanajopo; husajiliwa na waandaaji.",
        "Presenters, session chairpersons and panelists; registered by the organisers.",
        0, None, False, False,
    ),
    (
        1, "SPONSOR", "Wawakilishi wa Wafadhili", "Sponsors' passes",
        "Wawakilishi wa taasisi zilizofadhili Kikao Kazi na kuonesha huduma zao; husajiliwa na waandaaji.",
        "Representatives of the sponsoring institutions and their exhibitions; registered by the organisers.",
        0, None, False, False,
    ),
]

# The 22 ministries asked for an implementation report (tables I and II), named as in the
# report with its typos corrected (Ufundu, "Wizara wa"; "Viwanda Biashara na Uwezeshaji" is
# the ministry section 4.3 calls "Wizara ya Viwanda na Biashara"); acronyms only where they
# are well established.
# (name, acronym)
MINISTRIES_REPORTED = [  # Jedwali I: submitted their report
    ("Ofisi ya Rais - Menejimenti ya Utumishi wa Umma na Utawala Bora", "PO-PSMGG"),
    ("Ofisi ya Rais - Tawala za Mikoa na Serikali za Mitaa", "PO-RALG"),
    ("Ofisi ya Makamu wa Rais", "VPO"),
    ("Ofisi ya Waziri Mkuu - Sera, Bunge, Vijana, Ajira na Wenye Ulemavu", "PMO"),
    ("Ofisi ya Waziri Mkuu - Uwekezaji", ""),
    ("Wizara ya Fedha na Mipango", "MoFP"),
    ("Wizara ya Habari, Utamaduni, Sanaa na Michezo", "MICAS"),
    ("Wizara ya Ujenzi, Uchukuzi na Mawasiliano", "MoWTC"),
    ("Wizara ya Elimu, Sayansi, Teknolojia na Ufundi", "MoEST"),
    ("Wizara ya Afya na Ustawi wa Jamii, Jinsia, Wazee na Watoto", "MoHCDGEC"),
    ("Wizara ya Maji na Umwagiliaji", "MoWI"),
    ("Wizara ya Ardhi, Nyumba na Maendeleo ya Makazi", "MLHHSD"),
    ("Wizara ya Katiba na Sheria", "MoCLA"),
    ("Wizara ya Ulinzi na Jeshi la Kujenga Taifa", "MoDNS"),
    ("Wizara ya Maliasili na Utalii", "MNRT"),
    ("Wizara ya Viwanda na Biashara", "MIT"),
]
MINISTRIES_NOT_REPORTED = [  # Jedwali II: did not submit
    ("Wizara ya Nishati", "MoE"),
    ("Wizara ya Mifugo na Uvuvi", "MLF"),
    ("Wizara ya Mambo ya Ndani ya Nchi", "MoHA"),
    ("Wizara ya Madini", ""),
    ("Wizara ya Mambo ya Nje na Ushirikiano wa Afrika Mashariki", "MoFAEAC"),
    ("Wizara ya Kilimo, Chakula na Ushirika", "MoA"),
]
MINISTRIES = MINISTRIES_REPORTED + MINISTRIES_NOT_REPORTED

# The organiser, under the President's Office (Public Service Management).
ORGANISER_INSTITUTION = ("Wakala ya Serikali Mtandao", "eGA",
                         "Ofisi ya Rais - Menejimenti ya Utumishi wa Umma na Utawala Bora")

# Universities and colleges that submitted research and innovation entries (table III),
# with the ministry each falls under (None: private).
# (name, acronym, parent ministry)
UNIVERSITIES = [
    ("University of Dodoma", "UDOM", "Wizara ya Elimu, Sayansi, Teknolojia na Ufundi"),
    ("Nelson Mandela African Institution of Science and Technology", "NM-AIST",
     "Wizara ya Elimu, Sayansi, Teknolojia na Ufundi"),
    ("Mzumbe University", "MU", "Wizara ya Elimu, Sayansi, Teknolojia na Ufundi"),
    ("St. Joseph University in Tanzania", "SJUIT", None),
    ("Mbeya University of Science and Technology", "MUST", "Wizara ya Elimu, Sayansi, Teknolojia na Ufundi"),
    ("The Institute of Finance Management", "IFM", "Wizara ya Fedha na Mipango"),
    ("Tanzania Institute of Accountancy", "TIA", "Wizara ya Fedha na Mipango"),
    ("Ardhi University", "ARU", "Wizara ya Elimu, Sayansi, Teknolojia na Ufundi"),
    ("University of Dar es Salaam", "UDSM", "Wizara ya Elimu, Sayansi, Teknolojia na Ufundi"),
    ("University of Dar es Salaam ICT Incubator", "UDICTI", "Wizara ya Elimu, Sayansi, Teknolojia na Ufundi"),
]
