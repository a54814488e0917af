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
            run: "selectByLabel Romania",
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
            trigger: 'label.o_delivery_carrier_label:contains("Curier tur ramburs")',
            run: "click",
        },
        {
            trigger: '#o_delivery_methods input[name="o_delivery_radio"]:checked',
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
            trigger: '.oe_website_sale_tx_status:contains("You pay the courier")',
            timeout: 30000,
            run() {
                // leave before the status page polls again
                window.location.href = "/contactus";
            },
            expectUnloadPage: true,
        },
        {
            trigger: 'h1:contains("Contact us")',
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
        // TAKE-OVER STEPS
        {
            content: "Issue the fiscal invoice",
            trigger: 'button[name="action_bocp_issue_invoice"]',
            run: "click",
        },
        {
            content: "The invoice is posted",
            trigger: '.o_form_view .o_statusbar_status button.o_arrow_button_current:contains("Posted")',
        },
        {
            content: "Back to the order",
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li.breadcrumb-item:not(.active) a",
            run: "click",
        },
        {
            content: "Ship it (the truck)",
            trigger: 'button[name="action_bocp_ship"]',
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
            trigger: '.modal button[name="action_send_mail"]',
            run: "click",
        },
        {
            content: "The order is shipped",
            trigger: '.o_form_view div[name="bocp_stage_id"]:contains("Shipped"), .o_form_view div[name="bocp_stage_id"] input:value("Shipped")',
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
            trigger: '.o_data_row:has(td:contains("Shipped")) td:contains("Outgoing")',
        },
    ],
});
