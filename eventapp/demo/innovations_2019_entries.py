"""Jedwali Na.3 of `shared/seeds/004_c76d4d1053727026.txt`: the 24 research and innovation
entries of 2019 with the institutions as printed, and the demo's own texts and scores.

From the report: each entry's number, institution and title. DEMO ONLY: the category and
stage chosen for each title, every abstract, problem and solution (each starts with
"[Demo]"), the team members and the judges' scores, none of which the report gives.
"""
from dataclasses import dataclass

from eventapp.innovations.models import EntryStage

RESEARCH = "research"
INNOVATION = "innovation"
DEMO_MARK = "[Demo]"


@dataclass(frozen=True)
class TableEntry:
    number: int  # "Na." in Jedwali III
    institution: str  # as printed
    title: str  # as printed
    category: str  # the demo's reading of the title: a research paper or an innovation
    stage: EntryStage
    abstract: str
    problem: str
    solution: str


UDOM = "University of Dodoma"
NM_AIST = "Nelson Mandela African Institute of Science And Technology"
MZUMBE = "Mzumbe University"
SJUIT = "St.Joseph University"
MUST = "Mbeya University of Science and Technology"
IFM = "The Institute of Finance Management"
TIA = "Tanzania Institute of Accountancy"
ARDHI = "Ardhi University"
UDICTI = "University of Dar es Salaam Information and Communication Technology Incubator (UDICCTI)"

PROTOTYPE, IDEA, DEPLOYED = EntryStage.PROTOTYPE, EntryStage.IDEA, EntryStage.DEPLOYED


def _entry(number, institution, title, category, stage, abstract, problem, solution) -> TableEntry:
    return TableEntry(number, institution, title, category, stage, f"{DEMO_MARK} {abstract}",
                      f"{DEMO_MARK} {problem}", f"{DEMO_MARK} {solution}")


