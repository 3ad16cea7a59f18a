"""The 786 participants of the 2019 meeting, as demo data.

From `shared/seeds/004_c76d4d1053727026.txt` (sections 2.4 and 2.6): 786 participants from
public institutions in three groups — Group 1 (ICT directors, ICT officers and system users,
30–31 January), Group 2 (permanent secretaries, heads of public institutions, directors of
local government and regional authorities, 1 February), Group 3 (lecturers and students of
universities and technology colleges with the other groups, 2 February) — and the four fees.

DEMO ONLY, invented and marked so: how the 786 split between the categories (the report gives
only the total), every name, email, phone, position and institution of a participant, the
local government and regional authorities added to the directory, which ministries registered
as a delegation, when each registered and paid and by which channel, the registrations that
are not participants (pending payment, cancelled, rejected), who passed the gate when, and the
signatories of the exhibition certificates.
"""
from datetime import date, time

# The demo's split of the 786 confirmed registrations (the report gives only the total).
CONFIRMED_PER_CATEGORY = {
    "G1": 540,
    "G2": 120,
    "G3-LEC": 36,
    "G3-STU": 50,
    "GUEST": 8,
    "SPEAKER": 12,
    "SPONSOR": 20,  # two passes per sponsor institution
}
PARTICIPANTS = 786
if sum(CONFIRMED_PER_CATEGORY.values()) != PARTICIPANTS:  # checked on import, also under python -O
    raise RuntimeError("CONFIRMED_PER_CATEGORY must add up to PARTICIPANTS")

# Registrations that are NOT participants, so that counting only confirmed ones matters.
# (No waiting list: the 2019 categories have no capacity, so nobody could have waited.)
PENDING_PAYMENT_PER_CATEGORY = {"G1": 6, "G2": 2, "G3-LEC": 1}  # on a pending bill, never paid
CANCELLED_PER_CATEGORY = {"G1": 4, "G2": 1}  # their bill cancelled unpaid
REJECTED_PER_CATEGORY = {"G3-STU": 2}  # no student ID: rejected before any bill
PENDING_FROM = date(2019, 1, 24)  # those still waiting to pay registered late
CANCEL_REASON = "[Demo] Ameshindwa kuhudhuria kwa sababu ya majukumu mengine ya kikazi."
REJECT_REASON = "[Demo] Kitambulisho cha mwanafunzi hakikuambatishwa."

# The registration window (meeting_2019.EVENT) and its last two weeks' rush.
WINDOW_OPENS = date(2018, 12, 1)
RUSH_STARTS = date(2019, 1, 16)
WINDOW_CLOSES = date(2019, 1, 29)
RUSH_SHARE = 0.62  # of the public registrations, in the last two weeks
ORGANISERS_REGISTER_FROM = date(2019, 1, 14)  # guests, speakers and sponsors' passes
WORKING_HOURS = (8, 17)  # East Africa Time
LATEST_PAYMENT = (date(2019, 1, 29), time(21, 0))  # East Africa Time, before the meeting

# Local government and regional authorities added to the directory (under PO-RALG) for the
# Group 2 directors and the councils' ICT officers of Group 1.
LOCAL_GOVERNMENTS = [
    "Halmashauri ya Jiji la Dodoma", "Halmashauri ya Jiji la Dar es Salaam", "Halmashauri ya Jiji la Arusha",
    "Halmashauri ya Jiji la Mwanza", "Halmashauri ya Jiji la Mbeya", "Halmashauri ya Jiji la Tanga",
    "Halmashauri ya Manispaa ya Morogoro", "Halmashauri ya Manispaa ya Iringa", "Halmashauri ya Manispaa ya Moshi",
    "Halmashauri ya Manispaa ya Kinondoni", "Halmashauri ya Manispaa ya Ilala", "Halmashauri ya Manispaa ya Temeke",
    "Halmashauri ya Manispaa ya Singida", "Halmashauri ya Manispaa ya Tabora", "Halmashauri ya Wilaya ya Bahi",
    "Halmashauri ya Wilaya ya Chamwino", "Halmashauri ya Wilaya ya Kongwa", "Halmashauri ya Wilaya ya Mpwapwa",
    "Halmashauri ya Wilaya ya Kondoa", "Halmashauri ya Wilaya ya Chemba",
]
REGIONAL_SECRETARIATS = [
    f"Sekretarieti ya Mkoa wa {region}"
    for region in ("Dodoma", "Dar es Salaam", "Arusha", "Mwanza", "Mbeya", "Morogoro", "Singida", "Tanga")
]
LOCAL_PARENT = "Ofisi ya Rais - Tawala za Mikoa na Serikali za Mitaa"

