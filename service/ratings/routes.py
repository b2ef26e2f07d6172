"""好差评 endpoints (国办发〔2019〕51号): residents rate their closed cases and answer the
follow-up; offices record rectification and appeal; the county's civil affairs decide appeals."""

from __future__ import annotations

from flask import g
from flask.views import MethodView

from service.api import Blueprint
from service.http import etag
from service.ratings import service
from service.ratings.models import Rating
from service.ratings.schemas import (
    AppealCreate,
    AppealDecisionBody,
    RatingCreate,
    RatingRead,
    RatingStats,
    RatingStatsArgs,
    RectificationBody,
    ResolvedBody,
    StaffRatingList,
    StaffRatingQueryArgs,
    StaffRatingRead,
)
from service.security.authn import current_actor
from service.security.permissions import Permission

blp = Blueprint("ratings", __name__, url_prefix="/api/v1", description="好差评 Ratings and follow-ups")


def _etagged(rating: Rating, status: int = 200):
    """A rating with its follow-up's version as the ETag, which recording the rectification sends back."""
    view = service.staff_view(rating)
    follow_up = view["follow_up"]
    return view, status, etag(follow_up["version"]) if follow_up else {}


@blp.route("/me/cases/<int:case_id>/rating")
class MyRating(MethodView):
    @blp.doc(operationId="rateMyCase")
    @blp.resident
    @blp.idempotent
    @blp.arguments(RatingCreate)
    @blp.response(201, RatingRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="`rating_exists`: 已经评价过")
    @blp.alt_response(
        422, response="UNPROCESSABLE_ENTITY", description="`rating_not_allowed`: 尚未办结、已撤回或不参加好差评"
    )
    def post(self, data, case_id):
        """评价办件 Rate one's own closed case once (非常满意 … 非常不满意)

        Open to the applicant once the case is completed, refused or rejected. 不满意 and
        非常不满意 open a follow-up at the office that decided: it contacts you and reports
        what it verified and put right within 15 working days. The comment is seen only by you
        and that office.
        """
        return service.resident_view(service.rate(current_actor(), case_id, data)), 201

    @blp.doc(operationId="getMyCaseRating")
    @blp.resident
    @blp.response(200, RatingRead)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, case_id):
        """我的评价 One's rating of a case, with the follow-up of a 差评"""
        return service.resident_view(service.own_rating(current_actor(), case_id))


@blp.route("/me/cases/<int:case_id>/rating/resolution")
class MyRatingResolution(MethodView):
    @blp.doc(operationId="answerMyRatingFollowUp")
    @blp.resident
    @blp.idempotent
    @blp.arguments(ResolvedBody)
    @blp.response(200, RatingRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="`transition_not_allowed`: 尚未反馈整改，或已经回答过")
    def post(self, data, case_id):
        """整改是否解决 Say once whether the office's rectification resolved the issue"""
        return service.resident_view(service.say_resolved(current_actor(), case_id, data))


@blp.route("/staff/ratings")
class StaffRatings(MethodView):
    @blp.doc(operationId="listRatings")
    @blp.staff()
    @blp.arguments(StaffRatingQueryArgs, location="query")
    @blp.response(200, StaffRatingList)
    @blp.keyset(Rating.id)
    def get(self, args):
        """评价列表 Ratings of your offices (and, for a county's civil affairs, of the county), newest first"""
        return service.listing(current_actor(), args)


@blp.route("/staff/ratings/stats")
class StaffRatingStats(MethodView):
    @blp.doc(operationId="getRatingStatistics")
    @blp.staff()
    @blp.arguments(RatingStatsArgs, location="query")
    @blp.response(200, RatingStats)
    def get(self, args):
        """评价统计 Per office and kind: ratings per level, share of 差评, follow-ups on time, removed on appeal"""
        return service.statistics(current_actor(), args)


@blp.route("/staff/ratings/<int:rating_id>")
class StaffRating(MethodView):
    @blp.doc(operationId="getRating")
    @blp.staff()
    @blp.response(200, StaffRatingRead)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, rating_id):
        """评价详情 One rating with its follow-up and appeal; the ETag is the follow-up's version"""
        return _etagged(service.staff_rating(current_actor(), rating_id))


@blp.route("/staff/ratings/<int:rating_id>/rectification")
class StaffRatingRectification(MethodView):
    @blp.doc(operationId="recordRatingRectification")
    @blp.staff()
    @blp.if_match
    @blp.arguments(RectificationBody)
    @blp.response(200, StaffRatingRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="`transition_not_allowed`: 已经记录过")
    def post(self, data, rating_id):
        """记录核实整改 Record contact, verification (核实情况) and rectification (整改措施) of a 差评

        For the office the rating addresses; closes the follow-up, and the rater is told.
        If-Match carries the follow-up's version (the rating's ETag).
        """
        rating = service.record_rectification(current_actor(), rating_id, g.expected_version, data)
        return _etagged(rating)


@blp.route("/staff/ratings/<int:rating_id>/appeal")
class StaffRatingAppeal(MethodView):
    @blp.doc(operationId="appealRating")
    @blp.staff()
    @blp.idempotent
    @blp.arguments(AppealCreate)
    @blp.response(201, StaffRatingRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="`rating_appeal_exists`")
    @blp.alt_response(422, response="UNPROCESSABLE_ENTITY", description="`rating_appeal_not_allowed`: 不是差评")
    def post(self, data, rating_id):
        """申诉差评 Appeal a 差评 your office holds malicious, with reasons, to the county's civil affairs (once)"""
        return _etagged(service.appeal(current_actor(), rating_id, data), 201)


@blp.route("/staff/ratings/<int:rating_id>/appeal/decision")
class StaffRatingAppealDecision(MethodView):
    @blp.doc(operationId="decideRatingAppeal")
    @blp.staff(Permission.RATING_APPEAL_DECIDE)
    @blp.arguments(AppealDecisionBody)
    @blp.response(200, StaffRatingRead)
    @blp.alt_response(404, response="NOT_FOUND")
    @blp.alt_response(409, response="CONFLICT", description="`rating_appeal_decided`")
    def post(self, data, rating_id):
        """复核申诉 Uphold the rating, or remove it from the statistics (kept with the decision)

        For the civil affairs of the rated office's county (or above); audited.
        """
        return _etagged(service.decide_appeal(current_actor(), rating_id, data))
