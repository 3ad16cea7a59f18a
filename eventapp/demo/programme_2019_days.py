"""The four days of the 2019 programme (annex I), item by item, as printed; the helpers,
the people and the notes on how the print was read are in `programme_2019`."""
from datetime import date

from eventapp.demo.programme_2019 import (
    CHAIR,
    FACILITATOR,
    GUEST,
    MINISTRIES_EN,
    MINISTRIES_SW,
    MINISTRIES_TITLE_EN,
    MINISTRIES_TITLE_SW,
    PANELIST,
    PRESENTER,
    SHARED_SERVICES_EN,
    SHARED_SERVICES_SW,
    SPEAKER,
    Item,
    ProgrammeDay,
    discussion,
    health_break,
    item,
    ministry,
    nmb,
    registration,
)
from eventapp.programme.models import ItemKind

# Group 1, day one (30 January 2019).
GROUP_1_DAY_1 = ProgrammeDay(date(2019, 1, 30), (1,), (
    registration("07:00", "08:00"),
    item("08:00", "08:15", ItemKind.OPENING_REMARKS, "Opening Remarks", "Maneno ya Ufunguzi",
         people=[("bakari", SPEAKER)]),
    # The print has nothing from 08:15 to 08:45.
    item("08:45", "09:10", ItemKind.OFFICIAL_OPENING, "Official Opening", "Ufunguzi Rasmi",
         people=[("kiliba", GUEST)]),
    item("09:10", "09:15", ItemKind.VOTE_OF_THANKS, "Vote of Thanks", "Neno la Shukrani",
         people=[("kiwango", SPEAKER)]),
    item("09:15", "10:00", ItemKind.KEYNOTE, "Keynote Address (e-Government Implementation Status)",
         "Hotuba Kuu (Hali ya Utekelezaji wa Serikali Mtandao)", SHARED_SERVICES_EN, SHARED_SERVICES_SW,
         people=[("bakari", SPEAKER)]),
    health_break("10:00", "10:30"),
    # Printed 10:30 – 13:30 although lunch starts at 13:00: kept, and the one conflict of the demo.
    item("10:30", "13:30", ItemKind.SESSION, f"Session I: {MINISTRIES_TITLE_EN}",
         f"Kipindi cha Kwanza: {MINISTRIES_TITLE_SW}", MINISTRIES_EN, MINISTRIES_SW,
         people=[("ndomba", CHAIR), ("rashidi", PANELIST), ("kibola", PANELIST)],
         children=[
             ministry("10:30", "10:55", "President's Office, Public Service Management & Good Governance",
                      "Ofisi ya Rais – Menejimenti ya Utumishi wa Umma na Utawala Bora",
                      "UTUMISHI, PSC, PSRS, PCCB, Ethics Secretariat, RAMD, TASAF etc.",
                      "UTUMISHI, PSC, PSRS, PCCB, Sekretarieti ya Maadili ya Viongozi wa Umma, RAMD, TASAF n.k."),
             ministry("10:55", "11:20", "President's Office, Regional Administration & Local Government Authorities",
                      "Ofisi ya Rais – Tawala za Mikoa na Serikali za Mitaa"),
             ministry("11:20", "11:40", "Prime Minister's Office", "Ofisi ya Waziri Mkuu",
                      "Parliament, Labour, NEC, Disaster Management, NSSF, WCF etc.",
                      "Bunge, Kazi, NEC, Uratibu wa Maafa, NSSF, WCF n.k."),
             ministry("11:40", "12:00", "Vice President's Office", "Ofisi ya Makamu wa Rais",
                      "NEMC, etc", "NEMC n.k."),
             ministry("12:00", "12:25", "Ministry of Finance and Planning", "Wizara ya Fedha na Mipango",
                      "BOT, TRA, HAZINA, NBS, PSSSF, NAOT, PPRA, GPSA, SSRA, TADB, TIB, TPB, TIRA, NIC, CMSA, DSE, "
                      "UTT, NBAA, GAMING BOARD, etc.",
                      "BOT, TRA, HAZINA, NBS, PSSSF, NAOT, PPRA, GPSA, SSRA, TADB, TIB, TPB, TIRA, NIC, CMSA, DSE, "
                      "UTT, NBAA, Bodi ya Michezo ya Kubahatisha n.k."),
             discussion("12:25", "13:00"),
         ]),
    item("13:00", "14:00", ItemKind.LUNCH, "Lunch Break", "Chakula cha Mchana"),
    nmb("14:00", "14:05"),
    item("14:05", "17:00", ItemKind.SESSION, f"Session II: {MINISTRIES_TITLE_EN}",
         f"Kipindi cha Pili: {MINISTRIES_TITLE_SW}",
         people=[("kiwango", CHAIR), ("francis", PANELIST), ("mongi", PANELIST), ("yangwe", PANELIST)],
         children=[
             ministry("14:05", "14:20", "Ministry of Works, Transportation and Communication",
                      "Wizara ya Ujenzi, Uchukuzi na Mawasiliano",
                      "TPA, ATCL, TRC, TBA, SUMATRA, TMA, ICTC, TCRA, TTCL, TANROADS, TEMESA, ERB, CRB, AQRB, RFB, "
                      "NCC, UCSAF, TCAA, TAA, TAZARA, MSCL, TASAC, TPC etc.",
                      "TPA, ATCL, TRC, TBA, SUMATRA, TMA, ICTC, TCRA, TTCL, TANROADS, TEMESA, ERB, CRB, AQRB, RFB, "
                      "NCC, UCSAF, TCAA, TAA, TAZARA, MSCL, TASAC, TPC n.k."),
             ministry("14:20", "14:40", "Ministry of Education, Science and Technology",
                      "Wizara ya Elimu, Sayansi na Teknolojia",
                      "NECTA, NACTE, TCU, HESLB, TIE, TEA, ADEM, COSTECH, TAEC, VETA etc.",
                      "NECTA, NACTE, TCU, HESLB, TIE, TEA, ADEM, COSTECH, TAEC, VETA n.k."),
             ministry("14:40", "15:00", "Ministry of Health, Community Development, Gender, Elderly and Children",
                      "Wizara ya Afya, Maendeleo ya Jamii, Jinsia, Wazee na Watoto",
                      "MSD, TFDA, NIMR, NHIF, MNH, MOI, etc.", "MSD, TFDA, NIMR, NHIF, MNH, MOI n.k."),
             ministry("15:00", "15:20", "Ministry of Water and Irrigation", "Wizara ya Maji na Umwagiliaji",
                      "Water Authorities, DDCA etc.", "Mamlaka za Maji, DDCA n.k."),
             ministry("15:20", "15:40", "Ministry of Lands, Housing and Human Settlements Development",
                      "Wizara ya Ardhi, Nyumba na Maendeleo ya Makazi",
                      "NHC, WHC, NLUPC, NHBRA etc.", "NHC, WHC, NLUPC, NHBRA n.k."),
             ministry("15:40", "16:00", "Ministry of Justice and Constitutional Affairs", "Wizara ya Katiba na Sheria",
                      "Judiciary Services, Attorney General, Law Reform Commission, RITA, CHRAGG etc.",
                      "Mahakama, Ofisi ya Mwanasheria Mkuu wa Serikali, Tume ya Kurekebisha Sheria, RITA, "
                      "CHRAGG n.k."),
             discussion("16:00", "17:00"),
         ]),
    health_break("17:00", "17:20"),
    item("17:20", "17:30", ItemKind.CLOSING, "Closing Annual Meeting Day One",
         "Kufunga Siku ya Kwanza ya Kikao Kazi"),
))

