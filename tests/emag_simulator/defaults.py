"""Default seller-account data: lookups, categories, localities, offers.

All ids are invented (eMAG's real ids are not public); shapes follow the
reference (§4.5 - §5.6).
"""

# currency: the platform's default today (Bulgaria uses the euro since
# 2026-01-01, BG-EUR in reference/emag-real-world.md; older BG orders are in
# BGN, see platform_currency); locker_fee_by_emag: eMAG runs and invoices the
# locker (easybox) delivery, the seller collects nothing for it (HU-EASYBOX,
# WEBSHIPPY); a real 2021 Romanian pickup order still carries the fee (MOCK),
# so RO and BG keep it with the seller -- UNCONFIRMED for RO/BG today.
PLATFORMS = {
    "RO": {
        "currency": "RON",
        "country": "RO",
        "locale": "ro_RO",
        "tz": "Europe/Bucharest",
        "locker_fee_by_emag": False,
    },
    "BG": {
        "currency": "EUR",
        "country": "BG",
        "locale": "bg_BG",
        "tz": "Europe/Sofia",
        "locker_fee_by_emag": False,
        "currency_before": ("2026-01-01", "BGN"),
    },
    "HU": {
        "currency": "HUF",
        "country": "HU",
        "locale": "hu_HU",
        "tz": "Europe/Budapest",
        "locker_fee_by_emag": True,
    },
}


def platform_currency(platform, date_text):
    """The currency of an order of `platform` placed on `date_text` (YYYY-mm-dd...)."""
    info = PLATFORMS[platform]
    before = info.get("currency_before")
    if before and str(date_text or "")[:10] < before[0]:
        return before[1]
    return info["currency"]


# reason_cancellation codes (reference §2.4)
CANCELLATION_REASONS = {
    1: "Out of stock",
    2: "Cancelled by the client",
    3: "The client can not be contacted",
    15: "Courier delivery term is too large",
    16: "Transport tax too large",
    17: "Large delivery term until product arrives in our warehouse",
    18: "Better offer in another store",
    19: "Payment order has not been paid",
    20: "Undelivered order, courier reasons",
    21: "Others",
    22: "Order incomplete - automatic cancellation",
    23: "The customer changed his mind",
    24: "By customer request",
    25: "Failed delivery",
    26: "Late shipment",
    27: "Irrelevant order",
    28: "Canceled by SuperAdmin on seller request",
    29: "Blacklisted customer",
    30: "No VAT invoice",
    31: "The eMAG Marketplace partner requested the order cancellation",
    32: "The delivery estimate is too long",
    33: "Product no longer in partner stock",
    34: "Other reasons",
    35: "Delivery too expensive",
    36: "Better price elsewhere",
    37: "Customer registered another eMAG order with a similar product",
    38: "Customer changed his mind, does not need the product",
    39: "Customer can purchase only by installments",
    40: "Other reasons EIS",
    41: "Out of stock - instalments",
    42: "Not in partner stock - instalments",
    43: "The delivery estimate is too long",
}

# vat/read (reference §5.6): vat_rate is a fraction; RO standard rate is 21 %
# since August 2025, the reduced rate 11 %.
VAT_RATES = [
    {"vat_id": 1, "vat_rate": 0.21, "is_default": True},
    {"vat_id": 4, "vat_rate": 0.11, "is_default": False},
    {"vat_id": 7, "vat_rate": 0.0, "is_default": False},
]

HANDLING_TIMES = [{"id": d} for d in (0, 1, 2, 3, 4, 5, 6, 7, 10, 14, 30)]

COURIER_ACCOUNTS = [
    {
        "account_id": 7001,
        "account_display_name": "Sameday - cont eMAG",
        "courier_account_type": 3,
        "courier_name": "Sameday",
        "courier_account_properties": [0, 2],
        "created": "2023-03-14 10:21:07",
        "status": 1,
        "pickup_country_code": "RO",
    },
    {
        "account_id": 7002,
        "account_display_name": "FAN Courier - cont eMAG",
        "courier_account_type": 2,
        "courier_name": "FAN Courier",
        "courier_account_properties": [0, 6],
        "created": "2023-03-14 10:22:41",
        "status": 1,
        "pickup_country_code": "RO",
    },
    {
        "account_id": 7003,
        "account_display_name": "Cargus - retururi",
        "courier_account_type": 1,
        "courier_name": "Cargus",
        "courier_account_properties": [0],
        "created": "2024-01-09 08:00:00",
        "status": 1,
        "pickup_country_code": "RO",
    },
]
LOCKER_COURIER_ACCOUNT_ID = 7001

