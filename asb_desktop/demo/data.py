"""Word lists for the synthetic demo data (demo/generate.py), and the people and streets made from them.

Names mix common UK names with the Unicode ones real case files hold (Zoë, Ó'Brien, Łukasiewicz,
Nguyễn, Siobhán), so search, sorting and documents are exercised on them. Telephone numbers are
from Ofcom's ranges reserved for drama, e-mail addresses use the reserved example domains, and
postcodes are plausible but invented, so no real person can be reached through demo data.
"""

from __future__ import annotations

import math
import unicodedata
from bisect import bisect
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from random import Random
from typing import Any

from ..domain.enums import (
    CaseStatus,
    Channel,
    ClosureReason,
    ContactMethod,
    RemedyKind,
    RemedyStatus,
    Role,
    TaskKind,
    TenancyType,
    ThirdPartyKind,
)


def _words(text: str) -> tuple[str, ...]:
    """Space-separated names; an underscore joins a name with a space in it (Ní_Bhriain)."""
    return tuple(w.replace("_", " ") for w in text.split())


FIRST_F = _words(
    "Olivia Amelia Isla Ava Mia Sophie Grace Emily Lily Chloe Jessica Emma Charlotte Ella Hannah Lucy "
    "Zoë Siobhán Aoife Niamh Saoirse Małgorzata Agnieszka Renée Chloé Aisha Fatima Amina Priya Aaliyah "
    "Yasmin Nadia Sarah Rebecca Laura Karen Tracey Julie Susan Margaret Patricia Joan Maureen Dorothy "
    "Adaeze Chiamaka Abena Ewa Zuzana Ioana Mariam Sadia Shabana Kerry-Ann Leanne Danielle Gemma "
    "Thi Lan Hương Ngọc Ayşe Elif Jodie Stacey Bethany Megan Keeley"
)
FIRST_M = _words(
    "Oliver George Harry Noah Jack Leo Arthur Muhammad Oscar Charlie Jacob Thomas James William Daniel "
    "Liam Connor Seán Ciarán Eoin Oisín Łukasz Paweł Krzysztof Tomasz Bartosz Jiří Ștefan André José "
    "Mohammed Ahmed Imran Tariq Bilal Hamza Yusuf Rajesh Sanjay Arjun Kwame Kofi Chinedu Emeka Oluwaseun "
    "David Michael Paul Mark Stephen Gary Wayne Darren Lee Craig Kevin Brian Peter Raymond Kenneth "
    "Minh Đức Huy Mehmet Emre Jamal Dwayne Tyrone Kyle Jordan Callum Reece Bradley Jamie"
)
MIDDLE_F = _words("Anne Marie Louise Jane Rose May Elizabeth")
MIDDLE_M = _words("John James Lee Paul Michael Anthony David")
SURNAMES = _words(
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker White "
    "Roberts Green Hall Wood Jackson Clarke Hughes Edwards Turner Hill Scott Cooper Morris Ward Moore "
    "King Watson Baker Harrison Morgan Patel Young Allen Mitchell James Anderson Phillips Lee Bell Parker "
    "Khan Ahmed Hussain Ali Begum Iqbal Mahmood Rahman Chowdhury Akhtar Singh Kaur Sharma Gill Sandhu "
    "Ó'Brien O'Brien O'Connor O'Neill Murphy Kelly Byrne McCarthy Doyle Ní_Bhriain Mac_Giolla "
    "Łukasiewicz Kowalski Nowak Wiśniewski Wójcik Dąbrowski Lewandowski Kamiński Zieliński "
    "Nguyễn Trần Lê Phạm Popescu Ionescu Novák Horváth Müller Gonçalves Santos Fernández Yılmaz Öztürk "
    "Okafor Adeyemi Mensah Osei Okonkwo Abdi Mohamed Warsame Haile Tesfaye Campbell Stewart Fraser "
    "Sutcliffe Ackroyd Holroyd Barraclough Greenwood Crowther Pickles Haigh Booth Firth Shaw Senior"
)
TITLES_F = ("Mrs", "Ms", "Miss", "Ms", "Mrs", "", "Dr")
TITLES_M = ("Mr", "Mr", "Mr", "", "Dr")

