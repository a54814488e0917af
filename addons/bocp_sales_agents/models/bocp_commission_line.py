from collections import defaultdict

from psycopg2 import errors as pg_errors

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# Amounts kept on every ledger entry. The first two are in the invoice
# currency, the last two in the company currency.
MONEY_FIELDS = ("base", "amount", "base_company", "amount_company")
# Context key of the engine: only it writes ledger entries.
LEDGER_CONTEXT = "bocp_commission_ledger"
INSERT_COLUMNS = (
    "agent_id",
    "move_id",
    "move_line_id",
    "partner_id",
    "product_id",
    "company_id",
    "currency_id",
    "company_currency_id",
    "date",
    "date_validated",
    "rule_id",
    "rate",
    "base",
    "amount",
    "base_company",
    "amount_company",
    "state",
    "line_type",
    "reason",
    "origin_line_id",
    "is_frozen",
)
# Columns whose False/0 values are real values, not NULL.
NOT_NULL_COLUMNS = {"rate", "base", "amount", "base_company", "amount_company"}


class BocpCommissionLine(models.Model):
    """One entry of the commission ledger.

    For one agent and one invoice line the ledger holds at most one entry
    "to validate" (the share not paid yet), at most one free "validated"
    entry (the paid share not settled yet, or a correction) and any number
    of frozen entries (settled once: never rewritten, never deleted).
    """

    _name = "bocp.commission.line"
    _description = "Commission Line"
    _order = "date desc, id desc"

    agent_id = fields.Many2one(
        comodel_name="res.partner",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    move_id = fields.Many2one(
        comodel_name="account.move",
        string="Invoice",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    move_line_id = fields.Many2one(
        comodel_name="account.move.line",
        string="Invoice Line",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Client",
        readonly=True,
        index=True,
    )
    product_id = fields.Many2one(comodel_name="product.product", readonly=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        readonly=True,
        index=True,
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency", required=True, readonly=True
    )
    company_currency_id = fields.Many2one(
        comodel_name="res.currency",
        required=True,
        readonly=True,
    )
    date = fields.Date(string="Invoice Date", readonly=True, index=True)
    date_validated = fields.Date(string="Validation Date", readonly=True)
    rule_id = fields.Many2one(
        comodel_name="bocp.commission.rule",
        readonly=True,
        ondelete="set null",
    )
    rate = fields.Float(
        string="Rate (%)",
        digits=(16, 4),
        readonly=True,
        aggregator=None,
        help="Rate used when the commission was computed; later rule changes "
        "do not change it.",
    )
    base = fields.Monetary(
        currency_field="currency_id",
        readonly=True,
        aggregator=None,
        help="Untaxed amount of the invoice line share, in invoice currency.",
    )
    amount = fields.Monetary(
        string="Commission",
        currency_field="currency_id",
        readonly=True,
        aggregator=None,
    )
    base_company = fields.Monetary(
        string="Base (Company Currency)",
        currency_field="company_currency_id",
        readonly=True,
    )
    amount_company = fields.Monetary(
        string="Commission (Company Currency)",
        currency_field="company_currency_id",
        readonly=True,
    )
    state = fields.Selection(
        selection=[
            ("to_validate", "To validate"),
            ("validated", "Validated"),
            ("settled", "Settled"),
        ],
        string="Status",
        required=True,
        readonly=True,
        default="to_validate",
        index=True,
    )
    line_type = fields.Selection(
        selection=[
            ("invoice", "Invoice"),
            ("refund", "Credit note"),
            ("correction", "Correction"),
        ],
        string="Type",
        required=True,
        readonly=True,
        default="invoice",
    )
    reason = fields.Char(readonly=True)
    origin_line_id = fields.Many2one(
        comodel_name="bocp.commission.line",
        string="Corrects / Reverses",
        readonly=True,
        ondelete="set null",
        index="btree_not_null",
    )
    is_frozen = fields.Boolean(
        string="Settled Once",
        readonly=True,
        help="The entry went into a settlement: it is never rewritten.",
    )
    settlement_id = fields.Many2one(
        comodel_name="bocp.commission.settlement",
        readonly=True,
        index="btree_not_null",
        ondelete="restrict",
    )
    settlement_line_ids = fields.One2many(
        comodel_name="bocp.commission.settlement.line",
        inverse_name="commission_line_id",
        string="Settlement History",
        readonly=True,
    )

    def init(self):
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS bocp_commission_line_unsettled_idx
                ON bocp_commission_line (agent_id, company_id, currency_id)
             WHERE state = 'validated'
            """
        )

    @api.depends("move_id", "agent_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = (
                f"{line.move_id.name or ''} - {line.agent_id.name or ''}"
            )

    # ------------------------------------------------------------------
    # Write protection: the ledger is written by the engine only
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get(LEDGER_CONTEXT):
            raise UserError(_("Commission lines are created from invoices only."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.context.get(LEDGER_CONTEXT):
            raise UserError(
                _("Commission lines cannot be edited: they follow their invoice.")
            )
        frozen_allowed = {"state", "settlement_id", "is_frozen"}
        if set(vals) - frozen_allowed and self.filtered("is_frozen"):
            raise UserError(
                _("A settled commission line cannot be changed; add a correction.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_frozen(self):
        if self.filtered("is_frozen"):
            raise UserError(_("A settled commission line cannot be deleted."))
        if not self.env.context.get(LEDGER_CONTEXT):
            raise UserError(
                _("Commission lines cannot be deleted: they follow their invoice.")
            )

    # ------------------------------------------------------------------
    # Ledger engine
    # ------------------------------------------------------------------

    def _bocp_key(self):
        return (self.agent_id.id, self.move_id.id, self.move_line_id.id or 0)

    @api.model
    def _bocp_sync(self, moves, accruals=None, reason=None):
        """Bring the ledger of ``moves`` in line with what they earn now.

        :param accruals: ``{key: vals}`` of what the moves earn, when their
            accrual is decided again (posting, reset to draft, cancel); keys
            missing from it earn nothing. ``None`` keeps the accrued amounts
            and only moves shares between "to validate" and "validated"
            (payments).
        :param reason: text of the correcting lines this call may create;
            ``None`` (a payment added) keeps the reason of an existing
            correction.
        """
        if not moves:
            return
        ledger = self.sudo().with_context(**{LEDGER_CONTEXT: True})
        existing = ledger.search([("move_id", "in", moves.ids)], order="id")
        if not existing and not accruals:
            return
        entries_by_key = defaultdict(list)
        entries_by_move = defaultdict(list)
        for entry in existing:
            entries_by_key[entry._bocp_key()].append(entry)
            entries_by_move[entry.move_id.id].append(entry)
        accruals_by_move = defaultdict(dict)
        for key, vals in (accruals or {}).items():
            accruals_by_move[key[1]][key] = vals
        fractions = moves._bocp_paid_fractions()
        plan = _LedgerPlan(ledger, reason, default_reason=_("Payment removed"))
        for move in moves:
            entries = entries_by_move.get(move.id, [])
            fraction = fractions[move.id]
            if plan.fast_path(entries, accruals, accruals_by_move[move.id], fraction):
                continue
            keys = list(dict.fromkeys(e._bocp_key() for e in entries))
            keys += [k for k in accruals_by_move[move.id] if k not in entries_by_key]
            for key in keys:
                accrual = None if accruals is None else accruals.get(key, {})
                plan.add_key(key, entries_by_key.get(key, []), accrual, fraction)
        plan.apply()

    @api.model
    def _bocp_insert(self, vals_list):
        """Insert ledger entries in a few multi-row INSERTs; return them.

        Posting thousands of invoices accrues tens of thousands of entries:
        the ORM's per-field conversion of each row would cost more than the
        posting itself. The values are computed and rounded by the engine;
        afterwards the ORM is told what ``create()`` would have told it (the
        invoices' one2many and whatever depends on the new rows).
        """
        if not vals_list:
            return self.browse()
        columns = INSERT_COLUMNS + (
            "create_uid",
            "write_uid",
            "create_date",
            "write_date",
        )
        now = self.env.cr.now()
        uid = self.env.uid
        ids = []
        for start in range(0, len(vals_list), 1000):
            rows = [
                SQL(
                    "%s",
                    (
                        *(_column_value(vals, column) for column in INSERT_COLUMNS),
                        uid,
                        uid,
                        now,
                        now,
                    ),
                )
                for vals in vals_list[start : start + 1000]
            ]
            ids += [
                row[0]
                for row in self.env.execute_query(
                    SQL(
                        "INSERT INTO bocp_commission_line (%s) VALUES %s RETURNING id",
                        SQL(", ").join(SQL.identifier(c) for c in columns),
                        SQL(", ").join(rows),
                    )
                )
            ]
        moves = self.env["account.move"].browse({v["move_id"] for v in vals_list})
        moves.invalidate_recordset(["bocp_commission_line_ids"])
        lines = self.browse(ids)
        lines.modified(INSERT_COLUMNS, create=True)
        return lines

    @api.model
    def _bocp_agent_balance(self, domain):
        """Agent account figures per currency: to validate, validated and
        not settled, settled (read with the caller's rights)."""
        groups = self._read_group(domain, ["currency_id", "state"], ["amount:sum"])
        balances = {}
        for currency, state, amount in groups:
            balance = balances.setdefault(
                currency,
                {
                    "currency": currency,
                    "to_validate": 0.0,
                    "validated": 0.0,
                    "settled": 0.0,
                },
            )
            balance[state] += amount
        return {"balances": list(balances.values())}

    # ------------------------------------------------------------------
    # Settlement
    # ------------------------------------------------------------------

    def _bocp_lock_for_settlement(self):
        """Lock the still-unsettled validated lines of self, grouped by
        agent, company and currency: ``[(agent, company, currency, ids,
        first date, last date)]``.

        ``NOWAIT``: a second user settling the same lines at the same time
        gets a clear error instead of waiting, and settles nothing twice.
        """
        if not self:
            return []
        self.flush_model()
        try:
            with self.env.cr.savepoint(flush=False):
                return self.env.execute_query(
                    SQL(
                        """
                        WITH locked AS (
                            SELECT id, agent_id, company_id, currency_id,
                                   date_validated
                              FROM bocp_commission_line
                             WHERE id = ANY(%s) AND state = 'validated'
                               AND settlement_id IS NULL
                               FOR UPDATE NOWAIT
                        )
                        SELECT agent_id, company_id, currency_id,
                               ARRAY_AGG(id ORDER BY id),
                               MIN(date_validated), MAX(date_validated)
                          FROM locked
                         GROUP BY agent_id, company_id, currency_id
                         ORDER BY agent_id, company_id, currency_id
                        """,
                        list(self.ids),
                    )
                )
        except pg_errors.LockNotAvailable as error:
            raise UserError(
                _(
                    "These commissions are being settled or changed by another "
                    "user right now. Try again in a moment."
                )
            ) from error

    def _bocp_settle(self):
        """Settle the validated lines of self: one settlement per agent,
        company and currency. Lines settled meanwhile are skipped, so a
        repeated call settles nothing twice. Returns the new settlements.

        The lines are moved with a fixed number of queries, whatever their
        number (set-based SQL; the unique index on active settlement lines
        guards the result)."""
        settlement_model = self.env["bocp.commission.settlement"]
        settlement_model.check_access("create")
        groups = self.sudo()._bocp_lock_for_settlement()
        if not groups:
            return settlement_model
        settlements = settlement_model.sudo().create(
            [
                settlement_model._prepare_settlement_vals(
                    agent_id, company_id, currency_id, date_from, date_to
                )
                for agent_id, company_id, currency_id, _ids, date_from, date_to in groups
            ]
        )
        line_ids, settlement_ids = [], []
        for settlement, group in zip(settlements, groups, strict=True):
            line_ids += group[3]
            settlement_ids += [settlement.id] * len(group[3])
        settlements._bocp_attach_lines(line_ids, settlement_ids)
        return settlements.sudo(self.env.su)

    def _bocp_release(self):
        """Lines of a cancelled settlement become validated again."""
        self.sudo().with_context(**{LEDGER_CONTEXT: True}).write(
            {"state": "validated", "settlement_id": False}
        )


def _column_value(vals, column):
    value = vals.get(column)
    if column == "is_frozen":
        return bool(value)
    if column in NOT_NULL_COLUMNS:
        return value or 0.0
    return value or None


class _LedgerPlan:
    """Collects the creates, writes and unlinks of one sync and runs them in
    a few batched queries."""

    def __init__(self, ledger, reason, default_reason):
        self.ledger = ledger
        self.reason = reason
        self.default_reason = default_reason
        self.today = fields.Date.context_today(ledger)
        self.to_create = []
        self.to_write = defaultdict(list)
        self.to_unlink = []
        self.to_validate = []

    def fast_path(self, entries, accruals, move_accruals, fraction):
        """The common cases, without per-key work: a first posting, and a
        payment that pays all or nothing of an invoice holding only
        entries to validate. Returns True when handled."""
        if accruals is not None:
            if entries or fraction > 0.0:
                return False
            self.to_create += [
                dict(vals, state="to_validate") for vals in move_accruals.values()
            ]
            return True
        if any(entry.state != "to_validate" for entry in entries):
            return False
        if fraction >= 1.0:
            self.to_validate += [entry.id for entry in entries]
            return True
        return fraction <= 0.0

    # -- per key --------------------------------------------------------

    def add_key(self, key, entries, accrual, fraction):
        frozen = [e for e in entries if e.is_frozen]
        pending = [e for e in entries if e.state == "to_validate"]
        free = [e for e in entries if e.state == "validated" and not e.is_frozen]
        sample = accrual or (entries and entries[-1])
        if not sample:
            return
        currencies = self._currencies(sample)
        if accrual is None:
            total = {f: sum(e[f] for e in entries) for f in MONEY_FIELDS}
        else:
            total = {f: accrual.get(f, 0.0) for f in MONEY_FIELDS}
        validated, pending_vals, free_vals = {}, {}, {}
        for field in MONEY_FIELDS:
            currency = currencies[field]
            validated[field] = self._share(total[field], fraction, currency)
            settled = sum(e[field] for e in frozen)
            free_vals[field] = currency.round(validated[field] - settled)
            pending_vals[field] = currency.round(total[field] - validated[field])
        static = self._static_vals(accrual, entries)
        pending_target = None
        if not self._is_zero(pending_vals, currencies):
            pending_target = dict(static, **pending_vals, state="to_validate")
        free_target = None
        if not self._is_zero(free_vals, currencies):
            free_target = dict(static, **free_vals, state="validated")
            if self._is_correction(free_vals["amount"], total["amount"], currencies):
                free_target.update(
                    line_type="correction",
                    reason=self._correction_reason(free),
                    origin_line_id=self._correction_origin(frozen),
                )
        self._assign(pending_target, pending, free_target, free, currencies)

    def _correction_reason(self, free):
        """The reason given by the caller; else (a payment added) the
        reason of the correction already open, never rewritten."""
        if self.reason:
            return self.reason
        for entry in free:
            if entry.line_type == "correction" and entry.reason:
                return entry.reason
        return self.default_reason

    @staticmethod
    def _own_lines(entries):
        """The key's own lines (what the invoice accrued), without the
        corrections made later; all of them when only corrections remain."""
        return [e for e in entries if e.line_type != "correction"] or entries

    def _correction_origin(self, frozen):
        """The settled line a correction corrects: the key's own line, not
        an earlier correction."""
        originals = self._own_lines(frozen)
        return originals[-1].id if originals else False

    @staticmethod
    def _share(total, fraction, currency):
        """Paid share; the last payment takes the rounding rest."""
        if fraction >= 1.0:
            return total
        return currency.round(total * fraction)

    def _currencies(self, sample):
        if isinstance(sample, dict):
            currency_model = self.ledger.env["res.currency"]
            currency = currency_model.browse(sample["currency_id"])
            company_currency = currency_model.browse(sample["company_currency_id"])
        else:
            currency, company_currency = sample.currency_id, sample.company_currency_id
        return {
            "base": currency,
            "amount": currency,
            "base_company": company_currency,
            "amount_company": company_currency,
        }

    @staticmethod
    def _is_zero(values, currencies):
        return all(currencies[f].is_zero(values[f]) for f in MONEY_FIELDS)

    @staticmethod
    def _is_correction(free_amount, total_amount, currencies):
        """A free entry that takes back settled money is a correction."""
        currency = currencies["amount"]
        if currency.is_zero(total_amount):
            return True
        return (free_amount > 0) != (total_amount > 0)

    def _static_vals(self, accrual, entries):
        if accrual:
            return {k: v for k, v in accrual.items() if k not in MONEY_FIELDS}
        # No accrual any more (draft, cancelled) or a payment: keep what the
        # key had, taken from its own lines, not from a correction.
        last = self._own_lines(entries)[-1]
        return {
            "agent_id": last.agent_id.id,
            "move_id": last.move_id.id,
            "move_line_id": last.move_line_id.id,
            "partner_id": last.partner_id.id,
            "product_id": last.product_id.id,
            "company_id": last.company_id.id,
            "currency_id": last.currency_id.id,
            "company_currency_id": last.company_currency_id.id,
            "date": last.date,
            "rule_id": last.rule_id.id,
            "rate": last.rate,
            "line_type": "refund"
            if last.move_id.move_type == "out_refund"
            else "invoice",
            "origin_line_id": last.origin_line_id.id,
            "reason": last.reason,
        }

    def _assign(self, pending_target, pending, free_target, free, currencies):
        """Reuse existing free records for the targets; drop the rest."""
        pool = {"to_validate": list(pending), "validated": list(free)}
        slots = [("to_validate", pending_target), ("validated", free_target)]
        chosen = {}
        for state, target in slots:
            if target and pool[state]:
                chosen[state] = pool[state].pop(0)
        for state, target in slots:
            if target and state not in chosen:
                other = "validated" if state == "to_validate" else "to_validate"
                if pool[other]:
                    chosen[state] = pool[other].pop(0)
        self.to_unlink += pool["to_validate"] + pool["validated"]
        for state, target in slots:
            if not target:
                continue
            record = chosen.get(state)
            if record is None:
                if state == "validated":
                    target["date_validated"] = self.today
                self.to_create.append(target)
            else:
                self._write_diff(record, target, currencies)

    def _write_diff(self, record, target, currencies):
        diff = {}
        for field, value in target.items():
            current = record[field]
            if isinstance(current, models.BaseModel):
                current = current.id
            if field in MONEY_FIELDS:
                if not currencies[field].is_zero(current - value):
                    diff[field] = value
            elif current != value:
                diff[field] = value
        if not diff:
            return
        if target["state"] == "validated" and (
            "state" in diff or "amount" in diff or "amount_company" in diff
        ):
            diff["date_validated"] = self.today
        elif target["state"] == "to_validate" and record.date_validated:
            diff["date_validated"] = False
        self.to_write[frozenset(diff.items())].append(record.id)

    # -- batch ----------------------------------------------------------

    def apply(self):
        ledger = self.ledger
        if self.to_unlink:
            ledger.browse([r.id for r in self.to_unlink]).unlink()
        if self.to_validate:
            ledger.browse(self.to_validate).write(
                {"state": "validated", "date_validated": self.today}
            )
        for diff, ids in self.to_write.items():
            ledger.browse(ids).write(dict(diff))
        ledger._bocp_insert(self.to_create)
