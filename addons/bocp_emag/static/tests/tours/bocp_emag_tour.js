import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("bocp_emag_tour", {
    url: "/odoo/action-bocp_emag.action_emag_account",
    steps: () => [
        {
            content: "Open the eMAG account",
            trigger: ".o_list_view .o_data_row td:contains('Tour eMAG')",
            run: "click",
        },
        {
            content: "Test the connection",
            trigger: ".o_form_view button[name='action_test_connection']",
            run: "click",
        },
        {
            content: "The connection works",
            trigger: ".o_notification:has(.o_notification_bar.bg-success)",
        },
        {
            content: "The callback URL can be copied",
            trigger: ".o_field_CopyClipboardChar button",
        },
        {
            content: "Open the account's orders",
            trigger: "button[name='action_view_orders']",
            run: "click",
        },
        {
            content: "Open the imported order",
            trigger: ".o_list_view .o_data_row td:contains('Ion Popescu')",
            run: "click",
        },
        {
            content: "The order shows its sale order",
            trigger: ".o_form_view button[name='action_view_sale_order']",
        },
    ],
});
