"""The simulator against what eMAG's live API does (reference/emag-real-world.md).

Run from the repository root:  python3 -m unittest tests.emag_simulator.test_real_world

Totals below are computed by hand: per line round(sale_price x (1 + vat), 2)
x quantity, per deposit round(sale_price x (1 + vat_rate), 2) x quantity.
"""

import unittest
from decimal import Decimal

from tests.emag_simulator import EmagSimulator
from tests.emag_simulator.test_simulator import Api, SimTestCase

LOCKER = {"locker_id": "dce0b7cf-dc38-11e8-a7d8-001a4a160153", "locker_name": "easybox"}


def person(**extra):
    customer = {
        "id": 77,
        "name": "Ana Pop",
        "phone_1": "0722000111",
        "billing_city": "Corbeanca",
        "billing_suburb": "Ilfov",
        "billing_street": "Str. X 8",
        "shipping_city": "Corbeanca",
        "shipping_suburb": "Ilfov",
        "shipping_locality_id": 41,
        "shipping_street": "Str. X 8",
        "shipping_contact": "Ana Pop",
        "shipping_phone": "0722000111",
    }
    customer.update(extra)
    return customer


def line(product_id="1001", price="100.0000", vat="0.2100", qty=1, **extra):
    values = {
        "product_id": product_id,
        "name": "Produs",
        "sale_price": price,
        "vat": vat,
        "quantity": qty,
    }
    values.update(extra)
    return values


class TestMoney(SimTestCase):
    def test_deposit_and_reverse_charge_in_the_total(self):
        """Water 6-pack 10.0000 at 11% x 2 = 11.10 x 2 = 22.20, its SGR deposit
        12 x 0.50 = 6.00; a reverse-charge phone 1000.0000 (no VAT) = 1000.00;
        shipping 19.99: 1048.19."""
        water = line(
            "1002",
            "10.0000",
            "0.1100",
            2,
            recycle_warranties=[
                {
                    "quantity": 12,
                    "sale_price": "0.5000",
                    "vat_rate": 0,
                    "product_name": "Taxa SGR plastic",
                }
            ],
        )
        phone = line("1003", "1000.0000", "0.2100", 1, reversible_vat_charging=1)
        (oid,) = self.sim.seed_orders(
            [{"customer": person(), "products": [water, phone], "shipping_tax": 19.99}]
        )
        self.assertEqual(self.sim.order_total(oid), Decimal("1048.19"))
        self.assertEqual(self.sim.collectible_amount(oid), Decimal("1048.19"))

    def test_vouchers_lower_what_the_customer_pays_whoever_funds_them(self):
        """100.0000 at 21% = 121.00; eMAG voucher -10.00, seller voucher -5.00:
        the customer pays 106.00 (the seller's invoice is another matter)."""
        order = {
            "customer": person(),
            "products": [
                line(
                    product_voucher_split=[
                        {
                            "voucher_id": 1,
                            "value": "-8.2645",
                            "vat_value": "-1.7355",
                            "vat": "0.2100",
                            "offered_by": "eMAG",
                        },
                        {
                            "voucher_id": 2,
                            "value": "-4.1322",
                            "vat_value": "-0.8678",
                            "vat": "0.2100",
                            "offered_by": "seller",
                        },
                    ]
                )
            ],
            "vouchers": [
                {"voucher_id": 1, "sale_price": "-8.2645", "sale_price_vat": "-1.7355"},
                {"voucher_id": 2, "sale_price": "-4.1322", "sale_price_vat": "-0.8678"},
            ],
        }
        (oid,) = self.sim.seed_orders([order])
        self.assertEqual(self.sim.order_total(oid), Decimal("106.00"))

    def test_generated_seller_vouchers_say_seller(self):
        order = self.sim.make_order(lines=2, vouchers=2, seed=3)
        funders = {
            split["offered_by"]
            for item in order["products"]
            for split in item.get("product_voucher_split") or []
        }
        self.assertEqual(funders, {"eMAG", "seller"})


class TestLockerFeeHungary(SimTestCase):
    sim_kwargs = {"rate_limit_enabled": False, "platform": "HU"}

    def test_locker_fee_is_not_collected_on_pickup_orders(self):
        """HU: eMAG runs the easybox delivery; 100 HUF at 27% = 127.00 is what
        the seller's courier may collect, the 14.99 fee is eMAG's."""
        self.assertTrue(self.sim.locker_fee_by_emag)
        pickup = {
            "customer": person(shipping_street="Str. Y [EasyBox #9194]"),
            "delivery_mode": "pickup",
            "details": LOCKER,
            "products": [line(vat="0.2700")],
            "shipping_tax": 14.99,
        }
        courier = dict(pickup, delivery_mode="courier", details={})
        pickup_id, courier_id = self.sim.seed_orders([pickup, courier])
        self.assertEqual(self.sim.order_total(pickup_id), Decimal("141.99"))
        self.assertEqual(self.sim.collectible_amount(pickup_id), Decimal("127.00"))
        self.assertEqual(self.sim.collectible_amount(courier_id), Decimal("141.99"))
        self.assertEqual(self.sim.get_order(pickup_id)["currency"], "HUF")

    def test_romania_keeps_the_fee_with_the_seller(self):
        sim = EmagSimulator(platform="RO")
        self.assertFalse(sim.locker_fee_by_emag)


class TestBulgariaInEuro(SimTestCase):
    sim_kwargs = {"rate_limit_enabled": False, "platform": "BG"}

    def test_currency_by_order_date(self):
        new, old = self.sim.seed_orders(
            [
                {"customer": person(), "products": [line()]},
                {
                    "customer": person(),
                    "products": [line()],
                    "date": "2025-12-30 10:00:00",
                },
            ]
        )
        self.assertEqual(self.sim.get_order(new)["currency"], "EUR")
        self.assertEqual(self.sim.get_order(new)["products"][0]["currency"], "EUR")
        self.assertEqual(self.sim.get_order(old)["currency"], "BGN")
        self.assertEqual(self.sim.get_offer(1001)["currency"], "EUR")


