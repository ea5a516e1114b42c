"""What people (and bots) type that search backends choke on: both /search/
and /search/suggest/ must answer every one of these."""

BAD_QUERIES = [
    '"unbalanced',
    "unbalanced'",
    'sql" OR "',
    "AND OR NOT",
    "sql AND (python OR",
    "* ( ) - + ^ : ~ NEAR",
    "-sql",
    "sql*",
    "%",
    "%s %% ' \\",
    "🔥🚀",
    "مرحبا بالعالم",
    "\u202eevil\u202c",
    "x" * 5000,
    "sql " * 1500,
]
