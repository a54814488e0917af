{
    "name": "BOCP Romanian Addresses for e-Factura",
    "summary": "Normalises Romanian addresses (county, Bucharest sector) the way "
    "CIUS-RO (e-Factura) wants them and tells what the builder would refuse",
    "version": "18.0.1.0.0",
    "category": "Accounting/Localizations",
    "license": "LGPL-3",
    "author": "BOCP for Odoo",
    "website": "https://github.com/bocp/bocp-odoo",
    # l10n_ro_edi (Odoo's CIUS-RO builder, auto-installed with l10n_ro) is the
    # one source of the sector codes checked here and builds the XML of the
    # test helper; depending on it keeps the check and the builder in step.
    "depends": ["l10n_ro", "l10n_ro_edi"],
    "data": [],
    "installable": True,
}
