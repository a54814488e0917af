{
    "name": "BOCP Numbers",
    "summary": "One strict rule for the numbers users and partners type: ASCII "
    "digits, the locale's separators, a documented range per kind",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tools",
    "license": "LGPL-3",
    "author": "BOCP for Odoo",
    "website": "https://github.com/bocp/bocp-odoo",
    "depends": ["base", "web"],
    "data": [],
    "assets": {
        "web.assets_backend": [
            "bocp_number/static/src/js/*.js",
        ],
        "web.assets_unit_tests": [
            "bocp_number/static/tests/**/*.test.js",
        ],
    },
    "installable": True,
}
