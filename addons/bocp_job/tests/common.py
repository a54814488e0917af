from contextlib import contextmanager
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import new_test_user

GROUPS = "base.group_user,base.group_partner_manager"


class JobCase:
    """Jobs on res.partner records with a batch method patched in for the test:
    each batch renames its partners (``ref``), or fails on request."""

    @classmethod
    def _make_users(cls):
        cls.user = new_test_user(cls.env, "bocp_job_user", groups=GROUPS)
        cls.other = new_test_user(cls.env, "bocp_job_other", groups=GROUPS)

    @staticmethod
    def _batch_method(fail_on=()):
        def batch(records, partner_ids, tag):
            partners = records.env["res.partner"].browse(partner_ids)
            partners.write({"ref": tag})
            if tag in fail_on:
                raise UserError(records.env._("refused %s", tag))
            return partners

        return batch

    @contextmanager
    def _patched(self, fail_on=()):
        with patch.object(
            type(self.env["res.partner"]),
            "_bocp_test_batch",
            self._batch_method(fail_on),
            create=True,
        ):
            yield

    def _batches(self, partners, size):
        return [
            {
                "method": "_bocp_test_batch",
                "payload": {"partner_ids": partners[i : i + size].ids, "tag": f"b{i}"},
                "items": len(partners[i : i + size]),
            }
            for i in range(0, len(partners), size)
        ]
