"""The load test's members: they browse, search, sign in through allauth's
form, book and cancel free sessions, and pay for paid seats and a premium
article through Stripe Checkout (the stub in stripe_stub.py).

Read by `locust -f bench/load/locustfile.py` (bench/load/run starts it) with
LOAD_PLAN (the JSON bench/load/seed.py wrote), LOAD_HOSTS (the gunicorn
servers, comma-separated; each user picks one) and LOAD_REQUEST_LOG (every
request's time, name and outcome, one JSON line each, for the fault drill's
error windows).

Each user signs in as a member of its own, from a loopback address of its
own (127.0.0.2 and up), as separate visitors would: allauth's rate limits
count per address. It never books a session twice, so each booking's emails
can be counted exactly afterwards.
"""

import itertools
import json
import os
import random
import re
import threading
import time
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task
from locust.clients import LocustHttpAdapter
from urllib3 import PoolManager

PLAN = json.loads(open(os.environ["LOAD_PLAN"]).read())
HOSTS = os.environ["LOAD_HOSTS"].split(",")
SEARCHES = ["python", "design", "leadership", "sql", "data", "career", "cloud"]
_members = itertools.count()
_log_lock = threading.Lock()
_log = open(os.environ["LOAD_REQUEST_LOG"], "a")  # noqa: SIM115 (process-long)

BOOKING_ID = re.compile(r"/bookings/(\d+)/cancel/")
PAY_FORM = re.compile(
    r'name="kind" value="session_seat">\s*<input type="hidden" '
    r'name="object_id" value="(\d+)"'
)
PAYMENT_ID = re.compile(r"/payments/return/(\d+)/")


def note(**fields) -> None:
    """A line of the request log that the invariant checks read back."""
    with _log_lock:
        _log.write(json.dumps(fields) + "\n")
        _log.flush()


@events.request.add_listener
def _record(request_type, name, response_time, response, exception, **kwargs):
    if response is None:  # a measure of our own (webhook latency), not HTTP
        status = 0 if exception else 200
    else:
        status = getattr(response, "status_code", 0)
    line = {
        "at": round(time.time() - response_time / 1000, 3),
        "ms": round(response_time),
        "name": name,
        "status": status,
        "error": type(exception).__name__ if exception else "",
    }
    with _log_lock:
        _log.write(json.dumps(line) + "\n")
        _log.flush()


