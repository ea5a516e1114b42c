"""A local Stripe-compatible server for the load test and the fault drill.

The site's real `stripe` client talks to it through `STRIPE_API_BASE`. It
answers what the checkout flow calls (customers, Checkout Sessions create,
retrieve and expire, refunds, payment intents for the fee) with Stripe's own
example objects (`stripe/openapi` `openapi/fixtures3.private_preview.json`,
kept in payments/tests/stripe_objects/), changing only ids, amounts,
statuses, metadata and times, as the payments tests do.

A load-test user "pays" by POSTing to the Checkout page URL the stub handed
out (`/pay/<session id>`): the session turns complete and a
`checkout.session.completed` event is delivered to the site's webhook, signed
as Stripe signs (`Stripe-Signature: t=<unix time>,v1=<HMAC-SHA256 of
"<t>.<body>" with the webhook secret>`). Delivery is at least once, as
Stripe's: failures (non-2xx, refused connection, timeout) are retried with
back-off, and a share of events is delivered a second time on purpose.

Control (for the drill): `POST /_stub/hang?seconds=N` makes every API call
sleep N seconds before answering (past the client's timeout) until
`POST /_stub/hang?seconds=0`; `GET /_stub/state` returns what the stub
recorded (sessions, refunds, every delivery attempt with its time), also
written to --state-file on exit.

    python bench/load/stripe_stub.py --port 8290 --secret whsec_x \
        --webhook http://127.0.0.1:8201/payments/webhook/ [--webhook ...]
"""

import argparse
import copy
import hashlib
import hmac
import itertools
import json
import queue
import random
import signal
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "payments/tests/stripe_objects/fixtures3.private_preview.json"
API_VERSION = "2026-10-28.endive"  # payments.gateway.API_VERSION; a test pins it


def sign(payload: bytes, secret: str, timestamp: int) -> str:
    """The `Stripe-Signature` header Stripe sends with a webhook."""
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def parse_form(body: bytes) -> dict:
    """Stripe's form encoding (`a[b][0][c]=x`) into nested dicts and lists."""
    result: dict = {}
    for key, values in parse_qs(body.decode(), keep_blank_values=True).items():
        parts = key.replace("]", "").split("[")
        node = result
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = values[-1]
    return _lists(result)


