/** @odoo-module **/
import { registry } from "@web/core/registry";

// Invoice -> pay -> Unsettled (Nedecontate) -> Settle (Decontează).
registry.category("web_tour.tours").add("bocp_sales_agents_tour", {
    steps: () => [
        {
            content: "Register the payment of the posted invoice",
            trigger: ".o_form_view button[name=action_register_payment]",
            run: "click",
        },
        {
            content: "Create the payment",
            trigger: ".modal button[name=action_create_payments]",
            run: "click",
        },
        {
            content: "Open the Commissions tab",
            trigger: ".o_notebook_headers a[name=bocp_commissions]",
            run: "click",
        },
        {
            content: "The commission is validated once the invoice is paid",
            trigger:
                ".o_field_widget[name=bocp_commission_line_ids] .o_data_row td[name=state] .text-bg-success",
        },
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the Sales Agents app",
            trigger: ".o_app[data-menu-xmlid='bocp_sales_agents.menu_bocp_sales_agents_root']",
            run: "click",
        },
        {
            content: "Open the unsettled commissions",
            trigger: ".o_menu_sections [data-menu-xmlid='bocp_sales_agents.menu_bocp_commission_unsettled']",
            run: "click",
        },
        {
            content: "Tick the agent",
            trigger:
                ".o_list_view .o_data_row:has(td[name=agent_id]:contains('Agent Tur SRL')) .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Settle",
            trigger: "button[name=action_settle]",
            run: "click",
        },
        {
            content: "The settlement is shown",
            trigger: ".o_form_view .o_field_widget[name=name]:contains('DEC/')",
        },
    ],
});