# locality/read (reference §4.7). emag_id values are invented.
LOCALITIES = [
    (8801, "Cluj-Napoca", "Cluj", "400001"),
    (8802, "București", "București", "010011"),
    (8803, "Iași", "Iași", "700001"),
    (8804, "Timișoara", "Timiș", "300001"),
    (8805, "Brașov", "Brașov", "500001"),
    (8806, "Constanța", "Constanța", "900001"),
    (41, "Corbeanca", "Ilfov", "077067"),  # id as in the reference sample §2.7a
    (8808, "Voluntari", "Ilfov", "077190"),
    (8809, "Oradea", "Bihor", "410001"),
    (8810, "Sibiu", "Sibiu", "550001"),
    (8811, "Craiova", "Dolj", "200001"),
    (8812, "Ploiești", "Prahova", "100001"),
    (8813, "Suceava", "Suceava", "720001"),
    (8814, "Galați", "Galați", "800001"),
    (8815, "Florești", "Cluj", "407280"),
]
_LATIN = str.maketrans("ăâîșşțţĂÂÎȘŞȚŢ", "aaissttAAISSTT")
COUNTY_CODES = {
    "Cluj": "CJ",
    "București": "B",
    "Iași": "IS",
    "Timiș": "TM",
    "Brașov": "BV",
    "Constanța": "CT",
    "Ilfov": "IF",
    "Bihor": "BH",
    "Sibiu": "SB",
    "Dolj": "DJ",
    "Prahova": "PH",
    "Suceava": "SV",
    "Galați": "GL",
}


def latin(text):
    return text.translate(_LATIN)


def locality_records():
    return [
        {
            "emag_id": emag_id,
            "name": name,
            "name_latin": latin(name),
            "region1": county,
            "region2": county,
            "region3": name,
            "region4": "",
            "region1_latin": latin(county),
            "region2_latin": latin(county),
            "region3_latin": latin(name),
            "region4_latin": "",
            "geoid": 100000 + emag_id,
            "modified": "2025-01-15 09:00:00",
            "zipcode": zipcode,
            "country_code": "RO",
            "iso2": f"RO-{COUNTY_CODES[county]}",
        }
        for emag_id, name, county, zipcode in LOCALITIES
    ]


ADDRESSES = [
    {
        "address_id": "1004512",
        "country_id": 1,
        "country_code": "RO",
        "address_type_id": 2,
        "locality_id": 8801,
        "suburb": "Cluj",
        "city": "Cluj-Napoca",
        "address": "Str. Fabricii nr. 12, Hala 3",
        "zipcode": "400632",
        "quarter": "Mărăști",
        "floor": "",
        "is_default": True,
    },
    {
        "address_id": "1004513",
        "country_id": 1,
        "country_code": "RO",
        "address_type_id": 1,
        "locality_id": 8801,
        "suburb": "Cluj",
        "city": "Cluj-Napoca",
        "address": "Str. Fabricii nr. 12, Hala 3",
        "zipcode": "400632",
        "quarter": "Mărăști",
        "floor": "",
        "is_default": True,
    },
    {
        "address_id": "1004514",
        "country_id": 1,
        "country_code": "RO",
        "address_type_id": 3,
        "locality_id": 8801,
        "suburb": "Cluj",
        "city": "Cluj-Napoca",
        "address": "Bd. 21 Decembrie 1989 nr. 77, et. 2",
        "zipcode": "400124",
        "quarter": "Centru",
        "floor": "2",
        "is_default": True,
    },
    {
        "address_id": "1004601",
        "country_id": 1,
        "country_code": "RO",
        "address_type_id": 2,
        "locality_id": 8808,
        "suburb": "Ilfov",
        "city": "Voluntari",
        "address": "Șos. Pipera-Tunari nr. 2, Depozit B",
        "zipcode": "077190",
        "quarter": "",
        "floor": "",
        "is_default": False,
    },
]


def _char(cid, name, type_id, order, mandatory=0, values=(), allow_new=0, tags=()):
    return {
        "id": cid,
        "name": name,
        "type_id": type_id,
        "display_order": order,
        "is_mandatory": mandatory,
        "is_filter": 1 if values else 0,
        "allow_new_value": allow_new,
        "values": list(values),
        "tags": list(tags),
    }


