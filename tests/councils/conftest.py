"""Fixtures of the councils tests (policy 2.3), each written in its part's support module."""

from tests.councils.support_matters import world  # noqa: F401
