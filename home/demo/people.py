"""The demo cast: realistic professionals with skills and careers.

Each person is keyed by username, so seeding twice updates rather than
duplicates.
"""

PEOPLE = [
    {
        "username": "amara-okafor",
        "first_name": "Amara",
        "last_name": "Okafor",
        "headline": "Staff data engineer · streaming pipelines at scale",
        "bio": (
            "I build the plumbing that turns raw events into decisions. Ten "
            "years across fintech and logistics, lately Kafka, dbt and a lot "
            "of careful SQL. I mentor engineers moving into data."
        ),
        "intent": "teach",
        "time_zone": "Europe/London",
        "skills": ["Data engineering", "SQL", "Python", "Apache Kafka", "dbt"],
        "interests": ["Leadership", "Public speaking"],
        "linkedin_url": "https://www.linkedin.com/in/amara-okafor-demo",
        "github_url": "https://github.com/amara-okafor-demo",
        "expert": True,
        "entries": [
            ("experience", "Staff Data Engineer", "Parcelwise", "2021-03-01", ""),
            ("experience", "Senior Data Engineer", "Ledgerly", "2017-06-01", ""),
            (
                "certification",
                "Confluent Certified Developer",
                "Confluent",
                "2022-09-15",
                "",
            ),
            (
                "project",
                "Open-source CDC toolkit",
                "",
                "2023-01-10",
                "https://github.com/amara-okafor-demo/cdc-kit",
            ),
        ],
    },
    {
        "username": "lucas-moreau",
        "first_name": "Lucas",
        "last_name": "Moreau",
        "headline": "Product designer · design systems and accessibility",
        "bio": (
            "Product designer who cares about the people at the edges: screen "
            "reader users, slow phones, tired eyes. I run workshops on design "
            "tokens and inclusive components."
        ),
        "intent": "both",
        "time_zone": "Europe/Paris",
        "skills": ["UX design", "Accessibility", "Design systems", "Figma"],
        "interests": ["Front-end development", "Research"],
        "linkedin_url": "https://www.linkedin.com/in/lucas-moreau-demo",
        "github_url": "",
        "expert": True,
        "entries": [
            ("experience", "Lead Product Designer", "Atelier Nord", "2020-01-06", ""),
            (
                "achievement",
                "Speaker, Inclusive Design Summit",
                "IDS",
                "2024-05-20",
                "",
            ),
        ],
    },
    {
        "username": "priya-raman",
        "first_name": "Priya",
        "last_name": "Raman",
        "headline": "Engineering manager · growing teams from 5 to 50",
        "bio": (
            "I help new managers survive their first year: one-to-ones, "
            "hiring loops, performance reviews that people do not dread."
        ),
        "intent": "teach",
        "time_zone": "Asia/Kolkata",
        "skills": ["Leadership", "Hiring", "Engineering management", "Coaching"],
        "interests": ["Negotiation"],
        "linkedin_url": "https://www.linkedin.com/in/priya-raman-demo",
        "github_url": "",
        "expert": True,
        "entries": [
            ("experience", "Director of Engineering", "Kitebyte", "2019-08-01", ""),
            ("certification", "ICF Associate Certified Coach", "ICF", "2021-11-02", ""),
        ],
    },
    {
        "username": "daniel-schwartz",
        "first_name": "Daniel",
        "last_name": "Schwartz",
        "headline": "Cloud architect · Kubernetes, Terraform, cost control",
        "bio": (
            "Platform engineer turned architect. I like boring infrastructure "
            "that pages nobody at 3 a.m."
        ),
        "intent": "teach",
        "time_zone": "America/New_York",
        "skills": ["Kubernetes", "Terraform", "AWS", "DevOps"],
        "interests": ["Security"],
        "linkedin_url": "",
        "github_url": "https://github.com/daniel-schwartz-demo",
        "expert": True,
        "entries": [
            (
                "experience",
                "Principal Cloud Architect",
                "Northwind Health",
                "2018-02-12",
                "",
            ),
            (
                "certification",
                "Certified Kubernetes Administrator",
                "CNCF",
                "2020-04-30",
                "",
            ),
        ],
    },
    {
        "username": "nadia-haddad",
        "first_name": "Nadia",
        "last_name": "Haddad",
        "headline": "Analytics lead · SQL and data storytelling for non-analysts",
        "bio": (
            "I lead analytics at a travel start-up and spend my evenings "
            "teaching marketers and product people to answer their own "
            "questions with SQL. I mentor for free: someone did it for me."
        ),
        "intent": "teach",
        "time_zone": "Europe/Berlin",
        "skills": ["SQL", "Data analysis", "Python", "Data visualisation"],
        "interests": ["Machine learning"],
        "linkedin_url": "https://www.linkedin.com/in/nadia-haddad-demo",
        "github_url": "",
        "expert": True,
        "entries": [
            ("experience", "Head of Analytics", "Wanderly", "2021-05-03", ""),
            ("experience", "Marketing Analyst", "Bluebird Travel", "2016-09-01", ""),
        ],
    },
    {
        "username": "tomas-novak",
        "first_name": "Tomáš",
        "last_name": "Novák",
        "headline": "Growth analyst · marketing analytics and SEO that adds up",
        "bio": (
            "Ten years between marketing and data: attribution, experiments "
            "and search. I help marketers measure what they do."
        ),
        "intent": "teach",
        "time_zone": "Europe/Prague",
        "skills": ["Data analysis", "SQL", "SEO", "Content marketing"],
        "interests": ["Python"],
        "linkedin_url": "https://www.linkedin.com/in/tomas-novak-demo",
        "github_url": "",
        "expert": True,
        "entries": [
            ("experience", "Lead Growth Analyst", "Kvetina Shop", "2020-02-01", ""),
        ],
    },
    {
        "username": "sofia-lindqvist",
        "first_name": "Sofia",
        "last_name": "Lindqvist",
        "headline": "Marketing lead learning SQL and analytics",
        "bio": "Marketer who wants to answer her own data questions.",
        "intent": "learn",
        "time_zone": "Europe/Stockholm",
        "skills": ["Content marketing", "SEO"],
        "interests": ["SQL", "Data analysis", "Python"],
        "linkedin_url": "https://www.linkedin.com/in/sofia-lindqvist-demo",
        "github_url": "",
        "expert": False,
        "application": "pending",
        "entries": [
            ("experience", "Head of Marketing", "Fjord Apps", "2022-01-10", ""),
        ],
    },
    {
        "username": "kenji-watanabe",
        "first_name": "Kenji",
        "last_name": "Watanabe",
        "headline": "Backend developer moving into machine learning",
        "bio": "Go and Python developer, curious about ML in production.",
        "intent": "learn",
        "time_zone": "Asia/Tokyo",
        "skills": ["Go", "Python", "PostgreSQL"],
        "interests": ["Machine learning", "MLOps"],
        "linkedin_url": "",
        "github_url": "https://github.com/kenji-watanabe-demo",
        "expert": False,
        "entries": [
            ("experience", "Backend Developer", "Sakura Pay", "2020-04-01", ""),
            (
                "project",
                "Ledger reconciliation service",
                "",
                "2023-06-01",
                "https://github.com/kenji-watanabe-demo/recon",
            ),
        ],
    },
    {
        "username": "grace-mensah",
        "first_name": "Grace",
        "last_name": "Mensah",
        "headline": "Junior product manager",
        "bio": "Six months into product management and hungry to learn.",
        "intent": "learn",
        "time_zone": "Africa/Accra",
        "skills": ["Product management"],
        "interests": ["UX design", "Leadership", "SQL"],
        "linkedin_url": "https://www.linkedin.com/in/grace-mensah-demo",
        "github_url": "",
        "expert": False,
        "application": "rejected",
        "entries": [],
    },
    {
        "username": "mateo-garcia",
        "first_name": "Mateo",
        "last_name": "García",
        "headline": "Full-stack developer · Django and React",
        "bio": "I teach what I learnt the hard way, and learn the rest here.",
        "intent": "both",
        "time_zone": "America/Mexico_City",
        "skills": ["Django", "Python", "React", "Front-end development"],
        "interests": ["Accessibility", "Kubernetes"],
        "linkedin_url": "",
        "github_url": "https://github.com/mateo-garcia-demo",
        "expert": False,
        "entries": [
            ("experience", "Full-stack Developer", "Cactus Labs", "2019-09-01", ""),
        ],
    },
]

# Every demo account shares this password, printed by seed_demo.
DEMO_PASSWORD = "masteryhub-demo"
ADMIN = {
    "username": "admin",
    "email": "admin@masteryhub.example",
    "first_name": "Ada",
    "last_name": "Admin",
}
