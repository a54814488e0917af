from odoo import api, models

from odoo.addons.l10n_ro_edi.models.account_edi_xml_ubl_ciusro import (
    SECTOR_RO_CODES,
    get_formatted_sector_ro,
)

from ..tools import ro_address


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------
    # Normalising what people and marketplaces type
    # ------------------------------------------------------------------

    @api.model
    def _bocp_ro_normalize_address_vals(self, vals):
        """Address values as CIUS-RO (l10n_ro_edi) wants them.

        ``vals`` are res.partner values; ``country_id`` may be an id or a
        country code/name ("RO"), ``state_id`` an id or the county as typed
        (name with or without diacritics, "Jud. Cluj", or its code "CJ").
        Returns new values: the county as a res.country.state id (an unknown
        county is left out, so the address reports it missing), the country
        set to Romania when it was absent and a Romanian county was found,
        and a Bucharest locality in any of its forms ("Sectorul 3", "Sector
        3", "sector3", "București, sector 3", or "București" with a Bucharest
        postal code) as the sector city "SECTOR3". Other values are kept.
        """
        vals = dict(vals)
        romania = self.env.ref("base.ro")
        country = self._bocp_ro_country(vals.get("country_id"))
        if country:
            vals["country_id"] = country.id
        elif "country_id" in vals:
            del vals["country_id"]  # not recognised: left as the partner has it
        if isinstance(vals.get("state_id"), str):
            state = self._bocp_ro_find_state(vals["state_id"], country or romania)
            if state:
                vals["state_id"] = state.id
            else:
                del vals["state_id"]
        state = self.env["res.country.state"].browse(vals.get("state_id") or [])
        if not country and state.country_id == romania:
            vals["country_id"] = romania.id
        if (country or romania) == romania:
            vals.update(self._bocp_ro_bucharest_vals(vals, state))
        return vals

    @api.model
    def _bocp_ro_country(self, value):
        """The country of ``value`` (an id, a code or a name), or an empty
        recordset."""
        Country = self.env["res.country"]
        if not value:
            return Country
        if isinstance(value, int):
            return Country.browse(value)
        text = value.strip()
        if ro_address.county_key(text) == "romania":
            return self.env.ref("base.ro")
        return Country.search(
            ["|", ("code", "=ilike", text), ("name", "=ilike", text)], limit=1
        )

    @api.model
    def _bocp_ro_find_state(self, text, country):
        """The county of ``country`` named by ``text`` (name or code)."""
        key = ro_address.county_key(text)
        if not key:
            return self.env["res.country.state"]
        if country == self.env.ref("base.ro") and key in ro_address.BUCHAREST_KEYS:
            return self.env.ref("base.RO_B")
        states = self.env["res.country.state"].search([("country_id", "=", country.id)])
        for state in states:
            if key in (state.code.lower(), ro_address.county_key(state.name)):
                return state
        return states.browse()

    @api.model
    def _bocp_ro_bucharest_vals(self, vals, state):
        """City (and county) of a Bucharest address: the sector code."""
        bucharest = self.env.ref("base.RO_B")
        if state and state != bucharest:
            return {}
        city = vals.get("city") or ""
        sector = ro_address.find_sector(city)
        if sector is None:
            if not (ro_address.names_bucharest(city) or (state and not city)):
                return {}
            street = " ".join(filter(None, [vals.get("street"), vals.get("street2")]))
            sector = ro_address.find_sector(street) or ro_address.sector_from_zip(
                vals.get("zip")
            )
        if sector is None:
            return {"state_id": bucharest.id}
        return {
            "city": f"SECTOR{sector}",
            "state_id": bucharest.id,
            "country_id": self.env.ref("base.ro").id,
        }

    # ------------------------------------------------------------------
    # What the CIUS-RO builder would refuse
    # ------------------------------------------------------------------

    def _bocp_ro_address_problems(self):
        """Messages (in the user's language) for what l10n_ro_edi's CIUS-RO
        export refuses in this partner's address; empty when it is fine."""
        self.ensure_one()
        name = self.display_name
        problems = []
        if not self.street:
            problems.append(
                self.env._("%(partner)s: the street is missing.", partner=name)
            )
        if not self.city:
            problems.append(
                self.env._("%(partner)s: the city is missing.", partner=name)
            )
        if not self.state_id:
            problems.append(
                self.env._("%(partner)s: the county is missing.", partner=name)
            )
        elif (
            self.country_code == "RO"
            and self.state_id.code == "B"
            and self.city
            and get_formatted_sector_ro(self.city) not in SECTOR_RO_CODES
        ):
            problems.append(
                self.env._(
                    "%(partner)s: in Bucharest the city must be the sector "
                    "(SECTOR1 to SECTOR6), not “%(city)s”.",
                    partner=name,
                    city=self.city,
                )
            )
        return problems
