"""nbgrader's collect, keeping only submissions that belong to the learner they name.

nbgrader files a submission as ``inbound/<learner>+<unit>+<time>+<random>``, and with
``check_owner`` it only *warns* when the folder's owner is someone else ("cheating attempt?"),
then collects it anyway. On a hub where every learner has their own account the owner is the
proof of who handed it in, so here such a folder is left out, with the reason in the log, and a
learner's own newest submission is still collected when someone else forged a newer one.

    c.ExchangeFactory.collect = "owner_check.OwnerCheckedCollect"   # deploy/grader/nbgrader_config.py
"""
from __future__ import annotations

import os
import pwd

from nbgrader.exchange.default.collect import ExchangeCollect
from traitlets import Dict, Int, Unicode


class OwnerCheckedCollect(ExchangeCollect):
    names_by_uid = Dict(key_trait=Int(), value_trait=Unicode(), config=True,
                        help="Learner names by numeric owner, where the system has no account names for them "
                             "(learners' pods on Kubernetes); empty: ask the system.")

    def _sort_by_timestamp(self, records):
        # The learner's own submissions first, newest first: nbgrader then picks the first one.
        return sorted(records, key=lambda record: (self._belongs(record), record["timestamp"]), reverse=True)

    def init_src(self):
        super().init_src()
        if not self.check_owner:
            return
        for record in [r for r in self.src_records if not self._belongs(r)]:
            self.log.warning("Left out %s: it names %s but belongs to %s, so %s did not hand it in",
                             record["filename"], record["username"], self._owner(record), record["username"])
            self.src_records.remove(record)

    def _belongs(self, record) -> bool:
        return not self.check_owner or self._owner(record) == record["username"]

    def _owner(self, record) -> str:
        uid = os.stat(os.path.join(self.inbound_path, record["filename"])).st_uid
        if self.names_by_uid:
            return self.names_by_uid.get(uid, f"uid {uid}")
        try:
            return pwd.getpwuid(uid).pw_name
        except KeyError:
            return f"uid {uid}"