def _lists(node):
    if isinstance(node, dict):
        if node and all(key.isdigit() for key in node):
            return [_lists(node[key]) for key in sorted(node, key=int)]
        return {key: _lists(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_lists(item) for item in node]
    return node


class Stub:
    def __init__(
        self,
        *,
        base_url: str,
        secret: str,
        webhooks: list[str],
        duplicate_share: float,
        seed: int = 1,
    ):
        self.base_url = base_url
        self.secret = secret
        self.webhooks = webhooks
        self.duplicate_share = duplicate_share
        self.fixtures = json.loads(FIXTURES.read_text())["resources"]
        self.lock = threading.Lock()
        self.ids = itertools.count(1)
        self.sessions: dict[str, dict] = {}
        self.refunds: list[dict] = []
        self.idempotent: dict[str, tuple[int, dict]] = {}
        self.deliveries: list[dict] = []
        self.hang_seconds = 0.0
        self.hung_requests = 0
        self.outbox: queue.Queue = queue.Queue()
        self.random = random.Random(seed)
        self.running = True

    def fixture(self, name: str) -> dict:
        return copy.deepcopy(self.fixtures[name])

    def new_id(self, prefix: str) -> str:
        return f"{prefix}_load{next(self.ids)}"

    # --- API ---------------------------------------------------------------

    def create_customer(self, params: dict) -> dict:
        obj = self.fixture("customer")
        obj.update(
            id=self.new_id("cus"),
            email=params.get("email"),
            name=params.get("name"),
            metadata=params.get("metadata", {}),
            created=int(time.time()),
        )
        return obj

    def create_session(self, params: dict) -> dict:
        obj = self.fixture("checkout.session")
        session_id = self.new_id("cs_test")
        items = params.get("line_items", [])
        amount = sum(
            int(item.get("price_data", {}).get("unit_amount", 0))
            * int(item.get("quantity", 1))
            for item in items
        )
        currency = items[0].get("price_data", {}).get("currency") if items else "eur"
        obj.update(
            id=session_id,
            url=f"{self.base_url}/pay/{session_id}",
            mode=params.get("mode", "payment"),
            customer=params.get("customer"),
            client_reference_id=params.get("client_reference_id"),
            metadata=params.get("metadata", {}),
            success_url=params.get("success_url"),
            cancel_url=params.get("cancel_url"),
            expires_at=int(params.get("expires_at") or time.time() + 1800),
            created=int(time.time()),
            amount_subtotal=amount,
            amount_total=amount,
            currency=currency,
            payment_intent=None,
            invoice=None,
            subscription=None,
            status="open",
            payment_status="unpaid",
        )
        with self.lock:
            self.sessions[session_id] = obj
        return obj

    def expire_session(self, session_id: str) -> tuple[int, dict]:
        with self.lock:
            obj = self.sessions.get(session_id)
            if obj is None:
                return _missing("checkout.session", session_id)
            if obj["status"] != "open":
                return 400, _error(
                    f"Only Checkout Sessions with a status of `open` can be "
                    f"expired; this one is `{obj['status']}`."
                )
            obj["status"] = "expired"
            return 200, copy.deepcopy(obj)

    def pay(self, session_id: str) -> str | None:
        """The member pays on the Checkout page; returns where Stripe sends
        them back (the success URL), None if there is nothing to pay."""
        with self.lock:
            obj = self.sessions.get(session_id)
            if obj is None or obj["status"] != "open":
                return None
            obj.update(
                status="complete",
                payment_status="paid",
                payment_intent=self.new_id("pi"),
                paid_at=time.time(),
            )
            completed = copy.deepcopy(obj)
        completed.pop("paid_at")
        self.send_event("checkout.session.completed", completed)
        return (obj["success_url"] or "").replace("{CHECKOUT_SESSION_ID}", session_id)

    def create_refund(self, params: dict) -> dict:
        obj = self.fixture("refund")
        intent = params.get("payment_intent")
        amount = next(
            (
                s["amount_total"]
                for s in self.sessions.values()
                if s.get("payment_intent") == intent
            ),
            0,
        )
        obj.update(
            id=self.new_id("re"),
            payment_intent=intent,
            amount=amount,
            metadata=params.get("metadata", {}),
            status="succeeded",
            created=int(time.time()),
        )
        with self.lock:
            self.refunds.append(obj)
        return obj

    def payment_intent(self, intent_id: str) -> dict:
        obj = self.fixture("payment_intent")
        charge = self.fixture("charge")
        balance = self.fixture("balance_transaction")
        session = next(
            (s for s in self.sessions.values() if s.get("payment_intent") == intent_id),
            {},
        )
        amount = session.get("amount_total", 0)
        balance.update(
            amount=amount,
            fee=round(amount * 0.029) + 25,
            currency=session.get("currency", "eur"),
        )
        charge.update(
            id=self.new_id("ch"),
            payment_intent=intent_id,
            balance_transaction=balance,
            amount=amount,
        )
        obj.update(
            id=intent_id, amount=amount, latest_charge=charge, status="succeeded"
        )
        return obj

    def route(self, method: str, path: str, params: dict) -> tuple[int, dict]:
        parts = [part for part in path.split("/") if part]
        if parts[:1] != ["v1"]:
            return 404, _error(f"Unrecognized request URL ({method}: {path}).")
        parts = parts[1:]
        if method == "POST" and parts == ["customers"]:
            return 200, self.create_customer(params)
        if method == "POST" and parts == ["checkout", "sessions"]:
            return 200, self.create_session(params)
        if parts[:2] == ["checkout", "sessions"] and len(parts) >= 3:
            if method == "POST" and parts[3:] == ["expire"]:
                return self.expire_session(parts[2])
            if method == "GET" and len(parts) == 3:
                with self.lock:
                    obj = self.sessions.get(parts[2])
                if obj is None:
                    return _missing("checkout.session", parts[2])
                return 200, {k: v for k, v in obj.items() if k != "paid_at"}
        if method == "POST" and parts == ["refunds"]:
            return 200, self.create_refund(params)
        if method == "GET" and parts == ["refunds"]:
            return 200, {
                "object": "list",
                "data": [],
                "has_more": False,
                "url": "/v1/refunds",
            }
        if method == "GET" and parts[:1] == ["payment_intents"] and len(parts) == 2:
            return 200, self.payment_intent(parts[1])
        return 404, _error(
            f"Unrecognized request URL ({method}: /v1/{'/'.join(parts)})."
        )

    # --- Webhooks ----------------------------------------------------------

    def send_event(self, event_type: str, obj: dict) -> None:
        event = self.fixture("event")
        event.update(
            id=self.new_id("evt"),
            type=event_type,
            created=int(time.time()),
            api_version=API_VERSION,
            pending_webhooks=1,
            livemode=False,
            data={"object": obj},
        )
        copies = 2 if self.random.random() < self.duplicate_share else 1
        for copy_number in range(copies):
            self.outbox.put((event, copy_number, 0, time.monotonic()))

    def deliver_forever(self) -> None:
        while self.running or not self.outbox.empty():
            try:
                event, copy_number, attempt, not_before = self.outbox.get(timeout=0.2)
            except queue.Empty:
                continue
            wait = not_before - time.monotonic()
            if wait > 0:
                # Not due yet: back in the queue, look again shortly.
                self.outbox.put((event, copy_number, attempt, not_before))
                time.sleep(min(wait, 0.05))
                continue
            ok = self.deliver(event, copy_number, attempt)
            if not ok:
                # Stripe backs off for hours; a test run has seconds.
                delay = min(2**attempt, 8)
                self.outbox.put(
                    (event, copy_number, attempt + 1, time.monotonic() + delay)
                )

    def deliver(self, event: dict, copy_number: int, attempt: int) -> bool:
        payload = json.dumps(event).encode()
        target = self.webhooks[(attempt + copy_number) % len(self.webhooks)]
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Stripe-Signature": sign(payload, self.secret, int(time.time())),
            "User-Agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
        }
        request = urllib.request.Request(target, payload, headers, method="POST")
        started = time.time()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        except (OSError, TimeoutError) as error:
            status = f"{type(error).__name__}"
        with self.lock:
            self.deliveries.append(
                {
                    "event": event["id"],
                    "type": event["type"],
                    "session": event["data"]["object"]["id"],
                    "copy": copy_number,
                    "attempt": attempt,
                    "at": started,
                    "seconds": round(time.time() - started, 3),
                    "status": status,
                }
            )
        return isinstance(status, int) and 200 <= status < 300

    def state(self) -> dict:
        with self.lock:
            return {
                "sessions": copy.deepcopy(self.sessions),
                "refunds": copy.deepcopy(self.refunds),
                "deliveries": list(self.deliveries),
                "undelivered": self.outbox.qsize(),
                "hung_requests": self.hung_requests,
            }


