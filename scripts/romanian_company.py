# Runs inside `odoo-bin shell` (which provides `env`); scripts/bocp.py feeds it
# on stdin. Makes the main company a Romanian one in RON, and, once `account`
# is installed, adds the VAT rates in force since 2025-08-01 (Law 141/2025:
# 21% standard, 11% reduced) that Odoo 18.0's l10n_ro data predates, and makes
# 21% the default. The company is a complete e-Factura (CIUS-RO) seller: its
# Bucharest address has the sector as city, it has a CUI, a trade register
# number and an IBAN account, and l10n_ro_edi is installed. Safe to run again.
# ruff: noqa: F821  (env is given by odoo shell)
import os

LANG = os.environ.get("BOCP_LANG", "")
VAT_2025 = {19.0: 21.0, 9.0: 11.0}


def make_company_romanian(company):
    env.ref("base.RON").active = True
    values = {
        "name": "Tipar Service SRL",
        "street": "Str. Fabrica de Glucoză nr. 11",
        "city": "SECTOR2",  # CIUS-RO wants the sector as city in Bucharest
        "zip": "020331",
        "state_id": env.ref("base.RO_B").id,
        "country_id": env.ref("base.ro").id,
        "vat": "RO13548146",
        "company_registry": "J40/1234/2005",
        "phone": "+40 21 310 45 67",
        "email": "office@tiparservice.ro",
        "website": "https://www.tiparservice.ro",
    }
    if "account.move" not in env or not env["account.move"].search_count([], limit=1):
        values["currency_id"] = env.ref("base.RON").id
    company.write(values)


def add_bank_account(company):
    """The IBAN e-Factura prints as payment account (BCR, from l10n_ro's banks)."""
    if "account.move" not in env or company.partner_id.bank_ids:
        return
    bank = env.ref("l10n_ro.res_bank_5", raise_if_not_found=False)
    env["res.partner.bank"].create(
        {
            "partner_id": company.partner_id.id,
            "acc_number": "RO63RNCB0082044470130001",
            "bank_id": bank.id if bank else False,
            "allow_out_payment": True,
        }
    )


def install_efactura():
    """l10n_ro_edi comes with l10n_ro and account_edi_ubl_cii (auto-install);
    make sure of it, the addons' invoices are checked with its builder."""
    module = env["ir.module.module"].search([("name", "=", "l10n_ro_edi")])
    installed = env["ir.module.module"].search_count(
        [("name", "=", "l10n_ro"), ("state", "=", "installed")]
    )
    if installed and module.state == "uninstalled":
        module.button_immediate_install()


def add_vat_2025(company):
    """Copy the 19% and 9% taxes (sale and purchase) as 21% and 11%."""
    if "account.tax" not in env or company.chart_template != "ro":
        return
    taxes = env["account.tax"].with_context(active_test=False)
    for old_rate, new_rate in VAT_2025.items():
        for old in taxes.search(
            [("company_id", "=", company.id), ("amount", "=", old_rate)]
        ):
            new_name = old.name.replace(f"{old_rate:g}%", f"{new_rate:g}%")
            if new_name == old.name or taxes.search_count(
                [
                    ("company_id", "=", company.id),
                    ("name", "=", new_name),
                    ("type_tax_use", "=", old.type_tax_use),
                ]
            ):
                continue
            group = old.tax_group_id
            group_name = group.name.replace(f"{old_rate:g}%", f"{new_rate:g}%")
            new_group = env["account.tax.group"].search(
                [("company_id", "=", company.id), ("name", "=", group_name)], limit=1
            ) or group.copy({"name": group_name})
            old.copy(
                {
                    "name": new_name,
                    "amount": new_rate,
                    "tax_group_id": new_group.id,
                    "description": (old.description or "").replace(
                        f"{old_rate:g}%", f"{new_rate:g}%"
                    ),
                    "invoice_label": (old.invoice_label or "").replace(
                        f"{old_rate:g}%", f"{new_rate:g}%"
                    ),
                }
            )
    sale = taxes.search(
        [
            ("company_id", "=", company.id),
            ("name", "=", "21% G"),
            ("type_tax_use", "=", "sale"),
        ],
        limit=1,
    )
    purchase = taxes.search(
        [
            ("company_id", "=", company.id),
            ("name", "=", "21% G"),
            ("type_tax_use", "=", "purchase"),
        ],
        limit=1,
    )
    company.write(
        {"account_sale_tax_id": sale.id, "account_purchase_tax_id": purchase.id}
    )


def set_language(company):
    if not LANG:
        return
    env["res.lang"]._activate_lang(LANG)
    company.partner_id.lang = LANG
    env.ref("base.user_admin").write({"lang": LANG, "tz": "Europe/Bucharest"})


main_company = env.ref("base.main_company")
make_company_romanian(main_company)
add_bank_account(main_company)
add_vat_2025(main_company)
set_language(main_company)
env.cr.commit()
install_efactura()
