"""Word lists for the synthetic demo data (services/demo.py).

Names mix common UK names with the Unicode ones real case files hold (Zoë, Ó'Brien, Łukasiewicz,
Nguyễn, Siobhán), so search, sorting and documents are exercised on them. Telephone numbers are
from Ofcom's ranges reserved for drama, e-mail addresses use the reserved example domains, and
postcodes are plausible but invented, so no real person can be reached through demo data.
"""

from __future__ import annotations

import unicodedata

from ..domain.enums import Channel, ClosureReason, Role, TenancyType, ThirdPartyKind


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
MIDDLE = _words("Anne Marie Louise Jane Rose May John James Lee Paul Michael Ali Kaur Singh")
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
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the unit letters Royal Mail uses (no C I K M O V)
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

DEMO_USERS = (  # username, full name, job title, role
    ("amelia.hughes", "Amelia Hughes", "ASB Officer", Role.OFFICER),
    ("jordan.patel", "Jordan Patel", "ASB Officer", Role.OFFICER),
    ("tomasz.nowak", "Tomasz Nowak", "ASB Officer", Role.OFFICER),
    ("grace.okafor", "Grace Okafor", "Scheme Officer (Supported Housing)", Role.SCHEME_OFFICER),
    ("helen.morris", "Helen Morris", "ASB Team Leader", Role.TEAM_LEADER),
    ("david.clarke", "David Clarke", "Housing Manager", Role.MANAGER),
)
CHANNEL_WEIGHTS = {Channel.TELEPHONE: 40, Channel.WEBSITE: 25, Channel.WRITING: 7, Channel.IN_PERSON: 11,
                   Channel.THIRD_PARTY: 17}
TENANCY_WEIGHTS = {TenancyType.SECURE: 30, TenancyType.ASSURED: 34, TenancyType.INTRODUCTORY: 8,
                   TenancyType.ASSURED_SHORTHOLD: 9, TenancyType.LICENCE: 6, TenancyType.LEASEHOLD: 8,
                   TenancyType.SHARED_OWNERSHIP: 5}
CLOSURE_WEIGHTS = {ClosureReason.NUISANCE_CEASED: 35, ClosureReason.NO_CONTACT_FOUR_WEEKS: 30,
                   ClosureReason.RESOLVED_NON_LEGAL: 28, ClosureReason.RESOLVED_LEGAL: 7}
THIRD_PARTY_WEIGHTS = {ThirdPartyKind.POLICE: 40, ThirdPartyKind.LOCAL_AUTHORITY: 25, ThirdPartyKind.MP: 15,
                       ThirdPartyKind.OTHER: 20}
CRIME_CATEGORIES = frozenset({"Violence or threats of violence", "Vandalism and criminal damage", "Domestic abuse",
                              "Drugs or substance misuse", "Hate-related incident", "Other criminal behaviour"})
GRAVE_CATEGORIES = frozenset({"Violence or threats of violence", "Hate-related incident", "Domestic abuse"})
INCIDENT_HOURS = (8, 10, 13, 15, 17, 18, 19, 20, 21, 22, 22, 23, 23, 23, 0, 1, 2)  # ASB peaks late evening
ANONYMOUS_CHECKLIST = {k: True for k in ("reassured", "information_gathered", "action_discussed", "no_pressure",
                                         "limitations_explained")}  # services/inputs.py ANONYMOUS_CHECKLIST

_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "đ": "d", "Đ": "D", "ı": "i", "ß": "ss", "'": "", " ": ""})


def ascii_fold(name: str) -> str:
    """A name as it would appear in an e-mail address: Łukasiewicz -> lukasiewicz."""
    decomposed = unicodedata.normalize("NFKD", name.translate(_FOLD))
    return "".join(c for c in decomposed if c.isascii()).lower()
