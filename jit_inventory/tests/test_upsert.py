# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from odoo.tests import TransactionCase, tagged

from ..utils import upsert


@tagged("post_install", "-at_install")
class TestUpsert(TransactionCase):
    """``utils.upsert``, which writes the derived rows (scores, fitness,
    explanations), stores values as the ORM does and returns the ids in the
    order of the rows given."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendors = cls.env["res.partner"].create(
            [{"name": f"Upsert vendor {i}"} for i in range(12)]
        )
        cls.product = cls.env["product.product"].create({"name": "Upsert product"})
        cls.when = datetime(2026, 3, 4, 5, 6, 7)

    def _rows(self, vendors, offset=0.0):
        """One score row per vendor: every other one for the product (the
        others for all products, NULL), rated or not (NULL standing)."""
        return [
            {
                "company_id": self.env.company.id,
                "partner_id": vendor.id,
                "product_id": self.product.id if i % 2 else None,
                "sample_size": i,
                "score": 10.0 * i + offset + 0.004,
                "on_time_rate": 1.0 / 3.0,
                "standing": "good" if i % 3 else None,
                "date_computed": self.when,
            }
            for i, vendor in enumerate(vendors)
        ]

    def _upsert(self, rows):
        return upsert(
            self.env["jit.vendor.score"],
            rows,
            "vendor_product_unique",
            ("company_id", "partner_id", "product_id"),
        )

    def test_01_insert_in_order_as_the_orm_stores(self):
        # Given in the reverse order of their ids: the ids follow the rows.
        vendors = self.vendors[::-1]
        ids = self._upsert(self._rows(vendors))
        self.assertEqual(len(set(ids)), len(vendors))
        scores = self.env["jit.vendor.score"].browse(ids)
        self.assertRecordValues(
            scores,
            [
                {
                    "partner_id": vendor.id,
                    "product_id": self.product.id if i % 2 else False,
                    "sample_size": i,
                    # Float fields without digits are stored as given; the
                    # rates are rounded to their 2 digits, as the ORM does.
                    "score": 10.0 * i + 0.004,
                    "on_time_rate": 0.33,
                    "standing": "good" if i % 3 else False,
                    "date_computed": self.when,
                    "create_uid": self.env.uid,
                }
                for i, vendor in enumerate(vendors)
            ],
        )

    def test_02_conflict_updates_the_same_rows(self):
        ids = self._upsert(self._rows(self.vendors))
        rows = self._rows(self.vendors, offset=1.0)
        rows[0]["date_computed"] = None  # NULL stays NULL
        self.assertEqual(self._upsert(rows), ids)
        scores = self.env["jit.vendor.score"].browse(ids)
        self.assertEqual(scores.mapped("score"), [10.0 * i + 1.004 for i in range(12)])
        self.assertEqual(scores.mapped("date_computed"), [False] + [self.when] * 11)

    def test_03_refuses_non_finite_floats(self):
        rows = self._rows(self.vendors[:1])
        rows[0]["score"] = float("nan")
        with self.assertRaises(ValueError):
            self._upsert(rows)
