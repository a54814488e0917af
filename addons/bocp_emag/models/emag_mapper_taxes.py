"""Which Odoo sale tax an eMAG amount gets: VAT included, reverse charge, none."""

from odoo import api, models

from ..tools import NO_TAX, REVERSE_CHARGE, OrderOnHold, dec

REVERSE_CHARGE_POSITION = "fiscal_position_template_2"  # l10n_ro "Taxare inversă"
NON_TAXABLE_TAX = "tvatine"  # l10n_ro "TVA Neimpozabile Taxe Livrări", 0% NT


class BocpEmagOrderMapper(models.AbstractModel):
    _inherit = "bocp.emag.order.mapper"

    @api.model
    def _tax_for(self, company, kind, cache):
        """The taxes (a recordset, maybe empty) of an amount of ``kind``: a VAT
        rate (fraction), ``REVERSE_CHARGE`` or ``NO_TAX``."""
        if kind == NO_TAX:
            return self._get_non_taxable_tax(company, cache)
        if kind == REVERSE_CHARGE:
            return self._get_reverse_charge_tax(company, cache)
        return self._get_included_tax(company, dec(kind), cache)

    @api.model
    def _get_included_tax(self, company, rate, cache=None):
        """The sale tax of ``rate`` (fraction) with the price VAT included.

        Searched among the company's sale taxes; when only a price-excluded tax
        of that rate exists, a price-included copy of it is made once (same
        accounts and tax grids).
        """
        key = (company.id, str(dec(rate).normalize()))
        if cache is not None and key in cache:
            return cache[key]
        percent = float(dec(rate) * 100)
        Tax = self.env["account.tax"].sudo().with_company(company)
        taxes = Tax.search(
            [
                ("company_id", "=", company.id),
                ("type_tax_use", "=", "sale"),
                ("amount_type", "=", "percent"),
                ("amount", "=", percent),
            ],
            order="sequence, id",
        )
        tax = taxes.filtered("price_include")[:1]
        if not tax:
            default = company.account_sale_tax_id
            base = (default & taxes) or taxes.filtered(lambda t: not t.tax_scope)[:1]
            base = base or taxes[:1]
            if not base:
                raise OrderOnHold(
                    self.env._(
                        "There is no sale tax of %(rate)s%% in %(company)s: create it "
                        "in Accounting > Configuration > Taxes.",
                        rate=percent,
                        company=company.name,
                    )
                )
            tax = base.copy(
                {
                    "name": self.env._("%(tax)s (eMAG, VAT included)", tax=base.name),
                    "price_include_override": "tax_included",
                }
            )
        if cache is not None:
            cache[key] = tax
        return tax

    @api.model
    def _reverse_charge_position(self, company):
        """l10n_ro's "Regim de taxare inversă" fiscal position of the company."""
        return self._chart_record(
            company,
            REVERSE_CHARGE_POSITION,
            self.env._(
                "The eMAG order has reverse-charge lines (taxare inversă) but "
                "%(company)s has no reverse-charge fiscal position: install the "
                "Romanian chart of accounts (l10n_ro).",
                company=company.name,
            ),
        )

    @api.model
    def _chart_record(self, company, xmlid, missing):
        """A record of the company's chart of accounts (l10n_ro), or the order
        waits for a person with the message ``missing``."""
        chart = self.env["account.chart.template"].with_company(company)
        record = chart.ref(xmlid, raise_if_not_found=False)
        if not record:
            raise OrderOnHold(missing)
        return record

    @api.model
    def _get_reverse_charge_tax(self, company, cache=None):
        """The sale tax l10n_ro's reverse-charge position maps sales to (0% R)."""
        key = (company.id, REVERSE_CHARGE)
        if cache is not None and key in cache:
            return cache[key]
        position = self._reverse_charge_position(company).sudo()
        taxes = position.tax_ids.filtered(
            lambda m: m.tax_src_id.type_tax_use == "sale"
        ).tax_dest_id
        if len(taxes) != 1:
            raise OrderOnHold(
                self.env._(
                    "The fiscal position “%(position)s” does not map sales to one "
                    "reverse-charge tax: check it in Accounting > Configuration > "
                    "Fiscal Positions.",
                    position=position.name,
                )
            )
        if cache is not None:
            cache[key] = taxes
        return taxes

    @api.model
    def _get_non_taxable_tax(self, company, cache=None):
        """l10n_ro's 0% "non-taxable" sale tax, for SGR deposits.

        The deposit is outside the scope of VAT (OUG 78/2024), yet e-Factura
        wants one tax per line (UBL-SR-48): a 0% tax, which Odoo's CIUS-RO
        builder reports as exempt, next to the goods' standard-rate lines.
        """
        key = (company.id, NO_TAX)
        if cache is not None and key in cache:
            return cache[key]
        tax = self._chart_record(
            company,
            NON_TAXABLE_TAX,
            self.env._(
                "The eMAG order has an SGR deposit, which is invoiced with the "
                "0%% non-taxable sale tax of the Romanian chart of accounts "
                "(l10n_ro), missing in %(company)s.",
                company=company.name,
            ),
        )
        if cache is not None:
            cache[key] = tax
        return tax