TABLE_III = [
    _entry(1, UDOM, "Tujifunze Learning Content Management System for Primary Schools", INNOVATION, PROTOTYPE,
           "A learning content management system through which primary school teachers publish lessons in "
           "Swahili and pupils study them online or from a school server.",
           "Primary schools have few textbooks and teachers have no shared place to publish and reuse lessons.",
           "Teachers upload lessons that follow the national syllabus; pupils study them on shared computers or "
           "tablets and head teachers follow their progress."),
    _entry(2, UDOM, "Mlinde Game App", INNOVATION, PROTOTYPE,
           "A mobile game that teaches children to protect themselves from abuse, online and offline, through "
           "short stories and quizzes.",
           "Children meet risks online and at home but learn little about keeping themselves safe.",
           "A Swahili game whose levels are built around safe choices, with guidance for parents and teachers."),
    _entry(3, NM_AIST, "Machine Learning Based Approach to Measure the Quality of Maternal, Neonatal and Child "
           "Health in Developing Countries", RESEARCH, PROTOTYPE,
           "A study applying machine-learning models to routine health records to estimate the quality of "
           "maternal, neonatal and child health services in health facilities.",
           "The quality of maternal, neonatal and child care is measured by infrequent surveys that arrive too "
           "late to guide action.",
           "Models trained on routinely reported indicators score each facility, so district teams can target "
           "their supervision."),
    _entry(4, MZUMBE, "Real Time Monitoring and Evaluation System to Track Performance of Direct Health Facility "
           "Financing and Expected Disbursement", INNOVATION, PROTOTYPE,
           "A web system that follows the funds sent directly to health facilities and compares spending with "
           "planned activities as it happens.",
           "Councils learn late how health facilities use the funds disbursed to them directly.",
           "Facilities record receipts and spending; dashboards show each council's performance against the "
           "expected disbursement."),
    _entry(5, SJUIT, "Infusion Device for Delivering Intravenous Medication to Patients", INNOVATION, PROTOTYPE,
           "A low-cost infusion device that controls the flow of intravenous medication and alerts nurses when "
           "a bag runs empty or the line is blocked.",
           "Wards with few nurses cannot watch every drip, and electronic infusion pumps are costly.",
           "A microcontroller regulates the drip rate and alerts the nurses' station by buzzer or SMS."),
    _entry(6, SJUIT, "Telecardiology for Rural Health Care", INNOVATION, PROTOTYPE,
           "A telecardiology system that sends electrocardiograms recorded at rural health centres to "
           "cardiologists for remote reading.",
           "Rural patients travel far to see a cardiologist, and heart conditions go undiagnosed.",
           "A portable ECG unit uploads recordings over the mobile network; a specialist reads them and replies "
           "with advice."),
    _entry(7, UDOM, "Swahili Language Editing Tool to Support Swahili Writers and Learners", INNOVATION, PROTOTYPE,
           "A spelling and grammar checker for Swahili that helps writers, students and public offices produce "
           "correct texts.",
           "Word processors offer little help for Swahili, so official and learning documents carry avoidable "
           "errors.",
           "A dictionary and rule-based checker that suggests corrections, as a web editor and a word-processor "
           "add-in."),
    _entry(8, UDOM, "Industrial Practical Training Management System", INNOVATION, DEPLOYED,
           "A system that places students in industrial practical training, follows their logbooks and "
           "collects their supervisors' assessments.",
           "Placements, logbooks and assessments of thousands of students are handled on paper.",
           "Students apply for placements online and submit weekly logbooks; workplace and university "
           "supervisors assess them in the same system."),
    _entry(9, MUST, "Open Performance Review and Appraisal Electronic System", INNOVATION, DEPLOYED,
           "An electronic form of the public service's open performance review and appraisal (OPRAS), from "
           "objectives to the annual review.",
           "Paper appraisal forms are filled in late, lost or never reviewed.",
           "Staff and supervisors agree objectives and record the mid-year and annual reviews online; human "
           "resources get the reports."),
    _entry(10, MUST, "Electronic Records and Files Tracking System", INNOVATION, PROTOTYPE,
           "A system that registers incoming letters and files and tracks their movement between offices.",
           "Files are delayed or lost between offices and nobody can tell where a letter is.",
           "Each file carries a barcode; every hand-over is scanned and the registry sees the file's history."),
    _entry(11, IFM, "Incident Management System", INNOVATION, PROTOTYPE,
           "A help-desk system where staff report ICT incidents and technicians follow them to resolution.",
           "ICT faults are reported by phone or in person, then forgotten or reported again.",
           "Incidents are logged, prioritised, assigned and closed with a record, with reports on response "
           "times."),
    _entry(12, SJUIT, "File Tracking System", INNOVATION, PROTOTYPE,
           "A web and mobile application for following paper files through an institution's offices.",
           "Officers spend time searching for files that have moved between desks.",
           "Officers record each transfer and are told when a file reaches them."),
    _entry(13, MZUMBE, "Factors Influencing Access to Electronic Government Information and E-Government Adoption "
           "in Selected Districts of Tanzania", RESEARCH, IDEA,
           "A survey of citizens in selected districts on what shapes their access to electronic government "
           "information and their use of e-government services.",
           "E-government services exist, but many citizens outside the cities do not use them and the reasons "
           "are not well understood.",
           "The study ranks awareness, the cost of access, language and trust as the main factors and "
           "recommends a measure for each."),
    _entry(14, TIA, "Water Pipe Leakage Reporting System", INNOVATION, PROTOTYPE,
           "A mobile and USSD service through which citizens report water pipe leakages, with their location, "
           "to the water authority.",
           "Leaking pipes waste water for days before the utility learns of them.",
           "Citizens send a report with a photo or a location; the utility sends a technician and tells the "
           "reporter when the leak is fixed."),
    _entry(15, SJUIT, "Patient Management System for a Hospital", INNOVATION, PROTOTYPE,
           "A hospital system covering patient registration, consultation, laboratory, pharmacy and billing.",
           "Paper patient records make queues long and histories incomplete.",
           "One electronic record follows the patient through every department of the hospital."),
    _entry(16, MUST, "Deployment of All Colleges and Secondary Schools Information System to e-GA Data Center "
           "Server", INNOVATION, DEPLOYED,
           "The move of an information system for colleges and secondary schools from local servers to the "
           "government data centre run by eGA.",
           "Systems hosted on local servers suffer outages and have no backups.",
           "The system runs in the government data centre with backups and monitoring, and institutions reach "
           "it over the government network."),
    _entry(17, ARDHI, "Mobile App - Coordination", INNOVATION, IDEA,
           "A mobile application that helps field teams coordinate tasks, meetings and reports.",
           "Field staff coordinate by calls and messages that leave no record.",
           "Tasks, schedules and field reports are shared in one app that works over a poor connection."),
    _entry(18, MZUMBE, "Online Management of Student Admissions in High Learning Institutions in Tanzania",
           INNOVATION, PROTOTYPE,
           "A web system for applying to, and admitting students into, higher learning institutions.",
           "Applicants travel and pay to hand in paper forms at each institution.",
           "Applicants apply online, pay by control number and follow their admission status."),
    _entry(19, UDICTI, "White Paper: Experience of UDICCTI in Supporting Innovation In Tanzania", RESEARCH, IDEA,
           "A white paper on the incubator's experience of supporting ICT start-ups and what it teaches about "
           "supporting innovation in Tanzania.",
           "Young innovators' ideas rarely become lasting businesses or public services.",
           "The paper describes mentoring, working space and links to government and industry, and recommends "
           "how public institutions can adopt incubated solutions."),
    _entry(20, UDICTI, "Agro-Lenz App", INNOVATION, PROTOTYPE,
           "A mobile application that recognises crop diseases from a photograph of a leaf and advises the "
           "farmer.",
           "Farmers lose harvests to diseases that too few extension officers can diagnose in time.",
           "The farmer photographs a leaf; the app names the likely disease and its treatment in Swahili and "
           "alerts the extension officer."),
    _entry(21, UDICTI, "Kilimo Taarifa App", INNOVATION, PROTOTYPE,
           "A mobile application that gives farmers market prices, weather forecasts and farming advice.",
           "Farmers sell at low prices and plant without timely weather information.",
           "The app gathers market prices and forecasts and sends them to farmers in the app or by SMS."),
    _entry(22, UDICTI, "Electronic Money Exchange App", INNOVATION, IDEA,
           "A mobile application for comparing rates and exchanging money between mobile wallets and "
           "currencies.",
           "Moving money between wallets and currencies is costly and the rates are hard to compare.",
           "The app shows current rates and makes transfers through licensed providers."),
    _entry(23, UDICTI, "Virtual Environment for Project Implementation", INNOVATION, PROTOTYPE,
           "An online workspace where project teams plan, share documents and follow implementation.",
           "Project teams working in different places lose track of tasks and documents.",
           "A shared virtual environment holds the plans, tasks, documents and progress reports."),
    _entry(24, UDICTI, "Android App for Swash Competition", INNOVATION, PROTOTYPE,
           "An Android application for running a school water, sanitation and hygiene (SWASH) competition: "
           "registering schools, collecting evidence and scoring.",
           "Judging school sanitation competitions on paper is slow and hard to verify.",
           "Schools send photographs and checklists from the app; judges score them and the results are "
           "published."),
]