# Institutions whose Group 1 officers registered as one delegation with one bill (by name in
# the directory); everyone else registered on their own.
DELEGATIONS = [
    "Ofisi ya Rais - Tawala za Mikoa na Serikali za Mitaa",
    "Wizara ya Fedha na Mipango",
    "Wizara ya Elimu, Sayansi, Teknolojia na Ufundi",
    "Wizara ya Afya na Ustawi wa Jamii, Jinsia, Wazee na Watoto",
    "Wizara ya Ujenzi, Uchukuzi na Mawasiliano",
    "Wizara ya Ardhi, Nyumba na Maendeleo ya Makazi",
    "Mamlaka ya Mawasiliano Tanzania",
    "Mfuko wa Hifadhi ya Jamii",
]

# Where Group 1 comes from: the share of each kind of institution (split evenly within a kind).
G1_SHARES = {"ministry": 0.56, "ega": 0.06, "sector": 0.20, "local": 0.12, "regional": 0.06}
G2_SHARES = {"ministry": 0.36, "ega": 0.03, "sector": 0.14, "local": 0.25, "regional": 0.12, "university": 0.10}

# Names (Swahili and other Tanzanian names, made up in combination).
MALE_NAMES = [
    "Juma", "Hamisi", "Baraka", "Emmanuel", "Daudi", "Godfrey", "Salim", "Yusufu", "Joseph", "John", "Peter",
    "Abdallah", "Hassan", "Said", "Ally", "Athumani", "Frank", "Elia", "Wilson", "Charles", "Gerald", "Amosi",
    "Erasto", "Musa", "Ramadhani", "Khamis", "Omari", "Rashidi", "Idrisa", "Edwin", "Nassoro", "Shabani", "Issa",
    "Kassim", "Paulo", "Yohana", "Stephano", "Zuberi", "Deogratias", "Innocent",
]
FEMALE_NAMES = [
    "Asha", "Neema", "Rehema", "Zawadi", "Halima", "Upendo", "Faraja", "Imani", "Mwanaidi", "Grace", "Esther",
    "Mary", "Anna", "Agnes", "Happiness", "Mwajuma", "Zainabu", "Fatuma", "Salma", "Joyce", "Rose", "Winfrida",
    "Elizabeth", "Lucy", "Mariamu", "Subira", "Tumaini", "Rukia", "Saada", "Witness", "Consolata", "Veronica",
]
FAMILY_NAMES = [
    "Mushi", "Mwakyusa", "Kimaro", "Massawe", "Mollel", "Lyimo", "Nyirenda", "Mbwambo", "Shirima", "Kombo", "Temba",
    "Swai", "Mrema", "Mwakalinga", "Kisanga", "Ngowi", "Makame", "Mwinyi", "Bakari", "Mfinanga", "Magesa", "Chacha",
    "Marwa", "Mwita", "Nyamhanga", "Mtei", "Urassa", "Minja", "Mallya", "Kessy", "Salum", "Mzee", "Haji", "Kapinga",
    "Komba", "Nchimbi", "Mhagama", "Ndunguru", "Luoga", "Chande", "Mgaya", "Sanga", "Mwasongwe", "Mwaipopo",
    "Kyando", "Mapunda", "Ngonyani", "Kilimba", "Lukumay", "Laizer", "Sumari", "Pallangyo", "Nkya", "Mosha",
    "Tarimo", "Msuya", "Kweka", "Massay",
]
FEMALE_SHARE = 0.38
MIDDLE_NAME_SHARE = 0.35
ENGLISH_SHARE = 0.15  # the rest registered in Swahili
PHONE_PREFIXES = ("71", "74", "75", "76", "78", "65", "68", "69")  # 2557X / 2556X mobile networks

# Titles per category: (title, weight) for men and women.
TITLES = {
    "G1": ([("Bw.", 80), ("Eng.", 14), ("Dkt.", 6)], [("Bi.", 86), ("Eng.", 8), ("Dkt.", 6)]),
    "G2": ([("Bw.", 45), ("Dkt.", 35), ("Eng.", 15), ("Prof.", 5)], [("Bi.", 50), ("Dkt.", 40), ("Prof.", 10)]),
    "G3-LEC": ([("Dkt.", 50), ("Bw.", 40), ("Prof.", 10)], [("Dkt.", 50), ("Bi.", 45), ("Prof.", 5)]),
    "G3-STU": ([("Bw.", 1)], [("Bi.", 1)]),
    "GUEST": ([("Mhe.", 1)], [("Mhe.", 1)]),
    "SPEAKER": ([("Dkt.", 40), ("Eng.", 25), ("Prof.", 15), ("Bw.", 20)], [("Dkt.", 50), ("Prof.", 15), ("Bi.", 35)]),
    "SPONSOR": ([("Bw.", 1)], [("Bi.", 1)]),
}