# category/read (reference §5.5). Names per language: {"ro": ..., "en": ...}.
CATEGORIES = [
    {
        "id": 1,
        "name": {"ro": "Electrocasnice", "en": "Home appliances"},
        "is_allowed": 0,
        "parent_id": None,
        "is_ean_mandatory": 0,
        "is_warranty_mandatory": 0,
        "characteristics": [],
        "family_types": [],
    },
    {
        "id": 2506,
        "name": {"ro": "Espressoare", "en": "Espresso machines"},
        "is_allowed": 1,
        "parent_id": 1,
        "is_ean_mandatory": 1,
        "is_warranty_mandatory": 1,
        "characteristics": [
            _char(
                6001,
                {"ro": "Tip espressor", "en": "Espresso machine type"},
                11,
                1,
                1,
                ["Manual", "Automat", "Cu capsule"],
            ),
            _char(6002, {"ro": "Putere", "en": "Power"}, 2, 2, 1, ["1300 W", "1450 W"]),
            _char(
                6003,
                {"ro": "Culoare", "en": "Colour"},
                11,
                3,
                0,
                ["Negru", "Alb", "Argintiu", "Roșu"],
            ),
            _char(
                6004,
                {"ro": "Capacitate rezervor apă", "en": "Water tank capacity"},
                40,
                4,
                0,
                ["1 l", "1.1 l", "1.8 l"],
            ),
        ],
        "family_types": [
            {
                "id": 301,
                "name": {"ro": "Culoare", "en": "Colour"},
                "characteristics": [
                    {
                        "characteristic_id": 6003,
                        "characteristic_family_type_id": 1,
                        "is_foldable": 1,
                        "display_order": 1,
                    }
                ],
            }
        ],
    },
    {
        "id": 2901,
        "name": {"ro": "Cafea boabe", "en": "Coffee beans"},
        "is_allowed": 1,
        "parent_id": 1,
        "is_ean_mandatory": 1,
        "is_warranty_mandatory": 0,
        "characteristics": [
            _char(6101, {"ro": "Gramaj", "en": "Weight"}, 2, 1, 1, ["250 g", "1 kg"]),
            _char(
                6102,
                {"ro": "Tip cafea", "en": "Coffee type"},
                11,
                2,
                0,
                ["Arabica", "Robusta", "Blend"],
            ),
        ],
        "family_types": [],
    },
    {
        "id": 3,
        "name": {"ro": "Telefoane & Accesorii", "en": "Phones & Accessories"},
        "is_allowed": 0,
        "parent_id": None,
        "is_ean_mandatory": 0,
        "is_warranty_mandatory": 0,
        "characteristics": [],
        "family_types": [],
    },
    {
        "id": 1127,
        "name": {"ro": "Huse telefoane", "en": "Phone cases"},
        "is_allowed": 1,
        "parent_id": 3,
        "is_ean_mandatory": 0,
        "is_warranty_mandatory": 0,
        "characteristics": [
            _char(
                6201,
                {"ro": "Compatibilitate", "en": "Compatibility"},
                11,
                1,
                1,
                ["iPhone 15", "iPhone 15 Pro", "Galaxy S24"],
                allow_new=1,
            ),
            _char(
                6202,
                {"ro": "Material", "en": "Material"},
                11,
                2,
                0,
                ["Silicon", "Piele", "Policarbonat", "Sticlă"],
            ),
            _char(
                6203,
                {"ro": "Culoare", "en": "Colour"},
                11,
                3,
                0,
                ["Negru", "Transparent", "Albastru"],
            ),
            _char(
                6506,
                {"ro": "Mărime", "en": "Size"},
                60,
                4,
                0,
                ["S", "M", "L"],
                tags=["original", "converted"],
            ),
        ],
        "family_types": [
            {
                "id": 302,
                "name": {"ro": "Culoare", "en": "Colour"},
                "characteristics": [
                    {
                        "characteristic_id": 6203,
                        "characteristic_family_type_id": 1,
                        "is_foldable": 1,
                        "display_order": 1,
                    }
                ],
            }
        ],
    },
    {
        "id": 4,
        "name": {"ro": "Birotică", "en": "Office"},
        "is_allowed": 0,
        "parent_id": None,
        "is_ean_mandatory": 0,
        "is_warranty_mandatory": 0,
        "characteristics": [],
        "family_types": [],
    },
    {
        "id": 3107,
        "name": {"ro": "Imprimante laser", "en": "Laser printers"},
        "is_allowed": 1,
        "parent_id": 4,
        "is_ean_mandatory": 1,
        "is_warranty_mandatory": 1,
        "characteristics": [
            _char(
                6301,
                {"ro": "Tehnologie imprimare", "en": "Printing technology"},
                11,
                1,
                1,
                ["Laser", "LED"],
            ),
            _char(
                6302,
                {"ro": "Imprimare color", "en": "Colour printing"},
                20,
                2,
                1,
                ["Da", "Nu"],
            ),
            _char(
                6303,
                {"ro": "Format maxim", "en": "Maximum format"},
                11,
                3,
                0,
                ["A4", "A3"],
            ),
            _char(
                6304,
                {"ro": "Viteză imprimare", "en": "Print speed"},
                2,
                4,
                0,
                ["30 ppm", "34 ppm", "40 ppm"],
            ),
            _char(
                6305,
                {"ro": "Conectivitate", "en": "Connectivity"},
                11,
                5,
                0,
                ["USB", "Wireless", "Rețea"],
            ),
        ],
        "family_types": [],
    },
    {
        "id": 3108,
        "name": {"ro": "Cartușe și tonere", "en": "Cartridges and toners"},
        "is_allowed": 1,
        "parent_id": 4,
        "is_ean_mandatory": 0,
        "is_warranty_mandatory": 0,
        "characteristics": [
            _char(
                6401,
                {"ro": "Compatibilitate", "en": "Compatibility"},
                11,
                1,
                1,
                ["Brother", "HP", "Canon"],
                allow_new=1,
            ),
            _char(6402, {"ro": "Capacitate", "en": "Yield"}, 1, 2, 0, ["1200", "3000"]),
        ],
        "family_types": [],
    },
    {
        "id": 5,
        "name": {"ro": "Cărți", "en": "Books"},
        "is_allowed": 0,
        "parent_id": None,
        "is_ean_mandatory": 0,
        "is_warranty_mandatory": 0,
        "characteristics": [],
        "family_types": [],
    },
    {
        "id": 2300,
        "name": {"ro": "Literatură română", "en": "Romanian literature"},
        "is_allowed": 1,
        "parent_id": 5,
        "is_ean_mandatory": 1,
        "is_warranty_mandatory": 0,
        "characteristics": [
            _char(
                6501,
                {"ro": "Autor", "en": "Author"},
                11,
                1,
                1,
                ["Ion Creangă", "Mihai Eminescu"],
                allow_new=1,
            ),
            _char(6502, {"ro": "Număr pagini", "en": "Pages"}, 1, 2, 0, ["128", "320"]),
        ],
        "family_types": [],
    },
    {
        "id": 2311,
        "name": {"ro": "Râșnițe cafea", "en": "Coffee grinders"},
        "is_allowed": 1,
        "parent_id": 1,
        "is_ean_mandatory": 0,
        "is_warranty_mandatory": 1,
        "characteristics": [
            _char(6601, {"ro": "Putere", "en": "Power"}, 2, 1, 0, ["180 W"]),
        ],
        "family_types": [],
    },
]

