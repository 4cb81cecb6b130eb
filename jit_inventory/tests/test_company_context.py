# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import JitCommon


@tagged("post_install", "-at_install")
class TestJitCompanyContext(JitCommon):
    """The score a vendor and its price lines show is the current company's,
    also when the same records were read in another company just before (the
    computed fields depend on the company in the context)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls._create_company("JIT Context B")
        cls.jit_user.company_ids |= cls.company_b
        for company, score, rate in (
            (cls.company, 80.0, 90.0),
            (cls.company_b, 40.0, 30.0),
        ):
            cls.env["jit.vendor.score"].create(
                {
                    "company_id": company.id,
                    "partner_id": cls.vendor_a.id,
                    "sample_size": 10,
                    "score": score,
                    "standing": company._jit_get_standing(score),
                    "on_time_rate": rate,
                }
            )

    def _in(self, records, company):
        return records.with_user(self.jit_user).with_context(
            allowed_company_ids=[
                company.id,
                *((self.company | self.company_b) - company).ids,
            ]
        )

    def test_01_vendor_follows_the_company(self):
        for company, expected in (
            (self.company, (80.0, "good", 90.0)),
            (self.company_b, (40.0, "blocked", 30.0)),
            (self.company, (80.0, "good", 90.0)),
        ):
            vendor = self._in(self.vendor_a, company)
            self.assertEqual(
                (vendor.jit_score, vendor.jit_standing, vendor.jit_on_time_rate),
                expected,
            )

    def test_02_price_line_follows_the_company(self):
        info = self.product.seller_ids.filtered(lambda s: s.partner_id == self.vendor_a)
        for company, expected in (
            (self.company, (80.0, "good")),
            (self.company_b, (40.0, "blocked")),
            (self.company, (80.0, "good")),
        ):
            line = self._in(info, company)
            self.assertEqual(
                (line.jit_vendor_score, line.jit_vendor_standing), expected
            )