# (town, postcode area, highest district number, reserved drama telephone prefix)
TOWNS = (
    ("Leeds", "LS", 28, "0113 496 0"), ("Bradford", "BD", 22, "01632 960"), ("Wakefield", "WF", 17, "01632 960"),
    ("Sheffield", "S", 36, "0114 496 0"), ("Manchester", "M", 40, "0161 496 0"),
    ("Liverpool", "L", 38, "0151 496 0"), ("Birmingham", "B", 48, "0121 496 0"),
    ("Nottingham", "NG", 25, "0115 496 0"), ("Leicester", "LE", 19, "0116 496 0"),
    ("Bristol", "BS", 41, "0117 496 0"), ("Newcastle upon Tyne", "NE", 30, "0191 498 0"),
    ("Cardiff", "CF", 24, "029 2018 0"), ("Huddersfield", "HD", 9, "01632 960"), ("Halifax", "HX", 7, "01632 960"),
)
STREET_BASES = _words(
    "Acacia Albert Victoria Station Church Mill Park Highfield Chapel Queen's King's Oak Elm Ash Willow "
    "Meadow Orchard Brook Moor Grange Manor Kirkstall St_Mary's Derwent Windermere Coniston Pennine Aire "
    "Calder Wharfe Beech Holly Rowan Hawthorn Sycamore Chestnut Lime Laburnum Primrose Bluebell Foxglove "
    "Heather Bracken Fern Clover Cross Green Bank Hollin Spring Well Crag Ridge Cliff Lister Crossley "
    "Salisbury Gladstone Nelson Wellington Marlborough Cavendish Tennyson Wordsworth Brontë Shelley "
    "Milton Dickens Hardy Cromwell Windsor York Lancaster Stanley Derby Hampden Nightingale Pankhurst"
)
STREET_TYPES = ("Road", "Street", "Avenue", "Close", "Crescent", "Drive", "Grove", "Lane", "Terrace", "Way",
                "Gardens", "Walk", "Rise", "Mount", "View", "Place", "Court", "Fold")
LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the unit letters Royal Mail uses (no C I K M O V)
SCHEMES = ("Beech Court", "Willow House", "Maple Lodge", "Ashfield Court", "Riverside House", "Orchard View",
           "St Anne's Court", "Holly Lodge", "Hawthorn House", "Primrose Court", "Kingfisher Lodge",
           "Heron Court", "Larch House", "Bramley Court", "Cedar Lodge", "Oakwood House")
SCHEME_KINDS = ("older persons' scheme", "young persons' supported housing", "mental health supported housing")

LANGUAGES = ("Polish", "Urdu", "Punjabi", "Arabic", "Romanian", "Somali", "Bengali", "Kurdish (Sorani)",
             "Tigrinya", "Vietnamese", "Turkish", "British Sign Language", "Portuguese", "Farsi")
VULNERABILITIES = (
    "Long-term mental health condition (anxiety and depression)", "Physical disability: uses a wheelchair",
    "Hearing impairment: prefers written contact", "Learning disability: supported by a family member",
    "Older person living alone", "Early-stage dementia", "Recent bereavement", "Chronic illness (COPD)",
    "Sight impairment: large print letters", "Autism: needs clear, literal explanations",
    "Post-traumatic stress disorder", "Pregnant, due in the next two months", "Care leaver, aged under 25",
    "Alcohol dependency, engaging with support", "Survivor of domestic abuse",
)
OCCUPATIONS = ("Retired", "Care worker", "Bus driver", "Nurse", "Student", "Warehouse operative", "Cleaner",
               "Teaching assistant", "Unemployed", "Self-employed decorator", "Taxi driver", "Shop assistant",
               "Full-time carer", "Chef", "Delivery driver", "Call centre adviser", "")
# Plainly a demo, so nothing made from demo cases can pass for a real landlord's document.
ORGANISATION = {"organisation_name": "Demo Housing Association",
                "organisation_address": "1 Example Street, Manchester M1 1AA"}

EMPLOYEE_JOBS = ("Housing Officer", "Repairs Operative", "Neighbourhood Caretaker", "Income Officer",
                 "Customer Services Adviser", "Estate Services Officer", "Gas Engineer")

