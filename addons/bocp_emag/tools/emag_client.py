"""The one class that talks to eMAG Marketplace (API "api-3", v4.4.9).

Every call goes through :meth:`EmagClient.call`: HTTP Basic authentication,
the shared rate limiter, the ``{isError, messages, results}`` envelope turned
into exceptions carrying eMAG's own message, and retries with exponential
backoff for 429 / 5xx / timeouts -- but only for reads and idempotent writes
(an AWB must never be created twice).  No Odoo import here: the class is
plain Python, so it is easy to test and to reuse in the benchmark.
"""

import json
import logging
import random
import re
import time

import requests

_logger = logging.getLogger(__name__)

ORDERS_BUCKET = "orders"
OTHER_BUCKET = "other"
MAX_PAGE_SIZE = 100
MAX_SAVE_ITEMS = 50

# Writes that give the same result when repeated.  Everything else that is not
# a read (``order/save``, ``awb/save``) is sent once.
IDEMPOTENT_WRITES = frozenset(
    {
        "order/acknowledge",
        "order/attachments/save",
        "offer/save",
        "product_offer/save",
        "offer_stock",
    }
)
READ_ACTIONS = frozenset({"read", "count", "read_pdf", "read_zpl"})
_IP_RE = re.compile(r"invalid vendor ip\s*\[?([0-9a-fA-F:.]*)", re.IGNORECASE)


class EmagError(Exception):
    """Base class: ``messages`` holds eMAG's messages, ``route`` the call."""

    def __init__(self, message, *, route=None, status=None, messages=None):
        super().__init__(message)
        self.route = route
        self.status = status
        self.messages = messages or [message]


class EmagApiError(EmagError):
    """eMAG answered ``isError: true`` (a business refusal)."""


class EmagAuthError(EmagError):
    """Wrong user/password or a user without API rights (HTTP 401/403)."""


class EmagIpError(EmagError):
    """The server's IP address is not on the account's allow-list."""

    def __init__(self, message, *, ip=None, **kwargs):
        super().__init__(message, **kwargs)
        self.ip = ip


class EmagRateLimitError(EmagError):
    """HTTP 429 on every attempt."""


class EmagServerError(EmagError):
    """5xx, timeout, connection error or a body that is not eMAG's envelope.

    ``uncertain`` is True when the request may have been processed by eMAG
    (timeout or 5xx on a write): the caller must check before trying again.
    """

    def __init__(self, message, *, uncertain=False, **kwargs):
        super().__init__(message, **kwargs)
        self.uncertain = uncertain


class _Retry(Exception):
    def __init__(self, error, wait=None):
        super().__init__(str(error))
        self.error = error
        self.wait = wait


def bucket_of(route):
    return ORDERS_BUCKET if route.split("/", 1)[0] == "order" else OTHER_BUCKET


def _messages(body):
    out = []
    for msg in body.get("messages") or []:
        if isinstance(msg, dict):
            text = msg.get("message") or json.dumps(msg)
            if msg.get("field"):
                text = "{}: {}".format(msg["field"], text)
            out.append(str(text))
        else:
            out.append(str(msg))
    for err in body.get("errors") or []:
        if isinstance(err, dict):
            out.append(str(err.get("message") or err))
        else:
            out.append(str(err))
    if not out and body.get("message"):
        out.append(str(body["message"]))
    return out