# Positions (Swahili). Group 1: (position, weight).
G1_POSITIONS = [
    ("Mkurugenzi wa TEHAMA", 6), ("Afisa TEHAMA Mkuu", 10), ("Afisa TEHAMA Mwandamizi", 16), ("Afisa TEHAMA", 24),
    ("Mchambuzi wa Mifumo", 8), ("Msimamizi wa Mifumo ya Kompyuta", 6), ("Afisa Utumishi", 4),
    ("Afisa Utawala", 3), ("Afisa Mawasiliano", 3), ("Afisa Masoko", 2), ("Afisa Mipango", 4),
    ("Afisa Biashara", 2), ("Afisa Ardhi", 2), ("Afisa Elimu", 2), ("Afisa Ugavi", 3), ("Afisa Uhusiano", 2),
    ("Afisa Ununuzi", 3), ("Mtakwimu", 2), ("Mhasibu", 3),
]
# Group 2, per kind of institution: the first registrant of an institution holds the first.
G2_POSITIONS = {
    "ministry": ["Katibu Mkuu", "Naibu Katibu Mkuu", "Mkurugenzi wa Sera na Mipango",
                 "Mkurugenzi wa Utawala na Usimamizi wa Rasilimali Watu"],
    "ega": ["Mtendaji Mkuu", "Mkurugenzi wa Huduma za Serikali Mtandao"],
    "sector": ["Mkurugenzi Mkuu", "Naibu Mkurugenzi Mkuu", "Mkurugenzi wa Huduma za Shirika"],
    "local": ["Mkurugenzi Mtendaji", "Mkurugenzi Mtendaji (Kaimu)"],
    "regional": ["Katibu Tawala wa Mkoa", "Katibu Tawala Msaidizi - Mipango na Uratibu"],
    "university": ["Makamu Mkuu wa Chuo", "Naibu Makamu Mkuu wa Chuo - Taaluma"],
}
LECTURER_POSITIONS = ["Mhadhiri", "Mhadhiri Msaidizi", "Mhadhiri Mwandamizi"]
STUDENT_POSITION = "Mwanafunzi"
SPEAKER_POSITIONS = ["Mkurugenzi wa Huduma za Serikali Mtandao", "Mtaalamu wa Usalama wa Mitandao",
                     "Mhadhiri Mwandamizi", "Mshauri wa TEHAMA", "Mkurugenzi wa TEHAMA", "Mtafiti Mkuu"]
SPONSOR_POSITIONS = ["Afisa Masoko", "Afisa Uhusiano", "Meneja wa Biashara", "Afisa TEHAMA"]
GUEST_POSITIONS = {"ministry": "Naibu Waziri", "regional": "Mkuu wa Mkoa", "sector": "Mwenyekiti wa Bodi"}
# Guests (hidden category): which kinds of institution, in order.
GUEST_KINDS = ["ministry", "ministry", "regional", "regional", "regional", "sector", "sector", "ministry"]
# Speakers: which kinds of institution, in order.
SPEAKER_KINDS = ["ega", "ega", "ega", "ega", "university", "university", "university", "ministry", "ministry",
                 "ministry", "sector", "sector"]

# Payments: (channel, psp name, weight) for a person paying their own fee; delegations pay by
# bank or transfer. Mobile money arrives through the gateway, banks through the statement.
INDIVIDUAL_CHANNELS = [
    ("mpesa", "M-Pesa", 38), ("tigopesa", "Tigo Pesa", 15), ("airtelmoney", "Airtel Money", 10),
    ("halopesa", "HaloPesa", 3), ("bank", "NMB", 14), ("bank", "CRDB", 10), ("bank", "NBC", 4),
    ("transfer", "TISS", 6),
]
DELEGATION_CHANNELS = [("bank", "NMB", 4), ("bank", "CRDB", 3), ("transfer", "TISS", 3)]
MOBILE_CHANNELS = ("mpesa", "tigopesa", "airtelmoney", "halopesa")

# The gate: about nine in ten confirmed participants came on each of their group's days,
# between 06:45 and 10:30 East Africa Time, most between 07:30 and 08:30.
ATTENDANCE = 0.9
ARRIVAL_BANDS = [((6, 45), (7, 30), 25), ((7, 30), (8, 30), 60), ((8, 30), (10, 30), 15)]
GATES = [("Lango Kuu", 7), ("Lango la Pili", 3)]
CHECKIN_SOURCES = [("device", 55), ("scanner", 35), ("manual", 10)]

# The exhibition certificates ("zilitunikiwa vyeti", section 2.7): the demo's signatories.
EXHIBITOR_SIGNATORIES = (
    ("Eng. Amani Mwakalinga (Demo)", "Mtendaji Mkuu, Wakala ya Serikali Mtandao"),
    ("Dkt. Neema Kimaro (Demo)", "Mwenyekiti, Kamati ya Ratiba, Hotuba na Taarifa"),
)
EXHIBITOR_CERTIFICATES_ISSUED = (date(2019, 2, 2), time(15, 0))  # East Africa Time