CATEGORY_WEIGHTS = {
    "Noise": 30, "Verbal abuse, harassment or intimidation": 16, "Hate-related incident": 3,
    "Violence or threats of violence": 5, "Drugs or substance misuse": 9, "Alcohol-related": 4,
    "Vandalism and criminal damage": 6, "Litter, rubbish and fly-tipping": 6, "Pets and animal nuisance": 6,
    "Vehicle-related nuisance": 4, "Misuse of communal areas": 5, "Garden nuisance": 3, "Domestic abuse": 2,
    "Other criminal behaviour": 2,
}
SUMMARIES = {
    "Noise": ("Loud music and shouting from {p} late at night", "Banging and stamping from {p} above",
              "Dogs barking for hours at {p}", "Parties most weekends at {p}", "Drilling and DIY after midnight at {p}"),
    "Verbal abuse, harassment or intimidation": ("Verbal abuse and threats from the resident of {p}",
                                                 "Intimidation on the stairs by people visiting {p}",
                                                 "Name-calling and staring from the household at {p}"),
    "Hate-related incident": ("Racist abuse shouted from {p}", "Homophobic graffiti near {p}",
                              "Abuse about a disability from the resident of {p}"),
    "Violence or threats of violence": ("Threatened with a knife outside {p}", "Assault in the car park near {p}",
                                        "Threats to burn the door of the complainant's home, believed from {p}"),
    "Drugs or substance misuse": ("Suspected drug dealing from {p}", "Strong smell of cannabis coming from {p}",
                                  "Needles left in the communal garden near {p}"),
    "Alcohol-related": ("Drunken arguments in the street outside {p}", "Groups drinking on the steps of {p}"),
    "Vandalism and criminal damage": ("Car tyres slashed, believed by the resident of {p}",
                                      "Fence kicked down and windows smashed near {p}"),
    "Litter, rubbish and fly-tipping": ("Rubbish bags dumped in the shared alley by {p}",
                                        "Mattress and furniture fly-tipped outside {p}"),
    "Pets and animal nuisance": ("Dog fouling and an aggressive dog at {p}", "Cats and smell from {p}"),
    "Vehicle-related nuisance": ("Untaxed van blocking access outside {p}", "Motorbike revving late at night at {p}"),
    "Misuse of communal areas": ("Youths gathering in the stairwell of {p}", "Bikes and prams blocking the fire exit at {p}"),
    "Garden nuisance": ("Overgrown garden with rats at {p}", "Bonfires of household waste at {p}"),
    "Domestic abuse": ("Shouting and screaming heard from {p}, domestic abuse suspected",),
    "Other criminal behaviour": ("Suspected stolen goods stored at {p}", "Suspected cuckooing at {p}"),
}
# Noise triage (issue 22): the checklist answers each noise summary carries, so the triage routes them
# (loud music, parties and deliberate banging to the ASB procedure) ...
NOISE_ANSWERS: dict[str, dict[str, object]] = {
    "Loud music and shouting from {p} late at night": {"loud_music": True, "shouting": True, "time": "01:30",
                                                        "times_per_week": 3},
    "Banging and stamping from {p} above": {"deliberate": True, "footsteps": True, "time": "23:45",
                                             "times_per_week": 4},
    "Dogs barking for hours at {p}": {"time": "14:00", "times_per_week": 5},
    "Parties most weekends at {p}": {"parties": True, "loud_music": True, "time": "00:30", "times_per_week": 2},
    "Drilling and DIY after midnight at {p}": {"machinery": True, "time": "00:15", "times_per_week": 2},
}
# ... and household-noise reports (everyday living noise) that it routes to Good Neighbourhood Management.
HOUSEHOLD_NOISE: tuple[tuple[str, str, dict[str, object]], ...] = (
    ("Footsteps and doors closing heard from {p} above",
     "Footsteps across the bedroom ceiling and doors closing while the family upstairs got ready for bed.",
     {"footsteps": True, "doors": True, "time": "21:30", "times_per_week": 6}),
    ("Children running about and playing at {p} upstairs",
     "Children running and playing in the flat above after school; the complainant works nights.",
     {"children_playing": True, "footsteps": True, "time": "16:30", "times_per_week": 5}),
    ("Washing machine and vacuum cleaner at {p} heard through the wall",
     "The washing machine on its spin cycle and a vacuum cleaner through the shared wall.",
     {"appliances": True, "time": "08:30", "times_per_week": 3}),
    ("Talking and people moving about at {p} next door",
     "Voices in normal conversation and people moving about next door, heard through the wall.",
     {"conversation": True, "time": "23:15", "times_per_week": 1}),
)
HOUSEHOLD_NOISE_SHARE = 0.4  # of the noise cases

