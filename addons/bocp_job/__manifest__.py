{
    "name": "BOCP Background Jobs",
    "summary": "Long work of the BOCP addons runs as Odoo cron batches, each in its "
    "own transaction, with progress, notifications and retry",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tools",
    "license": "LGPL-3",
    "author": "BOCP for Odoo",
    "website": "https://github.com/bocp/bocp-odoo",
    "depends": ["mail"],
    "data": [
        "security/bocp_job_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/bocp_job_views.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "bocp_job/static/src/**/*",
        ],
    },
    "installable": True,
}
