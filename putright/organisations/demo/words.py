"""The made-up words of the demo council: names, places and what people complain about."""

from putright.cases.models import Channel

FIRST_NAMES = [
    "Aisha",
    "Alan",
    "Amelia",
    "Barbara",
    "Ben",
    "Chloe",
    "Connor",
    "Daniel",
    "Deborah",
    "Eilidh",
    "Emma",
    "Farhan",
    "Fatima",
    "George",
    "Grace",
    "Harpreet",
    "Ian",
    "Imran",
    "Jack",
    "Jade",
    "Joan",
    "Kwame",
    "Laura",
    "Liam",
    "Maria",
    "Mohammed",
    "Niamh",
    "Oliver",
    "Olivia",
    "Patrick",
    "Priya",
    "Rachel",
    "Ruth",
    "Sam",
    "Sandra",
    "Tariq",
    "Tom",
    "Wei",
    "Yusuf",
    "Zofia",
]
SURNAMES = [
    "Ahmed",
    "Baker",
    "Begum",
    "Brown",
    "Campbell",
    "Clarke",
    "Davies",
    "Evans",
    "Green",
    "Hall",
    "Hussain",
    "Jackson",
    "Jones",
    "Khan",
    "Kowalski",
    "Lewis",
    "Martin",
    "Mensah",
    "Morris",
    "Murphy",
    "Nguyen",
    "Okafor",
    "Patel",
    "Roberts",
    "Robinson",
    "Shah",
    "Singh",
    "Smith",
    "Taylor",
    "Thomas",
    "Thompson",
    "Walker",
    "White",
    "Williams",
    "Wilson",
    "Wood",
    "Wright",
    "Young",
]
STREETS = [
    "Mill Lane",
    "Church Street",
    "Station Road",
    "Riverside Walk",
    "Orchard Close",
    "Victoria Road",
    "Meadow Way",
    "Park Crescent",
    "Elm Grove",
    "Weavers Court",
    "Bridge Street",
    "Kingfisher Drive",
    "Canal Side",
    "Foundry Row",
    "Willow Gardens",
]
CHANNELS = [
    (Channel.WEB, 35),
    (Channel.EMAIL, 25),
    (Channel.PHONE, 25),
    (Channel.LETTER, 6),
    (Channel.IN_PERSON, 5),
    (Channel.SOCIAL_MEDIA, 4),
]
#: How people prefer to be contacted, with a note for some of them.
CONTACT = [
    ("email", ""),
    ("email", ""),
    ("phone", "Best after 4pm on weekdays."),
    ("phone", ""),
    ("letter", ""),
    ("text", "Texts only during working hours."),
    ("", ""),
]
#: For each service area: (category, what went wrong) pairs.
ISSUES: dict[str, list[tuple[str, str]]] = {
    "Housing": [
        ("Repairs", "the repair to my boiler has been booked three times and nobody came"),
        ("Repairs", "the leaking roof over the kitchen still has not been fixed"),
        ("Damp and mould", "black mould keeps coming back in the children's bedroom"),
        ("Damp and mould", "the damp in the bathroom was painted over, not treated"),
        ("Anti-social behaviour", "my reports of noise from the flat above were not followed up"),
        ("Rent and service charges", "I was charged for estate cleaning that never happens"),
        ("Staff conduct", "the officer who visited was rude and would not listen"),
        ("Estate services", "the communal door entry system has been broken for weeks"),
    ],
    "Council tax and benefits": [
        ("Council tax", "my single person discount was removed without warning"),
        ("Council tax", "I was sent a summons although I had paid in full"),
        ("Housing benefit", "my housing benefit claim has taken months to assess"),
        ("Council tax support", "the reduction I am entitled to was calculated wrongly"),
        ("Customer service", "nobody answered my emails about the arrears"),
    ],
    "Waste and recycling": [
        ("Missed collection", "my recycling bin has been missed four weeks running"),
        ("Missed collection", "the assisted collection I was promised keeps being missed"),
        ("Bulky waste", "I paid for a bulky waste collection that never came"),
        ("Fly-tipping", "fly-tipping in the alley was reported and left for weeks"),
        ("Staff conduct", "the crew left rubbish strewn along the street"),
    ],
    "Planning": [
        ("Planning applications", "my neighbours were not consulted on the extension next door"),
        ("Enforcement", "a breach of planning control I reported was not investigated"),
        ("Planning applications", "the decision on my application is weeks overdue"),
        ("Building control", "the inspection I booked was cancelled at no notice"),
    ],
    "Children's services": [
        ("Social work", "the social worker changed three times and nobody told us"),
        ("Special educational needs", "the plan for my son's support was not reviewed on time"),
        ("Fostering", "our foster carer support payments stopped without explanation"),
        ("Social work", "the assessment contains facts about my family that are wrong"),
    ],
    "Adult social care": [
        ("Home care", "my mother's carers arrive late or not at all"),
        ("Charging", "I was charged for care before the financial assessment was finished"),
        ("Assessment", "the needs assessment for my father has taken over three months"),
        ("Care homes", "my aunt's care home placement was changed without consulting us"),
    ],
}
HISTORY = [
    "I first raised this in {month} and was promised it would be sorted.",
    "I have phoned several times since {month} and been passed from one team to another.",
    "This has been going on since {month}.",
    "I reported it in {month} and nothing has happened since.",
]
IMPACT = [
    "It is affecting my health and I am at the end of my tether.",
    "I have had to take time off work to wait in.",
    "We have two young children and this is not acceptable.",
    "I am disabled and this makes everyday life very hard.",
    "I feel nobody is taking this seriously.",
]
SOUGHT = [
    "I want the problem put right and an apology.",
    "I want a date by which this will be fixed.",
    "I would like compensation for the time and money this has cost me.",
    "I want an explanation and to know it will not happen again.",
]
#: The council's reasons for not accepting a complaint, with the evidence the demo cases give.
EXCLUSIONS = [
    (
        "Over 12 months since the issue",
        "The issue arose more than a year before the complaint and no reason for the delay was "
        "given.",
    ),
    (
        "Subject to legal proceedings",
        "The matter is before the county court; the claim reference is on file.",
    ),
    (
        "Already considered under the complaints procedure",
        "The same complaint was answered at both stages last year.",
    ),
]
#: Further reasons in the council's policy that no demo case has needed yet.
MORE_EXCLUSION_REASONS = ["A matter for another organisation", "A right of appeal to a tribunal"]
#: The council's own outcome list for the LGSCO Code: (key, label).
OUTCOMES = [
    ("upheld", "Upheld"),
    ("partly_upheld", "Partly upheld"),
    ("not_upheld", "Not upheld"),
    ("resolved", "Resolved"),
]
EXTENSIONS = [
    "A contractor's report is needed before we can respond.",
    "The records of several teams need to be checked.",
    "We are waiting for an independent inspection.",
]
DECISIONS = {
    "upheld": "We agree that things went wrong and we are sorry.",
    "partly_upheld": "Some of what went wrong is as you describe; some is not.",
    "not_upheld": "We have found that the service was provided as it should have been.",
}