INCIDENTS = {
    "Noise": ("Music played very loudly with heavy bass until the early hours; the complainant could not sleep.",
              "Repeated banging on the shared wall and shouting between two adults.",
              "A party with around fifteen people; doors slamming and people shouting in the garden.",
              "The dog was left alone and barked and howled for most of the evening."),
    "Verbal abuse, harassment or intimidation": (
        "The alleged perpetrator swore at the complainant on the landing and said they would regret complaining.",
        "Two men stood outside the window staring in and laughing for about twenty minutes.",
        "Offensive notes were pushed through the letterbox."),
    "Hate-related incident": ("Racist names were shouted across the street at the complainant and their children.",
                              "Offensive graffiti about the complainant's religion was painted on the door."),
    "Violence or threats of violence": ("A man pushed the complainant against the wall and threatened to stab them.",
                                        "A brick was thrown at the window while the family were inside."),
    "Drugs or substance misuse": ("Several different visitors stayed only a few minutes each between midnight and 3am.",
                                  "A strong smell of cannabis came through the ventilation into the bedroom."),
    "Domestic abuse": ("Screaming and the sound of things being thrown was heard from the flat; a woman was crying.",),
}
GENERIC_SUMMARIES = ("Anti-social behaviour reported near {p}",)
GENERIC_INCIDENTS = ("The behaviour described in the report happened again and lasted about an hour.",
                     "The complainant saw the behaviour from their window and wrote down the time.",
                     "Neighbours were disturbed and one came out to ask them to stop, without success.")
LOCATIONS = ("Outside {p}", "Communal stairwell at {p}", "Car park behind {s}", "Rear garden of {p}",
             "The landing outside {p}", "On the pavement on {s}", "The bin store on {s}", "Inside {p}")
FEELINGS_THEN = ("Frightened and shaking", "Angry and upset", "Scared to open the door", "Anxious; could not sleep",
                 "Humiliated in front of the children", "Worried the situation would get worse")
FEELINGS_SINCE = ("Still anxious and not sleeping well", "Avoids going out after dark", "Has seen their doctor about stress",
                  "Children are frightened to play outside", "Feels trapped in their own home", "Calmer, but worried it will start again")
MEASURES = ("Called the police on 101", "Spoke to the neighbour, who was abusive", "Kept a diary of incidents",
            "Used the Noise App to record it", "Fitted a video doorbell", "Asked a friend to stay over", "None yet")
TARGETED_WHY = ("Because they complained about the noise before", "Because of their race",
                "Because they live alone", "Because of their disability", "They do not know why")
WITNESSES = ("Partner was at home", "The neighbour at the other side heard it", "No witnesses",
             "A passer-by, name not known", "The complainant's adult son")
FREQUENCY = ("Most nights", "Two or three times a week", "Every weekend", "Once or twice a month", "First time")
HISTORY = ("Started about three months ago when new tenants moved in", "Has been going on for over a year",
           "Stopped for a while after a previous warning, started again last month", "No previous problems")
UNKNOWN_DESCRIPTIONS = (
    "White man, about 30, shaved head, grey tracksuit, rides a black mountain bike",
    "Group of four or five teenagers, one in a red puffer jacket, usually after 9pm",
    "Woman in her 40s with a small white dog, believed to live on the next street",
    "Driver of a silver hatchback, partial registration YX19",
    "Two men in dark hoodies with scarves over their faces",
)
THIRD_PARTIES = {
    "police": "{t} Neighbourhood Policing Team", "mp": "Office of the Member of Parliament for {t} Central",
    "local_authority": "{t} City Council Community Safety Team", "other": "Citizens Advice {t}",
}
NOTES = {
    "general": ("Spoke to the complainant and explained how we will investigate and what they can expect from us.",
                "Checked the housing file: no previous complaints about this household.",
                "Asked the complainant to keep diary sheets and return them every two weeks.",
                "Visited the block and spoke to three neighbours; two confirmed hearing noise late at night."),
    "agreed_action": ("Agreed with the complainant: diary sheets, a noise monitoring kit for two weeks, "
                      "and a visit to the alleged perpetrator. Confirmed in writing.",),
    "police": ("Advised the complainant to report the incident to the police. Police reference recorded.",
               "Shared information with the neighbourhood policing team under the information sharing protocol."),
    "safeguarding": ("Discussed the safeguarding concern with the Housing Manager; referral made to adult social care.",),
    "scheme_attempt": ("Scheme officer spoke to both residents and agreed house rules for the communal lounge.",
                       "Scheme officer held a residents' meeting about noise after 11pm."),
    "identification": ("Door knocked six flats on the landing; nobody could name the people involved. "
                       "Asked the council for CCTV from the camera on the corner.",),
}
GENERAL_TASKS = ("Visit the complainant to fit noise monitoring equipment", "Request CCTV footage from the council",
                 "Door knock neighbouring properties for witnesses", "Check police records for call-outs to the address",
                 "Interview the alleged perpetrator", "Arrange a mediation meeting", "Review diary sheets")