# Group 1, day two (31 January 2019).
GROUP_1_DAY_2 = ProgrammeDay(date(2019, 1, 31), (1,), (
    registration("07:00", "08:00"),
    item("08:00", "10:30", ItemKind.SESSION, f"Session III: {MINISTRIES_TITLE_EN}",
         f"Kipindi cha Tatu: {MINISTRIES_TITLE_SW}", MINISTRIES_EN, MINISTRIES_SW,
         people=[("sausi", CHAIR), ("mohsin", PANELIST), ("shayo", PANELIST), ("mosses", PANELIST)],
         children=[
             ministry("08:00", "08:15", "Ministry of Agriculture, Food security and Cooperatives",
                      "Wizara ya Kilimo, Chakula na Ushirika",
                      "NFRA, ASA, TSHTDA, TFRA, TCDC, AGITF, Agricultural Boards etc.",
                      "NFRA, ASA, TSHTDA, TFRA, TCDC, AGITF, Bodi za Mazao n.k."),
             ministry("08:15", "08:30", "Ministry of Livestock and Fisheries", "Wizara ya Mifugo na Uvuvi",
                      "LITA, TVLA, TALIRI, TFRI, TLRI, TMPR, TDB, TMB etc.",
                      "LITA, TVLA, TALIRI, TFRI, TLRI, TMPR, TDB, TMB n.k."),
             ministry("08:30", "08:45", "Ministry of Natural Resources and Tourism", "Wizara ya Maliasili na Utalii",
                      "CAWM, FITI, FTI, NCT, NMT, TANAPA, NCCA, TTB, PWFI, TaFF, TFS, etc.",
                      "CAWM, FITI, FTI, NCT, NMT, TANAPA, NCCA, TTB, PWFI, TaFF, TFS n.k."),
             ministry("08:45", "09:00", "Ministry of Industry and Trade", "Wizara ya Viwanda na Biashara",
                      "TANTRADE, SIDO, NDC, BRELA, WMA, EPZA, TIRDO, CAMARTEX, TEMDO, FCC, TIC, TBS, COSOTA, "
                      "WRRB etc.",
                      "TANTRADE, SIDO, NDC, BRELA, WMA, EPZA, TIRDO, CAMARTEX, TEMDO, FCC, TIC, TBS, COSOTA, "
                      "WRRB n.k."),
             ministry("09:00", "09:15", "Ministry of Energy", "Wizara ya Nishati",
                      "TANESCO, EWURA, TEITI, REA, TPDC, PBPA, PURA, TGDC etc.",
                      "TANESCO, EWURA, TEITI, REA, TPDC, PBPA, PURA, TGDC n.k."),
             ministry("09:15", "09:30", "Ministry of Minerals", "Wizara ya Madini",
                      "TGC, MRI, GST, STAMICO, Mining Commission", "TGC, MRI, GST, STAMICO, Tume ya Madini"),
             ministry("09:30", "09:45",
                      "Prime Minister's Office – Labor, Youth, Employment and Persons with Disability",
                      "Ofisi ya Waziri Mkuu – Kazi, Vijana, Ajira na Wenye Ulemavu"),
             discussion("09:45", "10:30"),
         ]),
    health_break("10:30", "11:00"),
    item("11:00", "13:00", ItemKind.SESSION, f"Session IV: {MINISTRIES_TITLE_EN}",
         f"Kipindi cha Nne: {MINISTRIES_TITLE_SW}", MINISTRIES_EN, MINISTRIES_SW,
         people=[("mahumi", CHAIR), ("mongi", PANELIST), ("kitali", PANELIST), ("samizi", PANELIST)],
         children=[
             ministry("11:00", "11:15", "Ministry of Defense & National Services",
                      "Wizara ya Ulinzi na Jeshi la Kujenga Taifa"),
             ministry("11:15", "11:30", "Ministry Home Affairs", "Wizara ya Mambo ya Ndani ya Nchi",
                      "NIDA, IMMIGRATION, TPF, PRISON, FIRE & RESCUE FORCE etc.",
                      "NIDA, Uhamiaji, Jeshi la Polisi, Jeshi la Magereza, Jeshi la Zimamoto na Uokoaji n.k."),
             # Printed without a time: the free slot between its neighbours.
             ministry("11:30", "11:45", "Ministry of Foreign Affairs East Africa and International Relations",
                      "Wizara ya Mambo ya Nje na Ushirikiano wa Afrika Mashariki"),
             ministry("11:45", "12:00", "Ministry of Information, Culture, Arts and Sports",
                      "Wizara ya Habari, Utamaduni, Sanaa na Michezo",
                      "MAELEZO, TBC, TSN, BAKITA, BASATA, TASUBA, BMT, FILM BOARD",
                      "MAELEZO, TBC, TSN, BAKITA, BASATA, TASUBA, BMT, Bodi ya Filamu"),
             discussion("12:00", "13:00"),
         ]),
    item("13:00", "14:00", ItemKind.LUNCH, "Lunch Break", "Chakula cha Mchana"),
    # "Presenter and Facilitator: Mr. Mulembwa Munaku"; we read the resolutions as part of his session.
    item("14:00", "16:00", ItemKind.SESSION, "Session V", "Kipindi cha Tano",
         people=[("munaku", FACILITATOR)],
         children=[
             item("14:00", "15:00", ItemKind.PRESENTATION, "Presentation of key e-Government implementation issues",
                  "Uwasilishaji wa Masuala Muhimu ya Utekelezaji wa Serikali Mtandao",
                  "This session highlights key major issues on e-government implementations and the way forward "
                  "among the practitioners.",
                  "Kipindi hiki kinaangazia masuala makuu ya utekelezaji wa Serikali Mtandao na njia ya kusonga "
                  "mbele miongoni mwa wataalamu watekelezaji.",
                  people=[("munaku", PRESENTER)]),
             item("15:00", "16:00", ItemKind.RESOLUTIONS, "Resolutions", "Maazimio"),
         ]),
    item("16:00", "16:15", ItemKind.VOTE_OF_THANKS, "Vote of Thanks: Meeting Participants",
         "Neno la Shukrani: Washiriki wa Kikao"),
    # The print has nothing from 16:15 to 16:45.
    health_break("16:45", "17:15"),
    item("17:15", None, ItemKind.DEPARTURE, "Departure", "Kuondoka"),
))