class EmagClient:
    """Client of one eMAG seller account.

    :param limiter: object with ``acquire(bucket)`` (see ``DbRateLimiter``)
    :param on_call: callable receiving one dict per HTTP attempt (for the log)
    """

    def __init__(
        self,
        base_url,
        username,
        password,
        *,
        limiter=None,
        on_call=None,
        timeout=30.0,
        max_retries=6,
        backoff=1.0,
        max_backoff=30.0,
        session=None,
        sleep=time.sleep,
    ):
        self.base_url = (base_url or "").rstrip("/")
        self.auth = (username or "", password or "")
        self.limiter = limiter
        self.on_call = on_call
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.session = session or requests.Session()
        self.sleep = sleep

    # ------------------------------------------------------------ core call --

    def call(
        self, route, payload=None, *, method="POST", retry=None, raw=False, url=None
    ):
        """Call ``route`` (e.g. ``"order/read"``) and return eMAG's ``results``.

        Reads send their filters as top-level JSON keys; saves send
        ``{"data": [...]}``.  ``retry`` overrides the idempotence rule.
        """
        name = _route_name(route)
        action = name.rsplit("/", 1)[-1]
        if retry is None:
            retry = action in READ_ACTIONS or name in IDEMPOTENT_WRITES
        attempts = 1 + (self.max_retries if retry else 0)
        last = None
        for attempt in range(attempts):
            if attempt:
                wait = last.wait if last.wait is not None else self._backoff(attempt)
                self.sleep(wait)
            try:
                return self._attempt(route, payload, method, raw, url, attempt, retry)
            except _Retry as exc:
                last = exc
                if not retry:
                    break
        error = last.error
        if isinstance(error, EmagServerError) and not retry:
            error.uncertain = (
                error.uncertain and method != "GET" and action not in READ_ACTIONS
            )
        _logger.info("eMAG %s failed after %d attempt(s): %s", name, attempts, error)
        raise error

    def _backoff(self, attempt):
        wait = min(self.backoff * (2 ** (attempt - 1)), self.max_backoff)
        return wait * (0.8 + 0.4 * random.random())  # noqa: S311 - jitter only

    def _attempt(self, route, payload, method, raw, url, attempt, retry):
        if self.limiter is not None:
            self.limiter.acquire(bucket_of(route))
        url = url or f"{self.base_url}/{route}"
        kwargs = {"auth": self.auth, "timeout": self.timeout}
        if method == "GET":
            kwargs["params"] = payload or {}
        elif payload is not None:
            kwargs["json"] = payload
        started = time.monotonic()
        record = {
            "route": route,
            "method": method,
            "attempt": attempt + 1,
            "request": payload,
        }
        try:
            response = self.session.request(method, url, **kwargs)
        except requests.RequestException as exc:
            record.update(duration=time.monotonic() - started, status=0, error=str(exc))
            self._notify(record)
            kind = "timeout" if isinstance(exc, requests.Timeout) else "connection"
            # a refused connection never reached eMAG; a read timeout may have
            sent = not isinstance(exc, requests.ConnectTimeout) and (
                "refused" not in str(exc).lower()
            )
            raise _Retry(
                EmagServerError(f"{kind}: {exc}", route=route, status=0, uncertain=sent)
            ) from exc
        record.update(duration=time.monotonic() - started, status=response.status_code)
        try:
            result = self._parse(route, response, raw)
        except _Retry as exc:
            record["error"] = str(exc.error)
            record["response"] = response.text[:2000]
            self._notify(record)
            raise
        except EmagError as exc:
            record["error"] = str(exc)
            record["response"] = response.text[:2000]
            self._notify(record)
            raise
        if not raw:
            record["response"] = response.text[:2000]
        self._notify(record)
        return result

    def _notify(self, record):
        if self.on_call is not None:
            self.on_call(record)

    def _parse(self, route, response, raw):
        status = response.status_code
        if status == 429:
            retry_after = response.headers.get("Retry-After")
            wait = float(retry_after) if retry_after and retry_after.isdigit() else None
            raise _Retry(
                EmagRateLimitError("API rate limit exceeded", route=route, status=429),
                wait=wait,
            )
        if status >= 500:
            raise _Retry(
                EmagServerError(
                    f"HTTP {status}", route=route, status=status, uncertain=True
                )
            )
        if status == 204:
            return None
        content_type = response.headers.get("Content-Type", "")
        if raw and status == 200 and "json" not in content_type:
            return response.content
        try:
            body = response.json()
        except ValueError as exc:
            raise _Retry(
                EmagServerError(
                    f"Not a JSON answer (HTTP {status})", route=route, status=status
                )
            ) from exc
        if not isinstance(body, dict):
            raise EmagApiError("Unexpected answer", route=route, status=status)
        messages = _messages(body)
        text = "; ".join(messages) or f"HTTP {status}"
        ip_match = _IP_RE.search(text)
        if ip_match:
            raise EmagIpError(
                text,
                ip=ip_match.group(1) or None,
                route=route,
                status=status,
                messages=messages,
            )
        if status in (401, 403):
            raise EmagAuthError(text, route=route, status=status, messages=messages)
        if status >= 400 or body.get("isError") is not False:
            raise EmagApiError(text, route=route, status=status, messages=messages)
        return body.get("results")

    # ------------------------------------------------------------- helpers --

    def read_page(self, resource, filters=None, page=1, page_size=MAX_PAGE_SIZE):
        payload = dict(filters or {})
        payload.update(currentPage=page, itemsPerPage=min(page_size, MAX_PAGE_SIZE))
        return self.call(f"{resource}/read", payload) or []

    def read_all(self, resource, filters=None, page_size=MAX_PAGE_SIZE, max_pages=None):
        """Yield every item of ``resource/read``, page after page.

        Stops at the first page shorter than ``page_size`` (eMAG caps pages at
        100 items without telling).
        """
        page_size = min(page_size, MAX_PAGE_SIZE)
        page = 1
        while True:
            items = self.read_page(resource, filters, page=page, page_size=page_size)
            yield from items
            if len(items) < page_size or (max_pages and page >= max_pages):
                return
            page += 1

    def count(self, resource, filters=None):
        result = self.call(f"{resource}/count", dict(filters or {})) or {}
        return int(float(result.get("noOfItems") or 0))

    def save(self, resource, items, retry=None):
        items = list(items)
        if len(items) > MAX_SAVE_ITEMS:
            raise ValueError(f"eMAG accepts at most {MAX_SAVE_ITEMS} items per save")
        return self.call(f"{resource}/save", {"data": items}, retry=retry)

    def save_one(self, resource, item, retry=None):
        """``{"data": {...}}``: one object, as every production client sends
        ``awb/save`` (ZITEC, VTEX, PHX); eMAG answers with one object."""
        return self.call(f"{resource}/save", {"data": dict(item)}, retry=retry)

    def acknowledge(self, order_id):
        return self.call(f"order/acknowledge/{int(order_id)}")

    def read_awb_pdf(self, emag_id, awb_format="A4"):
        """The label PDF, where DOC449's example reads it (the host root,
        ``https://marketplace-api.emag.ro/awb/read_pdf``, as ZITEC does), else
        under ``/api-3`` (TS451, VTEX): which one eMAG serves is unconfirmed."""
        params = {"emag_id": emag_id, "awb_format": awb_format}
        root = (
            self.base_url[: -len("/api-3")] if self.base_url.endswith("/api-3") else ""
        )
        if root:
            try:
                content = self.call(
                    "awb/read_pdf",
                    params,
                    method="GET",
                    raw=True,
                    url=f"{root}/awb/read_pdf",
                    retry=False,  # a refusal here is an answer: try the other path
                )
            except (EmagApiError, EmagServerError) as exc:
                _logger.info("eMAG label not at the host root (%s), trying /api-3", exc)
            else:
                if isinstance(content, bytes):
                    return content
        return self.call("awb/read_pdf", params, method="GET", raw=True)


def _route_name(route):
    """``order/acknowledge/123`` -> ``order/acknowledge``; ``offer_stock/9`` -> ``offer_stock``."""
    parts = [p for p in route.split("/") if p and not p.isdigit()]
    return "/".join(parts)