CONTACT_NOTES = {
    "spoke": ("Update given; the complainant says things are a little better.", "Discussed the latest incident.",
              "Went through the action plan and next steps."),
    "no_answer": ("No answer.",), "left_message": ("Left a voicemail asking them to call back.",),
    "wrong_number": ("The number recorded is wrong; checked the housing file.",),
    "sent": ("Letter sent confirming the agreed actions.", "E-mail sent with diary sheets attached."),
}
CLOSURE_NOTES = {
    "nuisance_ceased": "The complainant confirmed on the telephone that the noise has stopped.",
    "no_contact_four_weeks": "No contact, incidents or reports for four weeks after two letters.",
    "resolved_non_legal": "Acceptable Behaviour Contract kept for three months; no further reports.",
    "resolved_legal": "Injunction granted; no breaches reported since.",
}

DEMO_USERS = (  # username, full name, job title, role, the generator's name for the role
    ("amelia.hughes", "Amelia Hughes", "ASB Officer", Role.OFFICER, "officers"),
    ("jordan.patel", "Jordan Patel", "ASB Officer", Role.OFFICER, "officers"),
    ("tomasz.nowak", "Tomasz Nowak", "ASB Officer", Role.OFFICER, "officers"),
    ("grace.okafor", "Grace Okafor", "Scheme Officer (Supported Housing)", Role.SCHEME_OFFICER, "scheme"),
    ("helen.morris", "Helen Morris", "ASB Team Leader", Role.TEAM_LEADER, "leader"),
    ("david.clarke", "David Clarke", "Housing Manager", Role.MANAGER, "manager"),
)


class Weighted:
    """A weighted choice costing one ``random()``: ``random.choices`` rebuilds its table on every call."""

    def __init__(self, weights: dict[Any, int] | list[tuple[Any, int]]) -> None:
        pairs = list(weights.items()) if isinstance(weights, dict) else weights
        self.values = [v for v, _ in pairs]
        self.cum = list(accumulate(w for _, w in pairs))

    def __call__(self, r: Random) -> Any:
        return self.values[bisect(self.cum, r.random() * self.cum[-1])]


CHANNELS = Weighted({Channel.TELEPHONE: 40, Channel.WEBSITE: 25, Channel.WRITING: 7, Channel.IN_PERSON: 11,
                     Channel.THIRD_PARTY: 17})
TENANCIES = Weighted({TenancyType.SECURE: 30, TenancyType.ASSURED: 34, TenancyType.INTRODUCTORY: 8,
                      TenancyType.ASSURED_SHORTHOLD: 9, TenancyType.LICENCE: 6, TenancyType.LEASEHOLD: 8,
                      TenancyType.SHARED_OWNERSHIP: 5})
CLOSURES = Weighted({ClosureReason.NUISANCE_CEASED: 35, ClosureReason.NO_CONTACT_FOUR_WEEKS: 30,
                     ClosureReason.RESOLVED_NON_LEGAL: 28, ClosureReason.RESOLVED_LEGAL: 7})
THIRD_KINDS = Weighted({ThirdPartyKind.POLICE: 40, ThirdPartyKind.LOCAL_AUTHORITY: 25, ThirdPartyKind.MP: 15,
                        ThirdPartyKind.OTHER: 20})
