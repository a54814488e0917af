import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("bocp_printer_rental_billing", {
    url: "/odoo/action-bocp_printer_rental.bocp_billing_client_action",
    steps: () => [
        {
            content: "The client has something to invoice: issue its invoice",
            trigger: ".o_data_row:contains(Billing Tour Client SRL) button[name=action_invoice]",
            run: "click",
        },
        {
            content: "Keep the default series and date",
            trigger: ".modal .o_field_widget[name=journal_id] input",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The invoice opens, with the pages of the counter",
            trigger: ".o_form_view .o_field_widget[name=invoice_line_ids] .o_data_row",
        },
        {
            content: "for the client",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input",
            run() {
                if (!this.anchor.value.includes("Billing Tour Client SRL")) {
                    throw new Error(`Unexpected client ${this.anchor.value}`);
                }
            },
        },
    ],
});
