"""Local simulator of the eMAG Marketplace API v4.4.9 (standard library only).

See README.md in this directory for the contract.
"""

from pathlib import Path

from .orders import collectible_amount, order_total
from .ratelimit import ORDERS_BUCKET, OTHER_BUCKET, RateLimit
from .simulator import CallbackRecord, EmagSimulator, RequestRecord

DATA_DIR = Path(__file__).resolve().parent / "data"
SAMPLE_ORDERS = DATA_DIR / "orders_sample.json"

__all__ = [
    "DATA_DIR",
    "ORDERS_BUCKET",
    "OTHER_BUCKET",
    "SAMPLE_ORDERS",
    "CallbackRecord",
    "EmagSimulator",
    "RateLimit",
    "RequestRecord",
    "collectible_amount",
    "order_total",
]