N_INCIDENTS = Weighted([(1, 62), (2, 24), (3, 9), (4, 5)])
N_CONTACTS = Weighted([(0, 68), (1, 22), (2, 7), (3, 3)])  # after the first response
N_TASKS = Weighted([(0, 45), (1, 40), (2, 15)])  # the officer's own, besides those the procedure creates
STATUS_BY_AGE = (  # (up to this many days old, status weights): old cases are mostly closed
    (5, Weighted({CaseStatus.NEW: 60, CaseStatus.ACTIVE: 40})),
    (120, Weighted({CaseStatus.ACTIVE: 80, CaseStatus.LEGAL: 4, CaseStatus.CLOSED: 14, CaseStatus.NEW: 2})),
    (10**6, Weighted({CaseStatus.CLOSED: 90, CaseStatus.ACTIVE: 7, CaseStatus.LEGAL: 3})),
)
OUTCOMES = Weighted([("spoke", 60), ("no_answer", 17), ("left_message", 18), ("wrong_number", 5)])
TENANCY_TYPES = tuple(TenancyType)
FREQUENCIES = (None, None, 7, 7, 10, 14, 14, 14)  # agreed contact frequency in days, at most 14 (15.1)
DURATIONS = (10, 45, 90, 150, 240)  # minutes an incident lasted
PROCEDURE_TASKS = {  # tasks the procedure creates: kind, title, why, due after the report
    "full": (TaskKind.FULL_RISK_ASSESSMENT, "Complete the full risk assessment (Appendix 1)",
             "Two or more triage answers were yes (6.1).", timedelta(days=5)),
    "safeguarding": (TaskKind.SAFEGUARDING_REFERRAL, "Make a safeguarding referral",
                     "A safeguarding concern was raised (7.7).", timedelta(days=2)),
    "colleague": (TaskKind.COLLEAGUE_RISK_ASSESSMENT, "Colleague risk assessment within 48 hours",
                  "A colleague was harassed by a customer (2024 5.9.1).", timedelta(hours=48)),
}
DOMESTIC_ABUSE_TASKS = (TaskKind.DOMESTIC_ABUSE, TaskKind.SAFEGUARDING_REFERRAL)  # rules.domestic_abuse_tasks()
OPEN_REMEDY_STATES = (RemedyStatus.PROPOSED, RemedyStatus.IN_PLACE, RemedyStatus.REFUSED_BY_COMPLAINANT)
CONTACT_METHODS = tuple(m.value for m in ContactMethod)
NON_LEGAL = [k for k in RemedyKind if not k.legal]
LEGAL = [k for k in RemedyKind if k.legal]
CRIME_CATEGORIES = frozenset({"Violence or threats of violence", "Vandalism and criminal damage", "Domestic abuse",
                              "Drugs or substance misuse", "Hate-related incident", "Other criminal behaviour"})
GRAVE_CATEGORIES = frozenset({"Violence or threats of violence", "Hate-related incident", "Domestic abuse"})
INCIDENT_HOURS = (8, 10, 13, 15, 17, 18, 19, 20, 21, 22, 22, 23, 23, 23, 0, 1, 2)  # ASB peaks late evening
ANONYMOUS_CHECKLIST = {k: True for k in ("reassured", "information_gathered", "action_discussed", "no_pressure",
                                         "limitations_explained")}  # domain/identity_rules.py ANONYMOUS_CHECKLIST

_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "đ": "d", "Đ": "D", "ı": "i", "ß": "ss", "'": "", " ": ""})


def ascii_fold(name: str) -> str:
    """A name as it would appear in an e-mail address: Łukasiewicz -> lukasiewicz."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_FOLD))
    return "".join(c for c in decomposed if c.isascii()).lower()


def street(r: Random) -> tuple[str, str, str, str]:
    """(street name, town, postcode, telephone prefix) of a plausible street."""
    town, area, top, phone = r.choice(TOWNS)
    postcode = f"{area}{r.randint(1, top)} {r.randint(1, 9)}{r.choice(LETTERS)}{r.choice(LETTERS)}"
    return f"{r.choice(STREET_BASES)} {r.choice(STREET_TYPES)}", town, postcode, phone


def person(r: Random, today: date, address: str, postcode: str, phone_prefix: str, young: bool,
           job: str) -> dict[str, Any]:
    """A synthetic person's columns but id, uid and created_at: name, birth date, contact details, needs."""
    female = r.random() < 0.52
    first = r.choice(FIRST_F if female else FIRST_M)
    if r.random() < 0.12:
        first += " " + r.choice(MIDDLE_F if female else MIDDLE_M)
    surname, title = r.choice(SURNAMES), r.choice(TITLES_F if female else TITLES_M)
    age, roll = r.randint(14, 24) if young else r.randint(18, 88), r.random()
    phone = (f"07700 900{r.randrange(1000):03d}" if roll < 0.7 else
             f"{phone_prefix}{r.randrange(1000):03d}" if roll < 0.93 else "")
    email = "" if r.random() < 0.4 else (f"{ascii_fold(first.split()[0])}.{ascii_fold(surname)}"
                                         f"{r.randint(1, 99)}@example.{r.choice(('com', 'org', 'net'))}")
    method = "email" if email and r.random() < 0.3 else "telephone" if phone else "letter"
    if method == "telephone" and r.random() < 0.15:
        method = r.choice(("text_message", "in_person", "video_call"))
    language = "English" if r.random() < 0.88 else r.choice(LANGUAGES)
    return {
        "title": title, "first_names": first, "surname": surname,
        "date_of_birth": None if roll > 0.96 else today - timedelta(days=age * 365 + r.randrange(365)),
        "address": address, "postcode": postcode, "phone": phone, "email": email, "preferred_contact_method": method,
        "contact_frequency_days": r.choice(FREQUENCIES), "language": language,
        "interpreter_needed": language != "English" and r.random() < 0.6,
        "vulnerabilities": r.choice(VULNERABILITIES) if r.random() < 0.15 else "", "is_employee": bool(job),
        "occupation": job or r.choice(OCCUPATIONS), "notes": "", "version": 1}


