"""Fixtures of the community tests (policy 2.1, 2.2, 2.4)."""

from tests.community.support import world  # noqa: F401