# Group 2 (1 February 2019).
GROUP_2 = ProgrammeDay(date(2019, 2, 1), (2,), (
    registration("07:30", "08:00"),
    item("08:00", "08:20", ItemKind.OPENING_REMARKS, "Opening Remarks", "Maneno ya Ufunguzi",
         people=[("bakari", SPEAKER)]),
    item("08:20", "08:25", ItemKind.OPENING_REMARKS, "Open Remarks", "Maneno ya Awali",
         people=[("kiliba", SPEAKER)]),
    item("08:25", "08:30", ItemKind.WELCOME_REMARKS, "Welcoming Remarks: Dodoma Regional Commissioner (RC)",
         "Maneno ya Makaribisho: Mkuu wa Mkoa wa Dodoma (RC)"),
    item("08:30", "08:45", ItemKind.OFFICIAL_OPENING, "Official Opening", "Ufunguzi Rasmi",
         people=[("mwanjelwa", GUEST)]),
    item("08:45", "09:00", ItemKind.VOTE_OF_THANKS, "Vote of Thanks", "Neno la Shukrani",
         people=[("sasabo", SPEAKER)]),
    item("09:00", "10:00", ItemKind.KEYNOTE, "e-Government Implementation Status",
         "Hali ya Utekelezaji wa Serikali Mtandao", SHARED_SERVICES_EN, SHARED_SERVICES_SW,
         people=[("bakari", PRESENTER)]),
    health_break("10:00", "10:30"),
    item("10:30", "13:00", ItemKind.SESSION, "Session I", "Kipindi cha Kwanza",
         people=[("sasabo", CHAIR)],
         children=[
             item("10:30", "11:30", ItemKind.PRESENTATION, "Summary of the key issues on e-Government implementation",
                  "Muhtasari wa Masuala Muhimu ya Utekelezaji wa Serikali Mtandao",
                  people=[("yonazi", PRESENTER)]),
             discussion("11:30", "13:00"),
         ]),
    item("13:00", "14:00", ItemKind.LUNCH, "Lunch Break", "Chakula cha Mchana"),
    nmb("14:00", "14:05"),
    item("14:05", "15:30", ItemKind.SESSION, "Session II", "Kipindi cha Pili",
         people=[("sasabo", CHAIR)],
         children=[item("14:05", "15:30", ItemKind.RESOLUTIONS, "Resolutions", "Maazimio")]),
    item("15:30", "15:40", ItemKind.VOTE_OF_THANKS, "Vote of Thanks", "Neno la Shukrani",
         people=[("chamliho", SPEAKER)]),
    # The print has nothing from 15:40 to 16:10.
    health_break("16:10", "16:30"),
    item("16:30", None, ItemKind.DEPARTURE, "Departure", "Kuondoka"),
))


