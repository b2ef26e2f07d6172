"""Command-line tools: `flask --app wsgi <command>`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from service import db, migrations, ratelimit
from service.cases.cli import cli as cases_cli
from service.idempotency.cli import cli as idempotency_cli


def init_app(app: Flask) -> None:
    app.cli.add_command(migrations.cli)
    app.cli.add_command(regions_cli)
    app.cli.add_command(seed_demo)
    app.cli.add_command(write_spec_command)
    app.cli.add_command(create_admin)
    app.cli.add_command(cases_cli)
    app.cli.add_command(idempotency_cli)
    app.cli.add_command(ratelimit.cli)


regions_cli = AppGroup("regions", help="Administrative divisions.")


@regions_cli.command("load")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def load_regions_command(csv_file: Path) -> None:
    """Load townships and villages from a UTF-8 CSV with header `code,name`."""
    from service.regions.service import load_regions, read_csv

    changed = load_regions(db.session(), read_csv(csv_file))
    db.session().commit()
    click.echo(f"{changed} regions added or renamed")


@click.command("seed-demo")
@with_appcontext
def seed_demo() -> None:
    """Load regions and the demo world (idempotent)."""
    from service.demo import seed

    summary = seed(db.session())
    db.session().commit()
    click.echo(summary)


@click.command("write-spec")
@with_appcontext
def write_spec_command() -> None:
    """Write api_specs/openapi.json from the code."""
    from service.openapi import SPEC_PATH, write_spec

    write_spec(current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"])
    click.echo(f"wrote {SPEC_PATH}")


@click.command("create-admin")
@click.option("--username", required=True)
@click.option("--name", "display_name", default="系统管理员")
@click.option("--region", default="50", show_default=True, help="region code the admin manages")
@click.password_option("--password", help="initial password; changed at first sign-in")
@with_appcontext
def create_admin(username: str, display_name: str, region: str, password: str) -> None:
    """Create the first admin account (must change its password at first sign-in)."""
    from sqlalchemy import select

    from service.accounts.models import StaffAccount, StaffGrant
    from service.audit.service import record
    from service.regions.models import Region
    from service.security.passwords import hash_password, password_problems
    from service.security.permissions import Role

    session = db.session()
    problems = password_problems(password)
    if problems:
        raise click.UsageError("；".join(problems))
    if session.get(Region, region) is None:
        raise click.UsageError(f"region {region} is not loaded (run `flask --app wsgi seed-demo` or `regions load`)")
    if session.scalars(select(StaffAccount.id).where(StaffAccount.username == username)).first():
        raise click.UsageError(f"username {username} is taken")
    account = StaffAccount(
        username=username,
        display_name=display_name,
        password_hash=hash_password(password),
        must_change_password=True,
        grants=[StaffGrant(role=Role.ADMIN.value, region_prefix=region)],
    )
    session.add(account)
    session.flush()
    record(
        "staff.created",
        target_type="staff",
        target_id=account.id,
        region_code=region,
        actor_name="cli",
        detail={"grants": [f"admin@{region}"]},
    )
    session.commit()
    click.echo(f"admin {username} created for region {region}")
