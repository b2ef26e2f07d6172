"""No N+1 in the matter lists (policy 2.3): a page of 12 costs the statements of a page of 2."""

from __future__ import annotations

import pytest

from tests.councils.support_matters import World, raise_matter
from tests.support.statements import counted

LISTS = (
    ("/api/v1/council-matters?limit=20", "neighbour"),
    ("/api/v1/council-matters?limit=20&sort=most_supported", "neighbour"),
    ("/api/v1/me/council-matters?limit=20", "raiser"),
    ("/api/v1/staff/council-matters?limit=20", "secretary"),
)


def _statements(app, client, path: str, headers: dict[str, str], expected: int) -> int:
    with counted(app) as statements:
        response = client.get(path, headers=headers)
    assert response.status_code == 200, response.get_json()
    assert len(response.get_json()["items"]) == expected
    return len(statements)


@pytest.mark.parametrize(("path", "who"), LISTS)
def test_2_3_a_longer_page_of_matters_costs_no_more_statements(app, client, world: World, path, who):
    headers = {"neighbour": world.neighbours[0], "raiser": world.raiser, "secretary": world.secretary}[who]
    for index in range(2):
        raise_matter(client, world.raiser, world.council_id, title=f"议题{index}")
    two = _statements(app, client, path, headers, 2)
    for index in range(10):
        raise_matter(client, world.raiser, world.council_id, title=f"更多议题{index}")
    assert _statements(app, client, path, headers, 12) == two
