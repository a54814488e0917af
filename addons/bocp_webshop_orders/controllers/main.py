from odoo.http import request

from odoo.addons.website_sale.controllers.main import WebsiteSale


class WebshopCheckout(WebsiteSale):
    def _get_mandatory_address_fields(self, country_sudo):
        """The county is asked for Romanian addresses: e-Factura (CIUS-RO)
        refuses an invoice whose address has none (Odoo's Romania record does
        not require the state)."""
        field_names = super()._get_mandatory_address_fields(country_sudo)
        if country_sudo.code == "RO":
            field_names.add("state_id")
        return field_names

    def _parse_form_data(self, form_data):
        """Romanian addresses as e-Factura wants them: the county as a state,
        any written form of a Bucharest locality as its sector city."""
        address_values, extra_form_data = super()._parse_form_data(form_data)
        country = request.env["res.country"].browse(address_values.get("country_id"))
        if country.code == "RO":
            address_values = request.env["res.partner"]._bocp_ro_normalize_address_vals(
                address_values
            )
        return address_values, extra_form_data
