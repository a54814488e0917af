{
    "name": "BOCP Printer Rental",
    "summary": "Rent printers and bill their counters: printers, rental dossiers, "
    "counter readings, interventions, quick processing by barcode",
    "version": "18.0.1.0.0",
    "category": "Services/Rental",
    "license": "LGPL-3",
    "author": "BOCP for Odoo",
    "website": "https://github.com/bocp/bocp-odoo",
    "depends": ["account", "product", "stock", "mail", "contacts", "barcodes"],
    "data": [
        "security/bocp_printer_rental_groups.xml",
        "security/ir.model.access.csv",
        "security/bocp_printer_rental_rules.xml",
        "data/ir_sequence_data.xml",
        "data/bocp_counter_type_data.xml",
        "views/bocp_printer_views.xml",
        "views/bocp_counter_type_views.xml",
        "views/bocp_printer_type_views.xml",
        "views/bocp_intervention_type_views.xml",
        "views/bocp_rental_views.xml",
        "views/bocp_reading_views.xml",
        "views/bocp_intervention_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/bocp_reading_wizard_views.xml",
        "wizards/bocp_quick_process_views.xml",
        "views/bocp_menus.xml",
    ],
    "demo": [
        "demo/bocp_printer_rental_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "bocp_printer_rental/static/tests/tours/*.js",
        ],
    },
    "application": True,
}
