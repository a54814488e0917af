/** @odoo-module **/
/*
 * The bocp_integer64 widget: an integer input that accepts up to 2^53 - 1
 * (Odoo's own integer widget stops at 2^31 - 1) for the bigint fields of
 * bocp_number (Integer64). Only ASCII digits, an optional sign and the
 * locale's thousands separator (or spaces) are read; the server checks the
 * documented range of the field and says it when a value is outside.
 */
import { useState } from "@odoo/owl";
import { localization } from "@web/core/l10n/localization";
import { registry } from "@web/core/registry";
import { IntegerField, integerField } from "@web/views/fields/integer/integer_field";
import { useInputField } from "@web/views/fields/input_field_hook";
import { useNumpadDecimal } from "@web/views/fields/numpad_decimal_hook";
import { InvalidNumberError } from "@web/views/fields/parsers";

export function parseInteger64(value) {
    let text = value.replace(/\s+/g, "");
    const thousands = (localization.thousandsSep || "").trim();
    if (thousands) {
        text = text.split(thousands).join("");
    }
    if (!/^[+-]?[0-9]+$/.test(text)) {
        // as Odoo's own parsers: the message is not shown, the field turns red
        throw new InvalidNumberError(`"${value}" is not a whole number`);
    }
    const parsed = Number(text);
    if (!Number.isSafeInteger(parsed)) {
        throw new InvalidNumberError(`"${value}" is too large`);
    }
    return parsed;
}

export class Integer64Field extends IntegerField {
    setup() {
        this.state = useState({ hasFocus: false });
        useInputField({
            getValue: () => this.formattedValue,
            refName: "numpadDecimal",
            parse: (value) => parseInteger64(value),
        });
        useNumpadDecimal();
    }
}

export const integer64Field = { ...integerField, component: Integer64Field };

registry.category("fields").add("bocp_integer64", integer64Field);
