from dataclasses import dataclass, field

from odoo import models


@dataclass
class Charge:
    """One future invoice (or proforma) line of a dossier."""

    rental: models.Model
    kind: str  # pages, note, fee, minimum, intervention
    product: models.Model
    name: str
    quantity: float = 0.0
    price_unit: float = 0.0
    counter: models.Model = None
    period_start: object = None
    period_end: object = None
    reading_lines: models.Model = None
    intervention_lines: models.Model = None
    # pages billed, included pages of the period(s), included pages used
    pages: int = 0
    allowance: int = 0
    allowance_used: int = 0
    # reading line id → included pages it uses (what the reading line keeps)
    used_by_line: dict = field(default_factory=dict)

    @property
    def amount(self):
        return self.quantity * self.price_unit
