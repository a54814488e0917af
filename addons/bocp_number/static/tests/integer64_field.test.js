import { describe, expect, test } from "@odoo/hoot";
import { patchWithCleanup } from "@web/../tests/web_test_helpers";
import { localization } from "@web/core/l10n/localization";
import { InvalidNumberError } from "@web/views/fields/parsers";

import { parseInteger64 } from "@bocp_number/js/integer64_field";

describe.current.tags("desktop");

test("reads counter indexes past 2^31 with the locale's separators", () => {
    patchWithCleanup(localization, { thousandsSep: ".", decimalPoint: "," });
    expect(parseInteger64("2.147.483.648")).toBe(2147483648);
    expect(parseInteger64("999 999 999 999")).toBe(999999999999);
    expect(parseInteger64("42")).toBe(42);
});

test("refuses what is not ASCII digits or too large", () => {
    patchWithCleanup(localization, { thousandsSep: ".", decimalPoint: "," });
    for (const text of ["１２", "²", "1,5", "1e3", "abc", "9007199254740993"]) {
        expect(() => parseInteger64(text)).toThrow(InvalidNumberError);
    }
});
