"""`flask --app wsgi create-admin`: the first admin, made the way the API makes every account."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from service import db
from service.errors import ApiError
from service.security.permissions import Role
from service.staff import service as staff


@click.command("create-admin")
@click.option("--username", required=True)
@click.option("--name", "display_name", default="系统管理员")
@click.option("--region", default="50", show_default=True, help="region code the admin manages")
@click.password_option("--password", help="initial password; changed at first sign-in")
@with_appcontext
def create_admin(username: str, display_name: str, region: str, password: str) -> None:
    """Create the first admin account (must change its password at first sign-in)."""
    data = {
        "username": username,
        "display_name": display_name,
        "initial_password": password,
        "grants": [{"role": Role.ADMIN.value, "region_prefix": region}],
    }
    try:
        staff.create(None, data)
    except ApiError as error:
        raise click.UsageError(_explained(error)) from error
    db.session().commit()
    click.echo(f"admin {username} created for region {region}")


def _explained(error: ApiError) -> str:
    reasons = [reason for field in (error.errors or {}).values() for reason in field]
    return "；".join([error.detail, *reasons])
