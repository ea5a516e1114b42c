"""The demo's assessments, written by the demo experts, and the answers
members gave when they took them (home.demo.progress).

A question is one of:

- ("single", prompt, [(choice, correct), ...], points, explanation)
- ("multiple", prompt, [(choice, correct), ...], points, explanation)
- ("short", prompt, keywords, points, explanation, (good answer, weak answer))

A short answer without keywords is marked by hand by the author; its good
and weak answers are what members wrote, marked when the attempt is seeded.
"""

# Level bands as (from score %, level).
BANDS = [(0, 1), (40, 2), (60, 3), (80, 4), (95, 5)]

ASSESSMENTS = [
    {
        "slug": "sql-joins-grouping-and-window-functions",
        "title": "SQL: joins, grouping and window functions",
        "author": "nadia-haddad",
        "skill": "SQL",
        "summary": (
            "Seven questions on the SQL analysts write every day: joins that "
            "keep or lose rows, grouping, and window functions."
        ),
        "intro": (
            "Seven questions, ten points, twenty minutes. Choice questions "
            "score all or nothing; short answers need the right term, not a "
            "full sentence. Have a SQL console open if you like: it is "
            "what you would do at work."
        ),
        "time_limit_minutes": 20,
        "retake_after_days": 14,
        "bands": BANDS,
        "questions": [
            (
                "single",
                "Which join keeps every row of the left table, even those "
                "with no match on the right?",
                [
                    ("INNER JOIN", False),
                    ("LEFT JOIN", True),
                    ("CROSS JOIN", False),
                    ("A self join", False),
                ],
                1,
                "A LEFT JOIN keeps every left row and fills the right "
                "side's columns with NULL where nothing matches.",
            ),
            (
                "single",
                "Which clause filters groups after they are aggregated?",
                [
                    ("WHERE", False),
                    ("ORDER BY", False),
                    ("HAVING", True),
                    ("LIMIT", False),
                ],
                1,
                "WHERE filters rows before grouping; HAVING filters the "
                "groups, so it can compare aggregates like COUNT(*) > 5.",
            ),
            (
                "multiple",
                "Which of these are window functions?",
                [
                    ("ROW_NUMBER()", True),
                    ("COALESCE()", False),
                    ("LAG()", True),
                    ("RANK()", True),
                ],
                2,
                "ROW_NUMBER, LAG and RANK need an OVER (...) clause; "
                "COALESCE is an ordinary function on one row.",
            ),
            (
                "single",
                "What does COUNT(email) count?",
                [
                    ("Every row of the table", False),
                    ("Rows where email is not NULL", True),
                    ("Distinct email addresses", False),
                    ("Rows where email is not empty", False),
                ],
                1,
                "COUNT(column) skips NULLs; COUNT(*) counts rows and "
                "COUNT(DISTINCT email) counts distinct values.",
            ),
            (
                "short",
                "A join between orders and customers returns more rows than "
                "the orders table has. In a few words, what is the likely "
                "cause?",
                "duplicate, duplicates, duplicated, one-to-many, fan-out, "
                "fanout, many-to-many, not unique",
                2,
                "The customers side has duplicate keys, so each order "
                "matches several rows: count rows before and after a join.",
                (
                    "The customer id is not unique in customers, so orders "
                    "match duplicates.",
                    "The WHERE clause is missing.",
                ),
            ),
            (
                "multiple",
                "Which queries return each customer's latest order in PostgreSQL?",
                [
                    (
                        "ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY "
                        "ordered_at DESC), keeping the rows numbered 1",
                        True,
                    ),
                    (
                        "GROUP BY customer_id with MAX(total)",
                        False,
                    ),
                    (
                        "SELECT DISTINCT ON (customer_id) ... ORDER BY "
                        "customer_id, ordered_at DESC",
                        True,
                    ),
                    ("ORDER BY ordered_at DESC LIMIT 1", False),
                ],
                2,
                "Both the window function and DISTINCT ON keep one whole row "
                "per customer; MAX(total) gives the largest total, not the "
                "latest order, and LIMIT 1 one order in all.",
            ),
            (
                "short",
                "Which keyword names a subquery at the top of a query so the "
                "rest can read it like a table?",
                "WITH, CTE, common table expression",
                1,
                "WITH name AS (...) defines a common table expression (CTE).",
                ("WITH, a CTE", "VIEW"),
            ),
        ],
    },
    {
        "slug": "kubernetes-workloads-and-troubleshooting",
        "title": "Kubernetes: workloads and troubleshooting",
        "author": "daniel-schwartz",
        "skill": "Kubernetes",
        "summary": (
            "Deployments, Services, probes and the first commands to run "
            "when a pod misbehaves: six questions from real incidents."
        ),
        "intro": (
            "Six questions, seven points, no time limit. Every question comes "
            "from an incident I have seen in production. You can take it "
            "again after a week."
        ),
        "time_limit_minutes": None,
        "retake_after_days": 7,
        "bands": BANDS,
        "questions": [
            (
                "single",
                "Which object keeps a set number of identical pods running "
                "and rolls out new versions of them?",
                [
                    ("Service", False),
                    ("Deployment", True),
                    ("ConfigMap", False),
                    ("Job", False),
                ],
                1,
                "A Deployment manages ReplicaSets and replaces pods "
                "gradually on a rollout.",
            ),
            (
                "single",
                "A pod is in CrashLoopBackOff. What do you look at first?",
                [
                    ("kubectl get nodes", False),
                    ("kubectl scale deployment --replicas=0", False),
                    ("kubectl logs <pod> --previous", True),
                    ("Delete the namespace and redeploy", False),
                ],
                1,
                "--previous shows the logs of the container that crashed, "
                "not of the one just restarted.",
            ),
            (
                "multiple",
                "Which statements about probes are true?",
                [
                    ("A failing liveness probe restarts the container", True),
                    ("A failing readiness probe restarts the container", False),
                    (
                        "A failing readiness probe takes the pod out of its "
                        "Service's endpoints",
                        True,
                    ),
                    ("Every container must define all three probes", False),
                ],
                2,
                "Liveness restarts, readiness only stops traffic; both are "
                "optional and often misconfigured.",
            ),
            (
                "short",
                "Which object gives a stable virtual IP and DNS name in "
                "front of a changing set of pods?",
                "Service",
                1,
                "A Service selects pods by label and load-balances across "
                "whichever of them are ready.",
                ("A Service (ClusterIP)", "An Ingress controller"),
            ),
            (
                "single",
                "A container goes over its memory limit. What happens?",
                [
                    ("It is throttled until usage drops", False),
                    ("It is killed (OOMKilled) and restarted", True),
                    ("The node lends it swap", False),
                    ("Nothing until it reaches its request", False),
                ],
                1,
                "CPU over the limit is throttled; memory over the limit is killed.",
            ),
            (
                "short",
                "Which kubectl command shows a pod's events, for example why "
                "it stays Pending?",
                "describe",
                1,
                "kubectl describe pod <name> lists the scheduler's events at "
                "the bottom.",
                ("kubectl describe pod", "kubectl top pod"),
            ),
        ],
    },
    {
        "slug": "engineering-management-one-to-ones-feedback-delegation",
        "title": "Engineering management: one-to-ones, feedback and delegation",
        "author": "priya-raman",
        "skill": "Engineering management",
        "summary": (
            "For new and aspiring managers: one-to-ones, feedback, "
            "delegation and a hard conversation, marked by Priya herself."
        ),
        "intro": (
            "Six questions, ten points. The last but one is a short scenario "
            "I read and mark myself, usually within a few days; your level "
            "is given once it is marked. You can take it again after a month."
        ),
        "time_limit_minutes": None,
        "retake_after_days": 30,
        "bands": [(0, 1), (35, 2), (55, 3), (75, 4), (90, 5)],
        "questions": [
            (
                "single",
                "In a weekly one-to-one, whose agenda comes first?",
                [
                    ("The manager's", False),
                    ("The report's", True),
                    ("The current project's", False),
                    ("Whoever booked the meeting", False),
                ],
                1,
                "It is their meeting: status updates belong elsewhere.",
            ),
            (
                "multiple",
                "Which of these make delegation work?",
                [
                    ("Agree on the outcome and the deadline, not the method", True),
                    ("Check every step as it is done", False),
                    (
                        "Say how much is theirs to decide: decide, recommend, "
                        "or inform",
                        True,
                    ),
                    ("Take the task back at the first problem", False),
                ],
                2,
                "Clear outcomes and a clear level of autonomy; hovering and "
                "rescuing teach people that the task was never theirs.",
            ),
            (
                "single",
                "In the SBI feedback model, what do the letters stand for?",
                [
                    ("Situation, Behaviour, Impact", True),
                    ("Strength, Barrier, Improvement", False),
                    ("Summary, Background, Instruction", False),
                    ("Style, Balance, Intent", False),
                ],
                1,
                "Name when it happened, what they did (not who they are), "
                "and its effect.",
            ),
            (
                "short",
                "What do you call the written description of what is "
                "expected at each level of a role, used for promotions?",
                "career ladder, career framework, levelling framework, "
                "leveling framework, progression framework, competency matrix",
                1,
                "A career ladder (or progression framework) makes "
                "promotions about evidence rather than visibility.",
                ("Our career ladder", "The org chart"),
            ),
            (
                "short",
                "One of your engineers has missed three deadlines this "
                "quarter and seems disengaged. How would you open the "
                "conversation, and what would you agree on by its end?",
                "",
                4,
                "I look for facts before judgement, real curiosity about the "
                "cause, one concrete agreement and a date to follow up.",
                (
                    "I would book a private half hour, start with the three "
                    "dates and ask what got in the way before saying what I "
                    "think. Then agree one change (smaller tasks, a check-in "
                    "on Wednesdays) and when we look at it again.",
                    "I would remind them of the deadlines in our team meeting "
                    "so everyone knows they matter.",
                ),
            ),
            (
                "single",
                "You have just taken over a team. What is the first month for?",
                [
                    ("Reorganising the team", False),
                    ("Rewriting the roadmap", False),
                    ("Listening: a one-to-one with everyone", True),
                    ("Setting new performance targets", False),
                ],
                1,
                "Change made before you understand the team costs trust you "
                "have not earned yet.",
            ),
        ],
    },
]
