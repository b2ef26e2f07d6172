from __future__ import annotations

from flask.views import MethodView
from sqlalchemy import select

from service import db
from service.api import Blueprint
from service.errors import ApiError
from service.regions.models import Region
from service.regions.schemas import RegionList, RegionQueryArgs, RegionRead

blp = Blueprint("regions", __name__, url_prefix="/api/v1/regions", description="行政区划 Administrative divisions")


@blp.route("")
class Regions(MethodView):
    @blp.doc(operationId="listRegions")
    @blp.public
    @blp.arguments(RegionQueryArgs, location="query")
    @blp.response(200, RegionList)
    def get(self, args):
        """下级区划 Children of a region, for address pickers"""
        stmt = select(Region).where(Region.parent_code == args["parent"]).order_by(Region.code)
        return {"items": db.session().scalars(stmt).all()}


@blp.route("/<string:code>")
class RegionByCode(MethodView):
    @blp.doc(operationId="getRegion")
    @blp.public
    @blp.response(200, RegionRead)
    def get(self, code):
        """区划详情 One region by code"""
        region = db.session().get(Region, code)
        if region is None:
            raise ApiError("not_found", f"没有代码为 {code} 的行政区划")
        return region
