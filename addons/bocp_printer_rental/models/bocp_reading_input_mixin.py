from odoo import api, fields, models

from odoo.addons.bocp_number.fields import Integer64


class BocpReadingInputMixin(models.AbstractModel):
    """Fields to type one counter index (reading wizard, intervention), turned
    into a bocp.reading.line by _prepare_reading_line_vals()."""

    _name = "bocp.reading.input.mixin"
    _description = "Counter Index Input"

    counter_type_id = fields.Many2one(
        "bocp.counter.type", string="Counter", required=True
    )
    previous_value = Integer64(string="Last Index", readonly=True)
    previous_date = fields.Date(string="Last Reading", readonly=True)
    value = Integer64(
        string="Index", number_kind="counter_index", number_row="counter_type_id"
    )
    pages_confirmed = fields.Boolean(
        string="Confirm Unusual Pages",
        help="Tick when the index is right although it makes more pages than the "
        "printer type can print since the previous reading (logged on the dossier).",
    )
    is_reset = fields.Boolean(
        string="Counter Reset",
        help="Tick when the counter was reset or replaced: a lower index is "
        "accepted and the pages start from the new counter's base.",
    )
    reset_reason = fields.Char()
    reset_final_value = Integer64(
        string="Old Counter Final Index",
        number_kind="counter_index",
        number_row="counter_type_id",
        help="Last index of the old counter, if known (else leave 0).",
    )
    reset_start_value = Integer64(
        string="New Counter Start Index",
        number_kind="counter_index",
        number_row="counter_type_id",
    )

    @api.model
    def _prepare_input_lines(self, printer, counters):
        """Values of one input line per counter, prefilled with the last index."""
        last = printer._get_last_values() if printer else {}
        vals_list = []
        for counter in counters:
            value, date = last.get(counter, (0, False))
            vals_list.append(
                {
                    "counter_type_id": counter.id,
                    "previous_value": value,
                    "previous_date": date,
                    "value": value,
                }
            )
        return vals_list

    def _prepare_reading_line_vals(self):
        self.ensure_one()
        vals = {
            "counter_type_id": self.counter_type_id.id,
            "value": self.value,
            "pages_confirmed": self.pages_confirmed,
        }
        if self.is_reset:
            vals.update(
                {
                    "is_reset": True,
                    "reset_reason": self.reset_reason,
                    "reset_final_value": self.reset_final_value,
                    "reset_start_value": self.reset_start_value,
                }
            )
        return vals
