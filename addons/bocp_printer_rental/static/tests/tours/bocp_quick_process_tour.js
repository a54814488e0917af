import { registry } from "@web/core/registry";

/** Type a code the way a barcode scanner does: fast keydowns, then Enter. */
function scan(code) {
    for (const key of [...code, "Enter"]) {
        document.body.dispatchEvent(
            new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true })
        );
    }
}

registry.category("web_tour.tours").add("bocp_printer_rental_quick_process", {
    url: "/odoo/action-bocp_printer_rental.bocp_quick_process_action",
    steps: () => [
        {
            content: "Quick processing is open, waiting for a code",
            trigger: ".o_bocp_quick_process .o_field_widget[name=code] input",
        },
        {
            content: "Scan the printer label",
            trigger: ".o_bocp_quick_process",
            run() {
                scan("TOUR-0001");
            },
        },
        {
            content: "The printer is found and available: rent it",
            trigger: ".o_bocp_quick_process button[name=action_rent]",
            run: "click",
        },
        {
            content: "Pick the client of the new dossier",
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Tour Client",
        },
        {
            trigger: ".ui-menu-item a:contains(Tour Client SRL)",
            run: "click",
        },
        {
            content: "Prices are prefilled from the printer type's counters",
            trigger: ".o_field_widget[name=line_ids] .o_data_row .o_data_cell[name=counter_type_id]",
        },
        {
            content: "Activate: enter the handover reading",
            trigger: "button[name=action_open_activate_wizard]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:first .o_data_cell[name=value]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=line_ids] .o_selected_row .o_field_widget[name=value] input",
            run: "edit 12000",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "The dossier is active: enter a reading from the foot of the form",
            trigger: "button[name=action_open_reading_wizard]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=line_ids] .o_data_row:first .o_data_cell[name=value]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=line_ids] .o_selected_row .o_field_widget[name=value] input",
            run: "edit 12750",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Two readings on the dossier",
            trigger: "button[name=action_view_readings] .o_stat_value:contains(2)",
        },
    ],
});
