"""The public check of a notice: anyone holding a paper can ask whether it is genuine."""

from __future__ import annotations

from flask.views import MethodView

from service.api import Blueprint
from service.notices import service
from service.notices.schemas import NoticeVerifyArgs, NoticeVerifyRead
from service.ratelimit import Rule, client_address

blp = Blueprint("notices", __name__, url_prefix="/api/v1", description="文书 Formal notices: public verification")


@blp.route("/notices/verify")
class NoticeVerify(MethodView):
    @blp.doc(operationId="verifyNotice")
    @blp.public
    @blp.rate_limited(Rule("notice_verify_per_address", client_address))
    @blp.arguments(NoticeVerifyArgs, location="query")
    @blp.response(200, NoticeVerifyRead)
    def get(self, args):
        """核验文书 Whether a notice's number and hash (from its QR code) belong to a paper issued here

        Answers only `genuine`, and for a genuine paper what its face shows publicly: the kind,
        the issuing office and the date. An unknown number and a wrong hash get the same answer;
        no name, case or other personal data is ever returned.
        """
        return service.verify(args["number"], args["hash"])