def paper(start: str, end: str, n: int) -> Item:
    # Section 4.5 names the colleges of the four best papers (UDOM 1, St. Joseph 2, NM-AIST 1)
    # but not their order, so the slots stay as printed.
    return item(start, end, ItemKind.PRESENTATION, f"Research and Innovation – Paper {n}",
                f"Utafiti na Ubunifu – Makala ya {n}")


# Group 3: all participants, Research and Innovation Day (2 February 2019).
GROUP_3 = ProgrammeDay(date(2019, 2, 2), (3,), (
    registration("07:30", "08:00"),
    # "Opening Remarks: CEO – eGA"
    item("08:00", "08:30", ItemKind.OPENING_REMARKS, "Opening Remarks", "Maneno ya Ufunguzi",
         people=[("bakari", SPEAKER)]),
    # "Vote of Thanks: Director ICT Management Services - eGA"
    item("08:30", "08:40", ItemKind.VOTE_OF_THANKS, "Vote of Thanks", "Neno la Shukrani",
         people=[("ndomba", SPEAKER)]),
    item("08:40", "11:00", ItemKind.SESSION,
         "Session I: Harnessing e-Government Research and Innovation in improving Public Service Delivery",
         "Kipindi cha Kwanza: Kutumia Tafiti na Bunifu za Serikali Mtandao Kuboresha Utoaji wa Huduma kwa Umma",
         people=[("ulanga", CHAIR)],
         children=[
             item("08:40", "09:10", ItemKind.PRESENTATION, "Research and Innovation on e-Government",
                  "Utafiti na Ubunifu katika Serikali Mtandao", people=[("bakari", PRESENTER)]),
             item("09:10", "09:30", ItemKind.PRESENTATION, "Research and Innovation on ICT",
                  "Utafiti na Ubunifu katika TEHAMA",
                  "Principal – College of Informatics and Virtual Education UDOM (CIVE)",
                  "Mkuu wa Ndaki ya Sayansi ya Kompyuta, Habari na Mawasiliano – UDOM (CIVE)"),
             item("09:30", "09:50", ItemKind.PRESENTATION, "Research and Innovation on ICT",
                  "Utafiti na Ubunifu katika TEHAMA",
                  "Principal – College of Information and Communication Technologies UDSM (COICT)",
                  "Mkuu wa Ndaki ya Teknolojia ya Habari na Mawasiliano – UDSM (CoICT)"),
             # "DG – COSTECH": Dr. Amos Nungu, as the print names him for Session II.
             item("09:50", "10:10", ItemKind.PRESENTATION, "Research and Innovation on ICT",
                  "Utafiti na Ubunifu katika TEHAMA", people=[("nungu", PRESENTER)]),
             discussion("10:10", "11:00"),
         ]),
    health_break("11:00", "11:30"),
    item("11:30", "13:30", ItemKind.SESSION, "Session II: Presentations of Papers Questions and Answers",
         "Kipindi cha Pili: Uwasilishaji wa Makala za Tafiti, Maswali na Majibu",
         people=[("nungu", CHAIR)],
         children=[paper("11:30", "12:00", 1), paper("12:00", "12:30", 2), paper("12:30", "13:00", 3),
                   paper("13:00", "13:30", 4)]),
    item("13:30", "14:30", ItemKind.LUNCH, "Lunch", "Chakula cha Mchana"),
    item("14:30", "16:00", ItemKind.SESSION, "Session III", "Kipindi cha Tatu",
         people=[("ulanga", FACILITATOR), ("mturi", FACILITATOR)],
         children=[
             item("14:30", "16:00", ItemKind.DISCUSSION,
                  "Discussion on the future of e-Government Research and Innovation",
                  "Majadiliano kuhusu Mustakabali wa Tafiti na Bunifu za Serikali Mtandao"),
         ]),
    item("16:00", "16:30", ItemKind.RECOGNITION, "Recognition of the Best Research and Innovation Paper",
         "Kutambua Makala Bora ya Utafiti na Ubunifu", people=[("bakari", SPEAKER)]),
    item("16:30", "16:40", ItemKind.VOTE_OF_THANKS, "Vote of Thanks", "Neno la Shukrani",
         people=[("ndomba", SPEAKER)]),
    item("16:40", "17:00", ItemKind.DEPARTURE, "Health Break and Departure", "Mapumziko ya Afya na Kuondoka"),
))

PROGRAMME = [GROUP_1_DAY_1, GROUP_1_DAY_2, GROUP_2, GROUP_3]
