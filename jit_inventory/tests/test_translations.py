# Copyright 2026 jit_inventory contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from html import unescape

from odoo import Command
from odoo.tests import tagged

from .common import JitCommon

# Words of the English messages that the French ones do not contain.
ENGLISH = re.compile(
    r"\b(has|the|best|against|for|only|left|vendor|No|Ranked|Dropped|standing|"
    r"Blocked|At risk|Good|buy|valid|quantity)\b"
)


@tagged("post_install", "-at_install")
class TestJitTranslations(JitCommon):
    """A salesperson working in French gets the vendor explanation, its RFQ
    summary and the activity of a product without vendor in French, from the
    addon's ``i18n/fr.po``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.env["ir.module.module"]._load_module_terms(
            ["jit_inventory"], ["fr_FR"], overwrite=True
        )
        cls.salesperson.lang = "fr_FR"
        cls.product.jit_managed = True
        cls.env["product.supplierinfo"].create(
            {
                "partner_id": cls.vendor_c.id,
                "product_tmpl_id": cls.product.product_tmpl_id.id,
                "price": 45.0,
            }
        )
        # Good, at risk (only warned about) and blocked (excluded).
        for vendor, score in ((cls.vendor_a, 80.0), (cls.vendor_b, 60.0)):
            cls._score(vendor, score)
        cls._score(cls.vendor_c, 40.0)
        cls.orphan = cls.env["product.product"].create(
            {"name": "Capteur X-1", "is_storable": True, "jit_managed": True}
        )

    @classmethod
    def _score(cls, vendor, score):
        cls.env["jit.vendor.score"].create(
            {
                "company_id": cls.company.id,
                "partner_id": vendor.id,
                "sample_size": 20,
                "score": score,
                "standing": cls.company._jit_get_standing(score),
                **{
                    f"score_{key}": score
                    for key in ("on_time", "otif", "fill", "lead_time", "quality")
                },
            }
        )

    def _confirm_in_french(self, *products):
        order = (
            self.env["sale.order"]
            .with_user(self.salesperson)
            .with_context(lang=self.salesperson.lang)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [
                        Command.create({"product_id": p.id, "product_uom_qty": 2.0})
                        for p in products
                    ],
                }
            )
        )
        order.action_confirm()
        return order.sudo()

    def test_01_explanation_and_summary(self):
        order = self._confirm_in_french(self.product)
        selection = order.order_line.jit_selection_ids
        # Prices 50, 40, 45: price scores 80, 100 (and 88.9 for the blocked).
        self.assertEqual(
            selection.reason,
            "Vendor A a le meilleur score, 80.0 contre 64.0 pour Vendor B.",
        )
        dropped = selection.candidate_ids.filtered("is_dropped")
        self.assertEqual(dropped.partner_id, self.vendor_c)
        self.assertEqual(dropped.dropped_reason, "statut Bloqué")
        summary = selection.purchase_order_id.message_ids.filtered(
            lambda m: "Classés" in m.body
        )
        self.assertEqual(len(summary), 1)
        text = re.sub(r"<[^>]+>", "", str(summary.body))
        self.assertEqual(
            text,
            "JIT Widget: Vendor A a le meilleur score, 80.0 contre 64.0 pour "
            "Vendor B. Classés : Vendor A 80.0, Vendor B 64.0 Écartés : "
            "Vendor C (statut Bloqué)",
        )
        for message in (selection.reason, dropped.dropped_reason, text):
            self.assertFalse(
                ENGLISH.search(
                    message.replace("Vendor A", "")
                    .replace("Vendor B", "")
                    .replace("Vendor C", "")
                    .replace("JIT Widget", "")
                ),
                message,
            )

    def test_02_activity_of_a_product_without_vendor(self):
        order = self._confirm_in_french(self.orphan)
        expected = (
            "Aucun prix fournisseur de Capteur X-1 n'est valable pour cette "
            "société, cette date et cette quantité."
        )
        self.assertEqual(order.order_line.jit_selection_ids.reason, expected)
        activity = order.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.summary, "Aucun fournisseur pour acheter Capteur X-1")
        note = unescape(re.sub(r"<[^>]+>", "", str(activity.note)))
        self.assertEqual(note, expected)
        for message in (activity.summary, note):
            self.assertFalse(ENGLISH.search(message.replace("Capteur X-1", "")))
