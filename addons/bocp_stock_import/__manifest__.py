{
    "name": "BOCP Stock Import",
    "summary": "Initial stock from a pasted or uploaded table, checked row by row "
    "and received at cost in one validated receipt",
    "version": "18.0.1.0.0",
    "category": "Inventory/Inventory",
    "license": "LGPL-3",
    "author": "BOCP for Odoo",
    "website": "https://github.com/bocp/bocp-odoo",
    "depends": [
        "bocp_number",
        "stock_account",
        "product",
        "uom",
        "account",
        "bocp_job",
    ],
    "external_dependencies": {"python": ["openpyxl", "xlrd"]},
    "data": [
        "security/bocp_stock_import_groups.xml",
        "security/ir.model.access.csv",
        "security/bocp_stock_import_rules.xml",
        "data/ir_sequence_data.xml",
        "views/bocp_stock_import_line_views.xml",
        "views/bocp_stock_import_views.xml",
        "views/menus.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": ["demo/bocp_stock_import_demo.xml"],
    "assets": {
        "web.assets_tests": [
            "bocp_stock_import/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
