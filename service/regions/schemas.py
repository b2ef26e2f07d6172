from __future__ import annotations

import marshmallow as ma

from service.schema import BaseSchema


class RegionRead(BaseSchema):
    code = ma.fields.String(metadata={"description": "区划代码 (GB/T 2260 for counties; statistical code below)"})
    name = ma.fields.String(metadata={"description": "名称"})
    level = ma.fields.String(metadata={"description": "province | county | township | village"})
    parent_code = ma.fields.String(allow_none=True)


class RegionQueryArgs(BaseSchema):
    parent = ma.fields.String(
        load_default="50",
        validate=ma.validate.Regexp(r"^(\d{2}|\d{6}|\d{9})$"),
        metadata={"description": "上级区划代码; default 50 (重庆市) lists the 38 districts and counties"},
    )


class RegionList(BaseSchema):
    items = ma.fields.List(ma.fields.Nested(RegionRead))