# DEMO SCORES: per entry (Na.), one row per judge in the order of innovations_2019.JUDGES, one
# value per criterion of the standard rubric (innovation, relevance, feasibility, impact,
# presentation; weights 25, 25, 20, 20, 10; each out of 10). Chosen so that the weighted mean
# puts the demo's selection first (innovations_2019.RANKING) with no ties; the second judge is
# the harshest, and the judges disagree widely on no. 17 (totals 75.5, 49 and 45 of 100).
SCORES = {
    1: ((9, 8, 9, 8, 8), (8, 8, 7, 9, 8), (9, 9, 9, 7, 9)),
    2: ((4, 5, 6, 6, 3), (4, 5, 5, 5, 4), (5, 5, 6, 5, 4)),
    3: ((9, 9, 10, 8, 9), (9, 9, 9, 9, 9), (10, 9, 9, 10, 10)),
    4: ((8, 7, 8, 7, 7), (6, 6, 7, 7, 6), (9, 9, 8, 8, 9)),
    5: ((8, 7, 8, 9, 9), (7, 8, 7, 8, 7), (9, 9, 8, 9, 9)),
    6: ((9, 8, 9, 9, 8), (8, 9, 9, 8, 7), (8, 9, 8, 9, 8)),
    7: ((7, 8, 8, 8, 8), (7, 8, 8, 7, 6), (9, 7, 8, 9, 7)),
    8: ((6, 7, 7, 6, 7), (6, 7, 6, 6, 6), (8, 6, 7, 7, 6)),
    9: ((8, 7, 7, 6, 7), (6, 8, 6, 7, 6), (8, 7, 8, 8, 7)),
    10: ((6, 6, 5, 5, 6), (4, 5, 5, 5, 5), (6, 6, 5, 5, 5)),
    11: ((6, 6, 8, 7, 6), (6, 7, 7, 6, 6), (6, 7, 8, 8, 8)),
    12: ((5, 5, 5, 4, 5), (5, 4, 4, 3, 4), (5, 5, 6, 5, 5)),
    13: ((6, 6, 6, 7, 6), (5, 5, 6, 5, 5), (6, 7, 6, 6, 6)),
    14: ((8, 7, 8, 8, 7), (6, 7, 7, 8, 6), (8, 7, 8, 8, 7)),
    15: ((4, 5, 5, 4, 6), (4, 5, 5, 4, 5), (6, 6, 6, 5, 6)),
    16: ((6, 6, 7, 5, 6), (6, 5, 5, 5, 5), (6, 6, 6, 6, 6)),
    17: ((8, 7, 7, 8, 8), (5, 5, 5, 4, 6), (5, 5, 4, 4, 4)),
    18: ((7, 6, 7, 6, 7), (7, 6, 6, 6, 5), (7, 7, 5, 6, 6)),
    19: ((5, 5, 4, 5, 5), (3, 3, 3, 3, 3), (5, 4, 5, 4, 4)),
    20: ((8, 8, 9, 8, 8), (8, 7, 7, 7, 7), (8, 8, 8, 8, 8)),
    21: ((7, 7, 7, 7, 6), (5, 6, 6, 6, 6), (6, 6, 7, 7, 8)),
    22: ((5, 4, 3, 4, 4), (3, 3, 3, 3, 4), (4, 4, 4, 4, 4)),
    23: ((2, 5, 5, 5, 3), (2, 4, 4, 3, 2), (5, 4, 5, 5, 5)),
    24: ((4, 5, 5, 5, 4), (4, 3, 5, 4, 3), (5, 5, 5, 4, 5)),
}

