/** @odoo-module **/

import { registry } from "@web/core/registry";
import * as tourUtils from "@website_sale/js/tours/tour_utils";

// Part 1: a guest buys on the shop, with the courier taking cash on delivery
// (ramburs), and pays to the courier.
registry.category("web_tour.tours").add("bocp_webshop_checkout_cod", {
    url: "/shop?search=Cartuș tur",
    steps: () => [
        {
            content: "Open the product",
            trigger: '.oe_product_cart a:contains("Cartuș tur")',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Add it to the cart",
            trigger: "#add_to_cart",
            run: "click",
        },
        tourUtils.goToCart(),
        tourUtils.goToCheckout(),
        {
            content: "Romanian address: the county is asked",
            trigger: "select#o_country_id",
            run() {
                // Romania / România, whatever the website's language
                const option = [...this.anchor.options].find((o) => /^Rom[aâ]nia$/.test(o.text.trim()));
                this.anchor.value = option.value;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            trigger: "select#o_state_id:has(option:contains(Cluj))",
            run: "selectByLabel Cluj",
        },
        ...Object.entries({
            name: "Ion Tur",
            email: "ion.tur@example.ro",
            phone: "0722000111",
            street: "Str. Memorandumului 10",
            city: "Cluj-Napoca",
            zip: "400114",
        }).map(([field, value]) => ({
            content: `Address: ${field}`,
            trigger: `form.checkout_autoformat input[name=${field}]`,
            run: `edit ${value}`,
        })),
        {
            content: "Save the address",
            trigger: "#save_address",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Choose the courier that takes cash on delivery",
            trigger:
                'li[name="o_delivery_method"]:has(label:contains("Curier tur ramburs")) input[name="o_delivery_radio"]:not([disabled])',
            run: "click",
        },
        {
            trigger:
                'li[name="o_delivery_method"]:has(label:contains("Curier tur ramburs")) input[name="o_delivery_radio"]:checked',
        },
        tourUtils.confirmOrder(),
        {
            content: "Pay on delivery (ramburs)",
            trigger: 'input[name="o_payment_radio"][data-payment-method-code="cash_on_delivery"]',
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Ramburs is selected (the fee is on the order)",
            trigger: 'input[name="o_payment_radio"][data-payment-method-code="cash_on_delivery"]:checked',
        },
        ...tourUtils.pay(),
        {
            content: "The order is confirmed, to be paid to the courier",
            trigger: '.oe_website_sale_tx_status .o_bocp_cod_pending',
            timeout: 30000,
            run() {
                // leave before the status page polls again
                window.location.href = "/contactus";
            },
            expectUnloadPage: true,
        },
        {
            trigger: "#wrapwrap",
        },
    ],
});

// Part 2: the back office takes the order over from the second work point,
// invoices it, ships it with an AWB and finds the e-mail in the outbox.
registry.category("web_tour.tours").add("bocp_webshop_backoffice", {
    url: "/odoo/action-bocp_webshop_orders.action_webshop_orders",
    steps: () => [
        {
            content: "The shop order is on the O-Shop list, to be paid on delivery",
            trigger: '.o_data_row:has(td:contains("Ion Tur")) td[name="bocp_payment_state"]',
        },
        {
            content: "Open it",
            trigger: '.o_data_row td[name="partner_id"]:contains("Ion Tur")',
            run: "click",
        },
        {
            content: "Take the order over",
            trigger: 'button[name="action_bocp_take_over"]',
            run: "click",
        },
        {
            content: "from the second work point",
            trigger: '.modal div[name="warehouse_id"] input',
            run: "edit Punct de lucru tur",
        },
        {
            trigger: '.ui-autocomplete a:contains("Punct de lucru tur")',
            run: "click",
        },
        {
            content: "its free stock is shown",
            trigger: '.modal div[name="line_ids"] .o_data_row td[name="free_qty"]:contains("5")',
        },
        {
            trigger: '.modal button[name="action_take_over"]',
            run: "click",
        },
        {
            content: "Taken over: the fiscal invoice can be issued",
            trigger: '.o_form_view:not(:has(.modal)) button[name="action_bocp_issue_invoice"]',
        },
        {
            content: "Issue the fiscal invoice",
            trigger: 'button[name="action_bocp_issue_invoice"]',
            run: "click",
        },
        {
            content: "The invoice is posted",
            trigger: '.o_form_view .o_statusbar_status button.o_arrow_button_current[data-value="posted"]',
        },
        {
            content: "Back to the O-Shop list",
            trigger: ".o_breadcrumb li.breadcrumb-item:first-child a",
            run: "click",
        },
        {
            content: "Ship it: the truck at the right of its line",
            trigger: '.o_data_row:has(td:contains("Ion Tur")) button[name="action_bocp_ship"]',
            run: "click",
        },
        {
            content: "Type the AWB",
            trigger: '.modal div[name="awb"] input',
            run: "edit 2150000777",
        },
        {
            trigger: '.modal button[name="action_ship"]',
            run: "click",
        },
        {
            content: "The composer opens with the status e-mail and the AWB",
            trigger: '.modal .o_mail_composer_form_view .note-editable:contains("2150000777"), .modal .o_mail_composer_form_view div[name="body"]:contains("2150000777")',
        },
        {
            content: "Send it",
            trigger: ".modal button.o_mail_send:not([disabled])",
            run: "click",
        },
        {
            content: "Shipped: the AWB is on the line, the composer closed",
            trigger: 'body:not(:has(.modal)) .o_data_row:has(td:contains("Ion Tur")) td[name="bocp_awb"]:contains("2150000777")',
        },
        {
            content: "The e-mail waits in the outbox",
            trigger: "body",
            run() {
                window.location.href = "/odoo/action-mail.action_view_mail_mail";
            },
            expectUnloadPage: true,
        },
        {
            content: "The status e-mail, with its AWB, waits to be sent",
            trigger: '.o_data_row td[name="subject"]:contains("AWB 2150000777")',
        },
    ],
});