class TestSparseOrders(SimTestCase):
    def test_an_old_order_is_served_as_it_came(self):
        old = {
            "id": 239110929,
            "status": 1,
            "payment_mode_id": 1,
            "date": "2021-12-05 11:19:26",
            "customer": {"id": 1, "name": "Ion Pop", "shipping_street": "Str. Y"},
            "products": [{"id": 87503654, "product_id": "1001", "sale_price": "10.07"}],
            "details": [],
        }
        (oid,) = self.sim.seed_orders([old], sparse=True)
        served = Api(self.sim).ok("order/read", {"id": oid})[0]
        for key in ("type", "modified", "enforced_vendor_courier_accounts", "currency"):
            self.assertNotIn(key, served)
        self.assertNotIn("shipping_locality_id", served["customer"])
        self.assertNotIn("recycle_warranties", served["products"][0])
        self.assertEqual(served["details"], [])
        self.ack(oid)  # what eMAG changes from now on is served
        served = self.sim.get_order(oid)
        self.assertEqual(served["status"], 2)
        self.assertIn("modified", served)
        self.assertNotIn("type", served)

    def test_serial_numbers_are_text(self):
        (oid,) = self.sim.seed_orders([{"customer": person(), "products": [line()]}])
        self.assertEqual(self.sim.get_order(oid)["products"][0]["serial_numbers"], "")


class TestStockFollowsOrders(SimTestCase):
    def test_acknowledged_orders_hold_their_units(self):
        Api(self.sim).call("offer_stock/1001", {"stock": 10}, method="PATCH")
        (oid,) = self.sim.seed_orders(
            [{"customer": person(), "products": [line("1001", qty=3)]}]
        )
        offer = self.sim.get_offer(1001)
        self.assertEqual((offer["general_stock"], offer["estimated_stock"]), (10, 7))
        self.ack(oid)
        offer = self.sim.get_offer(1001)
        self.assertEqual((offer["general_stock"], offer["estimated_stock"]), (7, 7))
        # pushing 10 again would sell 3 units that are not there
        self.sim.cancel_order(oid, reason=2)
        self.assertEqual(self.sim.get_offer(1001)["general_stock"], 10)


class AwbCase(SimTestCase):
    def awb(self, zipcode=None):
        (oid,) = self.sim.seed_orders([{"customer": person(), "products": [line()]}])
        self.ack(oid)
        receiver = {
            "name": "Ana Pop",
            "contact": "Ana Pop",
            "phone1": "0722000111",
            "locality_id": 41,
            "street": "Str. X 8",
            "legal_entity": 0,
        }
        if zipcode is not None:
            receiver["zipcode"] = zipcode
        return {
            "order_id": oid,
            "sender": {
                "name": "Magazin SRL",
                "contact": "Ion",
                "phone1": "0722000222",
                "locality_id": 41,
                "street": "Str. Depozit 1",
            },
            "receiver": receiver,
            "is_oversize": 0,
            "envelope_number": 0,
            "parcel_number": 1,
            "cod": 0,
        }


class TestAwbShapes(AwbCase):
    def test_one_object_is_answered_with_one_object(self):
        result = Api(self.sim).ok("awb/save", {"data": self.awb()})
        self.assertIsInstance(result, dict)
        self.assertTrue(result["awb"][0]["emag_id"])

    def test_empty_zipcode_is_refused(self):
        """DOC449 6.1: zipcode is optional, but 1..255 characters when sent."""
        message = Api(self.sim).error("awb/save", {"data": self.awb(zipcode="")})
        self.assertIn("zipcode", message)
        Api(self.sim).ok("awb/save", {"data": self.awb(zipcode="077067")})

    def test_label_at_the_root_and_under_api_3(self):
        emag_id = Api(self.sim).ok("awb/save", {"data": self.awb()})["awb"][0][
            "emag_id"
        ]
        for root in (True, False):
            status, _h, body = Api(self.sim).call(
                f"awb/read_pdf?emag_id={emag_id}", method="GET", root=root
            )
            self.assertEqual((status, body[:4]), (200, b"%PDF"))


class TestAwbObjectOnly(AwbCase):
    sim_kwargs = {
        "rate_limit_enabled": False,
        "awb_request_form": "object",
        "awb_pdf_paths": "root",
    }

    def test_a_list_is_refused(self):
        self.assertIn(
            "Invalid data", Api(self.sim).error("awb/save", {"data": [self.awb()]})
        )
        emag_id = Api(self.sim).ok("awb/save", {"data": self.awb()})["awb"][0][
            "emag_id"
        ]
        status, _h, _body = Api(self.sim).call(
            f"awb/read_pdf?emag_id={emag_id}", method="GET"
        )
        self.assertEqual(status, 404, "only the documented host-root path")


class TestAwbListAnswers(AwbCase):
    sim_kwargs = {
        "rate_limit_enabled": False,
        "awb_result_form": "list",
        "awb_pdf_paths": "api-3",
    }

    def test_an_object_is_answered_with_a_list(self):
        result = Api(self.sim).ok("awb/save", {"data": self.awb()})
        self.assertIsInstance(result, list)
        status, _h, _body = Api(self.sim).call(
            "awb/read_pdf?emag_id={}".format(result[0]["awb"][0]["emag_id"]),
            method="GET",
            root=True,
        )
        self.assertEqual(status, 404)


if __name__ == "__main__":
    unittest.main()