# Demo team members: made-up names, each marked "(Demo)", with addresses under demo.example.org.
_GIVEN = ["Asha", "Baraka", "Neema", "Juma", "Rehema", "Emmanuel", "Zawadi", "Daudi", "Halima", "Godfrey",
          "Upendo", "Salim", "Faraja", "Yusufu", "Imani", "Joseph", "Mwanaidi"]
_FAMILY = ["Mushi", "Mwakyusa", "Kimaro", "Said", "Massawe", "Mollel", "Lyimo", "Nyirenda", "Mbwambo",
           "Shirima", "Kombo", "Temba", "Swai"]


def demo_team(entry: TableEntry) -> list[tuple[str, str, bool]]:
    """(name, email, is_student) of the entry's made-up team: a lecturer and a student for a
    research paper, two students and their lecturer for an innovation."""
    size = 2 if entry.category == RESEARCH else 3
    members = []
    for k in range(size):
        seed = entry.number * 3 + k
        name = f"{_GIVEN[seed % len(_GIVEN)]} {_FAMILY[(seed * 7) % len(_FAMILY)]} (Demo)"
        is_student = k != 0 if entry.category == RESEARCH else k != size - 1
        members.append((name, f"team{entry.number:02d}.{k + 1}@demo.example.org", is_student))
    return members
