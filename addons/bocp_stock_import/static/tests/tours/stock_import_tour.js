/** @odoo-module **/
import { registry } from "@web/core/registry";

// What a spreadsheet puts on the clipboard: tabs between cells, CRLF between rows.
const PASTED = [
    "Product code\tName\tUoM\tQuantity\tUnit price (cost, excl. VAT)",
    "TOUR-NEW-1\tTour product\tUnits\t3\t12.50",
    "TOUR-EX-1\t\t\tfour\t2",
    "",
].join("\r\n");
const ROW = ".o_field_widget[name=line_ids] .o_data_row:has(.o_data_cell[name=default_code]:contains(TOUR-EX-1))";

registry.category("web_tour.tours").add("bocp_stock_import_tour", {
    steps: () => [
        {
            content: "Create an import",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Create products for new codes",
            trigger: ".o_field_widget[name=create_products] input",
            run: "click",
        },
        {
            content: "Paste the table (Ctrl+V)",
            trigger: ".o_field_widget[name=paste_data] textarea",
            run({ anchor }) {
                anchor.focus();
                anchor.value = PASTED;
                anchor.dispatchEvent(new Event("input", { bubbles: true }));
                anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "Check",
            trigger: ".o_form_view button[name=action_check]",
            run: "click",
        },
        {
            content: "The wrong row is reported",
            trigger: ".o_form_view .alert-warning [name=error_count]",
        },
        {
            content: "Open the rows",
            trigger: ".o_notebook_headers a.nav-link[name=rows]",
            run: "click",
        },
        {
            content: "The row with a wrong quantity is marked as an error",
            trigger: `${ROW}.text-danger .o_data_cell[name=status]`,
        },
        {
            content: "Correct the quantity in place",
            trigger: `${ROW} .o_data_cell[name=quantity_text]`,
            run: "click",
        },
        {
            trigger: ".o_data_row.o_selected_row .o_field_widget[name=quantity_text] input",
            run: "edit 4",
        },
        {
            content: "Check again",
            trigger: ".o_form_view button[name=action_check]",
            run: "click",
        },
        {
            content: "No error is left",
            trigger: ".o_statusbar_status button[data-value=checked].o_arrow_button_current",
        },
        {
            trigger: ".o_form_view:not(:has(.alert-warning [name=error_count]))",
        },
        {
            trigger: ".o_notebook_headers a.nav-link[name=rows]",
            run: "click",
        },
        {
            content: "The corrected row now points to the existing product",
            trigger: `${ROW}:not(.text-danger) .o_data_cell[name=status] .text-bg-success`,
        },
        {
            content: "Confirm the import",
            trigger: ".o_form_view button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Agree",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The stock is received",
            trigger: ".o_statusbar_status button[data-value=done].o_arrow_button_current",
        },
        {
            trigger: ".oe_stat_button [name=picking_id]",
        },
    ],
});
