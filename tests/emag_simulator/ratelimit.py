"""Sliding-window rate limiter with eMAG's two buckets (reference §1.6)."""

import threading
from collections import deque
from typing import NamedTuple

ORDERS_BUCKET = "orders"
OTHER_BUCKET = "other"


class RateLimit(NamedTuple):
    """Requests allowed per (limiter) second and per (limiter) minute."""

    per_second: int
    per_minute: int


def default_rate_limits():
    return {
        ORDERS_BUCKET: RateLimit(12, 720),
        OTHER_BUCKET: RateLimit(3, 180),
    }


def bucket_for_route(route):
    """`/order/...` routes use the orders bucket, everything else shares one."""
    return ORDERS_BUCKET if route.split("/", 1)[0] == "order" else OTHER_BUCKET


class SlidingWindowLimiter:
    """Counts accepted requests per (account, bucket) in the last 1 s and 60 s.

    A request is refused when it would be the (limit + 1)-th request inside any
    window ending at its arrival time. Refused requests do not consume quota
    (like Kong); every other request does, including invalid ones (§1.6).
    """

    def __init__(self):
        self._lock = threading.Lock()
        self._events = {}

    def reset(self):
        with self._lock:
            self._events.clear()

    def hit(self, key, limit, now):
        """Return (allowed, remaining in the current second)."""
        with self._lock:
            events = self._events.setdefault(key, deque())
            while events and events[0] <= now - 60.0:
                events.popleft()
            in_second = 0
            for t in reversed(events):
                if t <= now - 1.0:
                    break
                in_second += 1
            if in_second >= limit.per_second or len(events) >= limit.per_minute:
                return False, 0
            events.append(now)
            return True, limit.per_second - in_second - 1


def max_in_window(times, window):
    """Largest number of timestamps inside any half-open window (t - window, t]."""
    times = sorted(times)
    best = 0
    start = 0
    for end, t in enumerate(times):
        while times[start] <= t - window:
            start += 1
        best = max(best, end - start + 1)
    return best