class Member(HttpUser):
    wait_time = between(0.5, 2)
    host = HOSTS[0]

    def on_start(self):
        number = next(_members)
        self.member = PLAN["members"][number % len(PLAN["members"])]
        self.client.base_url = random.choice(HOSTS)
        source = f"127.0.{1 + (number + 1) // 250}.{2 + (number + 1) % 250}"
        adapter = LocustHttpAdapter(PoolManager(source_address=(source, 0)))
        self.client.mount("http://", adapter)
        self.client.prepare_request = self._plain_http_cookies(
            self.client.prepare_request
        )
        self.booked: dict[int, int] = {}  # session id -> booking id
        self.done: set[int] = set()  # sessions booked once: never again
        self.owns_premium = False
        self.sign_in()

    # --- helpers ----------------------------------------------------------

    def _plain_http_cookies(self, prepare):
        """Production marks cookies Secure; the servers here speak plain
        http on the loopback (a TLS proxy would sit in front), so the cookies
        go back over http all the same."""

        def wrapped(request):
            for cookie in self.client.cookies:
                cookie.secure = False
            return prepare(request)

        return wrapped

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    def post(self, path: str, data: dict, name: str, **kwargs):
        headers = {"Referer": self.client.base_url + path}
        return self.client.post(
            path,
            data={"csrfmiddlewaretoken": self.csrf(), **data},
            headers=headers,
            name=name,
            **kwargs,
        )

    def sign_in(self):
        self.client.get("/accounts/login/", name="sign in: form")
        with self.post(
            "/accounts/login/",
            {"login": self.member["email"], "password": self.member["password"]},
            name="sign in: submit",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign in answered {response.status_code}")

    # --- browsing ---------------------------------------------------------

    @task(3)
    def home(self):
        self.client.get("/", name="browse: home")

    @task(3)
    def sessions(self):
        self.client.get("/sessions/", name="browse: /sessions/")

    @task(3)
    def session(self):
        self.client.get(
            random.choice(PLAN["browse_sessions"]), name="browse: a session"
        )

    @task(2)
    def experts(self):
        self.client.get("/experts/", name="browse: /experts/")

    @task(2)
    def expert(self):
        self.client.get(random.choice(PLAN["experts"]), name="browse: an expert")

    @task(2)
    def learn(self):
        self.client.get("/learn/", name="browse: /learn/")

    @task(3)
    def search(self):
        term = random.choice(SEARCHES)
        self.client.get(f"/search/?q={term}", name="search")

    @task(1)
    def sign_in_again(self):
        self.client.get("/dashboard/", name="browse: dashboard")
        self.post("/accounts/logout/", {}, name="sign out", allow_redirects=False)
        self.sign_in()

    # --- booking ----------------------------------------------------------

    def _book(self, session: dict, name: str):
        """Book; returns the session page shown after it (None on failure)."""
        self.done.add(session["id"])
        self.client.get(session["url"], name=f"{name}: session page")
        with self.post(
            f"/bookings/sessions/{session['id']}/book/",
            {},
            name=f"{name}: book",
            catch_response=True,
        ) as response:
            if not response.ok:
                response.failure(f"booking answered {response.status_code}")
                return None
            found = BOOKING_ID.search(response.text)
            booking = int(found.group(1)) if found else None
            if booking:
                self.booked[session["id"]] = booking
            note(
                kind="booked",
                member=self.member["email"],
                session=session["id"],
                booking=booking,
                full="Join the waitlist" in response.text
                or "on the waitlist" in response.text,
            )
            return response.text

    @task(4)
    def book_free(self):
        choices = [s for s in PLAN["free"] if s["id"] not in self.done]
        if choices:
            self._book(random.choice(choices), "book free")

    @task(2)
    def cancel(self):
        free = {s["id"] for s in PLAN["free"]}
        mine = [(s, b) for s, b in self.booked.items() if s in free]
        if not mine:
            return
        session_id, booking_id = random.choice(mine)
        del self.booked[session_id]
        path = f"/bookings/{booking_id}/cancel/"
        self.client.get(path, name="cancel: confirm page")
        response = self.post(path, {"next": "/dashboard/"}, name="cancel: submit")
        note(
            kind="cancelled",
            member=self.member["email"],
            session=session_id,
            booking=booking_id,
            ok=response.ok,
        )

    # --- paying -----------------------------------------------------------

    @task(2)
    def pay_for_seat(self):
        choices = [s for s in PLAN["paid"] if s["id"] not in self.done]
        if not choices:
            return
        page = self._book(random.choice(choices), "pay seat")
        found = PAY_FORM.search(page or "")
        if found:  # no form: waitlisted, the session being full
            self._checkout("session_seat", int(found.group(1)), "pay seat")

    @task(1)
    def buy_premium(self):
        if self.owns_premium or not PLAN["premium"]:
            return
        article = random.choice(PLAN["premium"])
        self.client.get(article["url"], name="premium: article")
        if self._checkout("page", article["id"], "premium"):
            self.owns_premium = True

    def _checkout(self, kind: str, object_id: int, name: str) -> bool:
        with self.post(
            "/payments/checkout/",
            {"kind": kind, "object_id": object_id},
            name=f"{name}: checkout",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            target = response.headers.get("Location", "")
            if response.status_code != 302 or "/pay/" not in target:
                response.failure(f"checkout answered {response.status_code} {target}")
                return False
        # Stripe's page: the member pays, Stripe sends them back.
        paid = self.client.post(
            target, name=f"{name}: stripe pays", allow_redirects=False
        )
        back = PAYMENT_ID.search(paid.headers.get("Location", ""))
        if not back:
            return False
        path = urlsplit(paid.headers["Location"]).path
        started = time.monotonic()
        status = "pending"
        # The return page shows what the webhook recorded; members wait for it.
        while status == "pending" and time.monotonic() - started < 20:
            response = self.client.get(path + "?format=json", name=f"{name}: return")
            status = response.json().get("status") if response.ok else "pending"
            if status == "pending":
                time.sleep(0.5)
        # How long Stripe's webhook took to reach the member, as its own row.
        events.request.fire(
            request_type="WEBHOOK",
            name=f"{name}: paid, as the return page shows",
            response_time=(time.monotonic() - started) * 1000,
            response_length=0,
            response=None,
            exception=None if status != "pending" else TimeoutError(status),
            context={},
        )
        return status == "paid"