def incident(r: Random, category: str, place: str, street: str) -> dict[str, Any]:
    """What the complainant said about one incident (5.2): what happened, where, how it felt, what they did."""
    targeted = r.choice((True, False, None))
    return {"description": r.choice(INCIDENTS.get(category, GENERIC_INCIDENTS)),
            "location": r.choice(LOCATIONS).format(p=place, s=street), "feels_targeted": targeted,
            "feelings_then": r.choice(FEELINGS_THEN), "feelings_since": r.choice(FEELINGS_SINCE),
            "measures_taken": r.choice(MEASURES), "targeted_why": r.choice(TARGETED_WHY) if targeted else "",
            "witnesses": r.choice(WITNESSES), "frequency": r.choice(FREQUENCY), "history": r.choice(HISTORY)}


def plan_reports(r: Random, cases: int, today: date) -> list[tuple[datetime, str, str, str | None]]:
    """Received time, channel, status and closure reason per case, oldest first.

    Reports grow more frequent towards today; old cases are mostly closed, recent ones open. The
    newest, second-newest and middle cases and the four oldest are pinned, so even a small demo
    shows every status, channel and closure reason.
    """
    now = datetime.combine(today, time(12, 0))
    span = 365 * max(1, min(8, math.ceil(cases / 20000)))
    items = []
    for _ in range(cases):
        channel = CHANNELS(r)
        day = today - timedelta(days=int(span * r.random() ** 1.3))
        minute = r.randrange(1440) if channel in (Channel.WEBSITE, Channel.WRITING) else r.randrange(510, 1020)
        received = datetime.combine(day, time()) + timedelta(minutes=minute)
        if received > now - timedelta(hours=1):
            received = now - timedelta(minutes=r.randrange(60, 600))
        items.append((received, channel.value))
    items.sort()
    present = {channel for _t, channel in items}
    missing = [c for c in Channel if c.value not in present][:len(items)]  # a demo of 1 case has 1 channel
    for i, channel in enumerate(missing):
        items[-1 - i] = (items[-1 - i][0], channel.value)
    reasons = list(ClosureReason)
    pinned = {cases - 1: CaseStatus.NEW, cases - 2: CaseStatus.ACTIVE, cases // 2: CaseStatus.LEGAL}
    plan: list[tuple[datetime, str, str, str | None]] = []
    for i, (received, channel) in enumerate(items):
        age = (now - received).days
        status = next(weighted for max_age, weighted in STATUS_BY_AGE if age <= max_age)(r)
        status = pinned.get(i, CaseStatus.CLOSED if i < len(reasons) else status)
        reason = (reasons[i] if i < len(reasons) else CLOSURES(r)) if status == CaseStatus.CLOSED else None
        plan.append((received, channel, status.value, reason.value if reason else None))
    return plan


def office_hours(r: Random, moment: datetime, earliest: datetime, latest: datetime) -> datetime:
    """``moment``'s day (or the day before) at a working-hours time, kept within the bounds."""
    at = moment.replace(hour=9 + int(r.random() * 8), minute=int(r.random() * 60))
    return min(latest, max(earliest, at - timedelta(days=1) if at > latest else at))