def _error(message: str) -> dict:
    return {"error": {"type": "invalid_request_error", "message": message}}


def _missing(kind: str, object_id: str) -> tuple[int, dict]:
    return 404, _error(f"No such {kind}: '{object_id}'")


def make_handler(stub: Stub):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:
            pass

        def _answer(self, status: int, body: dict | str, headers=None) -> None:
            data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            try:
                self.send_response(status)
                ctype = "text/html" if isinstance(body, str) else "application/json"
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Request-Id", f"req_{next(stub.ids)}")
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)
            except OSError:
                pass  # the client gave up (a hang longer than its timeout)

        def _handle(self, method: str) -> None:
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if url.path.startswith("/_stub/"):
                return self._control(method, url)
            if url.path.startswith("/pay/"):
                return self._pay(method, url.path.rsplit("/", 1)[-1])
            hang = stub.hang_seconds
            if hang:
                with stub.lock:
                    stub.hung_requests += 1
                time.sleep(hang)
            params = (
                parse_form(body) if method == "POST" else parse_form(url.query.encode())
            )
            key = self.headers.get("Idempotency-Key")
            if key and method == "POST":
                with stub.lock:
                    seen = stub.idempotent.get(key)
                if seen:
                    return self._answer(*seen)
            status, answer = stub.route(method, url.path, params)
            if key and method == "POST":
                with stub.lock:
                    stub.idempotent.setdefault(key, (status, answer))
                    status, answer = stub.idempotent[key]
            self._answer(status, answer)

        def _pay(self, method: str, session_id: str) -> None:
            if method == "GET":
                return self._answer(
                    200, f"<form method=post><button>Pay {session_id}</button></form>"
                )
            back = stub.pay(session_id)
            if back is None:
                return self._answer(409, {"error": "session not open"})
            self._answer(303, {"redirect": back}, {"Location": back})

        def _control(self, method: str, url) -> None:
            if url.path == "/_stub/hang" and method == "POST":
                seconds = float(parse_qs(url.query).get("seconds", ["0"])[0])
                stub.hang_seconds = seconds
                return self._answer(200, {"hang_seconds": seconds})
            if url.path == "/_stub/state":
                return self._answer(200, stub.state())
            self._answer(404, _error("unknown control"))

        def do_GET(self) -> None:
            self._handle("GET")

        def do_POST(self) -> None:
            self._handle("POST")

        def do_DELETE(self) -> None:
            self._handle("DELETE")

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--secret", required=True, help="the site's webhook secret")
    parser.add_argument("--webhook", action="append", required=True)
    parser.add_argument("--duplicate-share", type=float, default=0.2)
    parser.add_argument("--state-file", type=Path)
    args = parser.parse_args()
    base = f"http://127.0.0.1:{args.port}"
    stub = Stub(
        base_url=base,
        secret=args.secret,
        webhooks=args.webhook,
        duplicate_share=args.duplicate_share,
    )
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(stub))
    server.daemon_threads = True
    deliverers = [
        threading.Thread(target=stub.deliver_forever, daemon=True) for _ in range(4)
    ]
    for deliverer in deliverers:
        deliverer.start()

    def stop(signum, frame):
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    server.serve_forever()
    # Deliver what is still queued (bounded), then write down what happened.
    stub.running = False
    for deliverer in deliverers:
        deliverer.join(timeout=60)
    if args.state_file:
        args.state_file.write_text(json.dumps(stub.state()))


if __name__ == "__main__":
    main()