# Products of other sellers already in eMAG's catalogue (attach by PNK).
FOREIGN_PNKS = {
    "D5Q1ZKBBM": "Espressor manual Philips EP1220/00",
    "DLX2T7BBM": "Cafea boabe Jacobs Barista Crema 1 kg",
}

# The seller's offers: the products of data/orders_sample.json.
# (id, category_id, name, part_number, pnk, brand, ean, price ex VAT, vat_id, stock)
DEFAULT_OFFERS = [
    (
        1001,
        2506,
        "Espressor manual De'Longhi Dedica EC685.M, 1300 W, 15 bar, argintiu",
        "EC685.M",
        "D9Q4W2BBM",
        "De'Longhi",
        "8004399331228",
        "678.5124",
        1,
        12,
    ),
    (
        1002,
        2901,
        "Cafea boabe Lavazza Qualità Oro, 1 kg",
        "LAVQORO1KG",
        "DM7QJ0BBM",
        "Lavazza",
        "8000070020566",
        "81.0811",
        4,
        40,
    ),
    (
        1003,
        3107,
        "Imprimantă laser monocrom Brother HL-L2350DW, A4, duplex, Wireless",
        "HL-L2350DW",
        "D6DJ5HBBM",
        "Brother",
        "4977766779487",
        "619.0000",
        1,
        7,
    ),
    (
        1004,
        3108,
        "Toner Brother TN-2420, negru, 3000 pagini",
        "TN-2420",
        "DGC8R5BBM",
        "Brother",
        "4977766779494",
        "289.2562",
        1,
        25,
    ),
    (
        1005,
        1127,
        "Husă silicon pentru iPhone 15, negru",
        "HUSA-IP15-NEG",
        "DC3ZN7MBM",
        "Spigen",
        "8809896748674",
        "41.3140",
        1,
        150,
    ),
    (
        1006,
        1127,
        "Folie sticlă securizată pentru iPhone 15",
        "FOLIE-IP15",
        "DQ12TT2BM",
        "Spigen",
        "8809896748681",
        "24.7851",
        1,
        300,
    ),
    (
        1007,
        2300,
        "Amintiri din copilărie - Ion Creangă",
        "CARTE-AMINTIRI",
        "D2LNWXBBM",
        "Editura Arthur",
        "9786067880137",
        "26.9369",
        4,
        60,
    ),
    (
        1008,
        2311,
        "Râșniță de cafea electrică Bosch TSM6A013B, 180 W",
        "TSM6A013B",
        "DK2S1HBBM",
        "Bosch",
        "4242005038718",
        "82.6364",
        1,
        18,
    ),
]
