{
    "name": "BOCP Chatter Language",
    "summary": "Records made without a language (data files, demo data, scheduled "
    "actions) log their creation in one language: 'Dosar închiriere creat', "
    "not 'Rental Dossier creat'",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tools",
    "license": "LGPL-3",
    "author": "BOCP for Odoo",
    "website": "https://github.com/bocp/bocp-odoo",
    "depends": ["mail"],
    "data": [],
    "auto_install": True,
    "installable": True,
}
