"""What the demo experts wrote on their pages, and what they offer as
mentors (intro, skills with levels, weekly hours: seeded by `mentoring`).
Lucas is not taking mentees, Priya has one place left and Nadia mentors for
free (see mentoring.MENTORSHIPS), so the pages show each state."""

# Entries: (title, organisation, period, description, link).
EXPERT_PAGES = {
    "amara-okafor": {
        "headline": (
            "Staff data engineer · helping analysts and backend developers "
            "become data engineers"
        ),
        "bio": (
            "<p>I build the plumbing that turns raw events into decisions. Over "
            "eleven years I have moved payment data at Ledgerly and parcel "
            "events at Parcelwise, where I now lead the streaming platform: "
            "Kafka, dbt and a lot of careful SQL.</p>"
            "<p>I started as an analyst with a spreadsheet problem, so I know "
            "the jump into engineering from the inside. We work on what you "
            "will be asked to do: model a messy source, write tests that catch "
            "real breakages, explain a pipeline to the people who rely on "
            "it.</p>"
            "<ul><li>Moving from analytics or backend work into data "
            "engineering</li><li>Streaming and change data capture</li>"
            "<li>dbt projects that stay maintainable past 300 models</li></ul>"
        ),
        "skills": [
            "Data engineering",
            "SQL",
            "Python",
            "Apache Kafka",
            "dbt",
            "Data modelling",
        ],
        "years": 11,
        "languages": [("en", "native"), ("ig", "fluent")],
        "linkedin_url": "https://www.linkedin.com/in/amara-okafor-demo",
        "github_url": "https://github.com/amara-okafor-demo",
        "website_url": "https://amara-okafor.example.com",
        "rate": "90",
        "currency": "GBP",
        "accepts_mentees": True,
        "capacity": 3,
        "mentoring_intro": (
            "Monthly calls and a shared notebook. Bring a real question from "
            "work; we turn it into SQL, then into a small pipeline you own. "
            "Best for analysts and backend developers moving into data."
        ),
        "mentor_skills": [
            ("SQL", 5),
            ("Data engineering", 5),
            ("dbt", 5),
            ("Apache Kafka", 4),
            ("Python", 4),
        ],
        # Weekday (0 Monday), from, until, in the expert's own time zone.
        "availability": [(0, "18:00", "20:00"), (2, "07:30", "09:00")],
        "experiences": [
            (
                "Staff Data Engineer",
                "Parcelwise",
                "2021 – today",
                "Lead the streaming platform that tracks four million parcels a "
                "day; cut pipeline incidents by two thirds with contract tests.",
                "",
            ),
            (
                "Senior Data Engineer",
                "Ledgerly",
                "2017 – 2021",
                "Built the change-data-capture pipeline behind real-time "
                "balances, and grew the dbt project from 20 to 400 models.",
                "",
            ),
            (
                "Data Analyst",
                "Boxroute Logistics",
                "2013 – 2017",
                "Reporting and forecasting for a Lagos freight start-up, where "
                "I learnt SQL and Python on the job.",
                "",
            ),
        ],
        "achievements": [
            (
                "Speaker, Data Engineering Summit",
                "",
                "2023",
                "Talk: “Exactly-once is a promise, not a guarantee”, on "
                "idempotent consumers.",
                "",
            ),
        ],
        "certifications": [
            (
                "Confluent Certified Developer for Apache Kafka",
                "Confluent",
                "2022",
                "",
                "",
            ),
        ],
        "projects": [
            (
                "cdc-kit",
                "Open source",
                "2023 – today",
                "A small toolkit for testing change-data-capture pipelines on "
                "a laptop, used by a dozen teams.",
                "https://github.com/amara-okafor-demo/cdc-kit",
            ),
        ],
    },
    "lucas-moreau": {
        "headline": (
            "Product designer · accessible design systems that developers actually use"
        ),
        "bio": (
            "<p>I design the parts of a product people only notice when they "
            "break: form fields, focus states, error messages, the menu on a "
            "slow phone. For five years I have led the design system at "
            "Atelier Nord, shared by eleven product teams.</p>"
            "<p>My workshops are hands-on: we build and test components with a "
            "keyboard and a screen reader, and you leave with tokens and "
            "patterns to take back to work. <b>I am not taking new mentees "
            "this season</b>, but my sessions are open to everyone.</p>"
        ),
        "skills": [
            "UX design",
            "Accessibility",
            "Design systems",
            "Figma",
            "Front-end development",
        ],
        "years": 9,
        "languages": [("fr", "native"), ("en", "fluent"), ("es", "working")],
        "linkedin_url": "https://www.linkedin.com/in/lucas-moreau-demo",
        "website_url": "https://lucas-moreau.example.com",
        "rate": "75",
        "currency": "EUR",
        "accepts_mentees": False,
        "capacity": 2,
        "mentoring_intro": (
            "We review one component a month together, with a keyboard and "
            "a screen reader. Closed to new mentees this season."
        ),
        "mentor_skills": [
            ("Accessibility", 5),
            ("Design systems", 5),
            ("UX design", 4),
            ("Figma", 4),
        ],
        "availability": [(3, "12:00", "14:00")],
        "experiences": [
            (
                "Lead Product Designer",
                "Atelier Nord",
                "2020 – today",
                "Lead the design system used by eleven teams; made WCAG 2.2 AA "
                "part of the definition of done.",
                "",
            ),
            (
                "Product Designer",
                "Maison Digitale",
                "2016 – 2020",
                "Designed booking flows for travel and culture clients, and ran "
                "the agency's first usability tests with screen reader users.",
                "",
            ),
        ],
        "achievements": [
            (
                "Speaker, Inclusive Design Summit",
                "IDS",
                "2024",
                "A workshop on accessible design tokens, repeated by demand.",
                "",
            ),
        ],
        "certifications": [
            (
                "Certified Professional in Accessibility Core Competencies",
                "IAAP",
                "2021",
                "",
                "",
            ),
        ],
        "projects": [
            (
                "Accessible component checklist",
                "Open source",
                "2022 – today",
                "A checklist and Figma library for 30 common components, with "
                "the keyboard and screen reader behaviour each one needs.",
                "https://lucas-moreau.example.com/checklist",
            ),
        ],
    },
    "priya-raman": {
        "headline": "Engineering manager · helping new managers through year one",
        "bio": (
            "<p>I became a manager the way most engineers do: on a Friday, "
            "without training. Since then I have grown Kitebyte's engineering "
            "team from five people to fifty and coached more than forty "
            "first-time managers.</p>"
            "<p>We work on what keeps you up at night: your first one-to-ones, "
            "a hiring loop that is fair and fast, feedback that lands, and "
            "performance reviews people do not dread. I mentor a few people at "
            "a time so each gets real attention.</p>"
        ),
        "skills": ["Leadership", "Hiring", "Engineering management", "Coaching"],
        "years": 14,
        "languages": [("en", "fluent"), ("ta", "native"), ("hi", "fluent")],
        "linkedin_url": "https://www.linkedin.com/in/priya-raman-demo",
        "website_url": "https://priya-raman.example.com",
        "rate": "120",
        "currency": "EUR",
        "accepts_mentees": True,
        "capacity": 3,
        "mentoring_intro": (
            "Fortnightly calls for managers in their first year: we prepare "
            "your hardest conversation of the next two weeks, then debrief."
        ),
        "mentor_skills": [
            ("Engineering management", 5),
            ("Leadership", 5),
            ("Hiring", 5),
            ("Coaching", 4),
        ],
        "availability": [(1, "19:00", "21:00"), (5, "10:00", "12:00")],
        "experiences": [
            (
                "Director of Engineering",
                "Kitebyte",
                "2019 – today",
                "Grew the team from 5 to 50 across three countries; introduced "
                "a career ladder and structured hiring.",
                "",
            ),
            (
                "Engineering Manager",
                "Kitebyte",
                "2016 – 2019",
                "First manager of the payments team; halved the time to hire "
                "with a structured interview loop.",
                "",
            ),
            (
                "Senior Software Engineer",
                "Infoloom",
                "2011 – 2016",
                "Backend engineer on billing systems; mentored the graduate intake.",
                "",
            ),
        ],
        "achievements": [
            (
                "Engineering Manager of the Year",
                "Bengaluru Tech Awards",
                "2022",
                "For the team's retention and internal promotion record.",
                "",
            ),
        ],
        "certifications": [
            (
                "ICF Associate Certified Coach",
                "International Coaching Federation",
                "2021",
                "",
                "",
            ),
        ],
        "projects": [
            (
                "The first-90-days playbook",
                "",
                "2023",
                "A free guide for new engineering managers: templates for "
                "one-to-ones, expectations and the first team meeting.",
                "https://priya-raman.example.com/first-90-days",
            ),
        ],
    },
    "daniel-schwartz": {
        "headline": (
            "Cloud architect · Kubernetes and Terraform without the 3 a.m. pages"
        ),
        "bio": (
            "<p>Platform engineer turned architect. I like boring "
            "infrastructure: the kind that deploys on a Friday and pages nobody "
            "at 3 a.m. At Northwind Health I moved 200 services to Kubernetes "
            "and cut the cloud bill by a third.</p>"
            "<p>I mentor platform and DevOps engineers on Terraform module "
            "design, Kubernetes in production, and the conversations with "
            "finance that come with a cloud bill.</p>"
        ),
        "skills": ["Kubernetes", "Terraform", "AWS", "DevOps", "Security"],
        "years": 12,
        "languages": [("en", "native"), ("de", "working")],
        "github_url": "https://github.com/daniel-schwartz-demo",
        "website_url": "https://daniel-schwartz.example.com",
        "rate": "150",
        "currency": "USD",
        "accepts_mentees": True,
        "capacity": 4,
        "mentoring_intro": (
            "Hands-on: we deploy one of your services end to end, then break "
            "it on purpose. For platform and DevOps engineers."
        ),
        "mentor_skills": [
            ("Kubernetes", 5),
            ("Terraform", 5),
            ("AWS", 4),
            ("DevOps", 4),
        ],
        "availability": [(0, "12:00", "14:00"), (2, "17:00", "19:00")],
        "experiences": [
            (
                "Principal Cloud Architect",
                "Northwind Health",
                "2018 – today",
                "Moved 200 services to Kubernetes on AWS; cut the monthly bill "
                "by 34% with rightsizing and spot capacity.",
                "",
            ),
            (
                "Site Reliability Engineer",
                "Brightwave Media",
                "2014 – 2018",
                "On call for a streaming platform with three million daily "
                "users; wrote the incident review process still in use.",
                "",
            ),
        ],
        "achievements": [
            (
                "Speaker, KubeCon North America",
                "CNCF",
                "2023",
                "Talk: “Requests, limits and the bill at the end of the month”.",
                "",
            ),
        ],
        "certifications": [
            ("Certified Kubernetes Administrator", "CNCF", "2020", "", ""),
            ("Terraform Associate", "HashiCorp", "2021", "", ""),
        ],
        "projects": [
            (
                "tf-module-template",
                "Open source",
                "2022 – today",
                "A starting point for reusable Terraform modules, with tests, "
                "examples and release automation.",
                "https://github.com/daniel-schwartz-demo/tf-module-template",
            ),
        ],
    },
    "nadia-haddad": {
        "headline": "Analytics lead · SQL and data storytelling for non-analysts",
        "bio": (
            "<p>I lead analytics at Wanderly, a travel start-up, after years as "
            "the only analyst in a marketing team. Most of my week is spent "
            "helping people who are not analysts ask better questions of "
            "their data.</p>"
            "<p>I mentor for free, a few people at a time: marketers, product "
            "managers and founders who want to write their own SQL and tell "
            "a clear story with a chart.</p>"
        ),
        "skills": ["SQL", "Data analysis", "Python", "Data visualisation"],
        "years": 9,
        "languages": [("en", "fluent"), ("ar", "native"), ("fr", "fluent")],
        "linkedin_url": "https://www.linkedin.com/in/nadia-haddad-demo",
        "website_url": "https://nadia-haddad.example.com",
        # Free mentoring: no rate per 1:1.
        "rate": "0",
        "currency": "EUR",
        "accepts_mentees": True,
        "capacity": 3,
        "mentoring_intro": (
            "Free, every two weeks: we take one question you were asked at "
            "work and answer it together in SQL, then chart it. Beginners "
            "welcome."
        ),
        "mentor_skills": [
            ("SQL", 5),
            ("Data analysis", 5),
            ("Data visualisation", 4),
            ("Python", 4),
        ],
        "availability": [
            (1, "18:00", "21:00"),
            (3, "18:00", "20:00"),
            (5, "09:00", "11:00"),
        ],
        "experiences": [
            (
                "Head of Analytics",
                "Wanderly",
                "2021 – today",
                "Built the analytics team and the self-serve dashboards the "
                "marketing and product teams use every day.",
                "",
            ),
            (
                "Marketing Analyst",
                "Bluebird Travel",
                "2016 – 2021",
                "Campaign reporting and the first SQL training for marketers.",
                "",
            ),
        ],
        "achievements": [
            (
                "Speaker, Women in Data Berlin",
                "",
                "2024",
                "Talk: “Your first ten SQL queries at work”.",
                "",
            ),
        ],
        "certifications": [],
        "projects": [
            (
                "SQL for marketers",
                "Open course",
                "2022 – today",
                "A free, self-paced course built on a real newsletter dataset.",
                "https://nadia-haddad.example.com/sql-for-marketers",
            ),
        ],
    },
    "tomas-novak": {
        "headline": "Growth analyst · marketing analytics and SEO that adds up",
        "bio": (
            "<p>Ten years between marketing and data at Czech online shops: "
            "attribution, A/B tests and search. I help marketers measure "
            "what they do and defend their budget with numbers.</p>"
        ),
        "skills": ["Data analysis", "SQL", "SEO", "Content marketing"],
        "years": 10,
        "languages": [("cs", "native"), ("en", "fluent"), ("sv", "working")],
        "linkedin_url": "https://www.linkedin.com/in/tomas-novak-demo",
        "website_url": "https://tomas-novak.example.com",
        "rate": "60",
        "currency": "EUR",
        "accepts_mentees": True,
        "capacity": 2,
        "mentoring_intro": (
            "Monthly 1:1s for marketers: campaign reporting, experiments and "
            "search, measured in SQL you can rerun yourself."
        ),
        "mentor_skills": [
            ("SEO", 5),
            ("Data analysis", 4),
            ("SQL", 4),
            ("Content marketing", 4),
        ],
        "availability": [(2, "19:00", "21:00"), (5, "09:00", "11:00")],
        "experiences": [
            (
                "Lead Growth Analyst",
                "Kvetina Shop",
                "2020 – today",
                "Attribution and experiments for a flower shop in four countries.",
                "",
            ),
            (
                "SEO Specialist",
                "Mall Group",
                "2015 – 2020",
                "Technical SEO for a catalogue of two million products.",
                "",
            ),
        ],
        "achievements": [],
        "certifications": [
            ("Google Analytics Certification", "Google", "2023", "", ""),
        ],
        "projects": [],
    },
}
