{
    "name": "BOCP Sale Work Point",
    "summary": "Take a sale order over from a chosen work point (warehouse): "
    "confirm or re-route it, check the free stock, deliver it now",
    "version": "18.0.1.0.0",
    "category": "Inventory/Inventory",
    "license": "LGPL-3",
    "author": "BOCP for Odoo",
    "website": "https://github.com/bocp/bocp-odoo",
    "depends": ["sale_stock", "stock_delivery"],
    "data": [
        "security/ir.model.access.csv",
        "views/res_config_settings_views.xml",
        "wizards/sale_take_over_views.xml",
        "views/sale_order_views.xml",
    ],
    "installable": True,
}
