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
