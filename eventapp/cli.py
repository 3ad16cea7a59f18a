"""Flask commands: `flask create-user`, `flask seed-demo`, `flask create-api-token`,
`flask worker`, `flask expire-bills`, `flask remind-reports`, `flask backup`, `flask restore`
(each area adds its own here)."""
import click
from flask import Flask

from eventapp.core.errors import DomainError
from eventapp.core.roles import Role

ROLE_CHOICES = [r.value for r in Role]


def register(app: Flask) -> None:
    @app.cli.command("create-user")
    @click.argument("email")
    @click.option("--role", "roles", multiple=True, type=click.Choice(ROLE_CHOICES), help="May be repeated.")
    @click.option("--name", default="", help="Full name (defaults to the email).")
    @click.option("--password", default=None, help="For scripts; asked for when omitted.")
    def create_user_command(email, roles, name, password):
        """Create an account with one or more roles."""
        from eventapp.auth.services import create_user

        if password is None:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        try:
            user = create_user(email, name, password, [Role(r) for r in roles])
        except DomainError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Created {user.email} with roles: {', '.join(sorted(roles)) or 'none'}")

    @app.cli.command("seed-demo")
    @click.option("--force", is_flag=True, help="Allow seeding under the production config.")
    def seed_demo_command(force):
        """Load the 2nd e-Government Annual Meeting (2019) as demo data. Safe to run twice."""
        from eventapp.demo.services import seed_demo

        if not app.debug and app.config.get("SESSION_COOKIE_SECURE") and not force:
            raise click.ClickException("Refusing to load demo accounts in production (use --force).")
        report = seed_demo()
        for line in report.lines:
            click.echo(line)

    @app.cli.command("create-api-token")
    @click.argument("name")
    @click.option("--role", required=True, type=click.Choice(ROLE_CHOICES), help="What the token may do.")
    def create_api_token_command(name, role):
        """Create an API token (e.g. for a gate device); prints it once — it is stored hashed."""
        from eventapp.auth.api_tokens import create_api_token

        try:
            token, plaintext = create_api_token(name, Role(role), actor_id=None)
        except DomainError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Created API token {token.id} '{token.name}' with role {token.role.value}.")
        click.echo("Copy it now; it cannot be shown again:")
        click.echo(plaintext)

    @app.cli.command("worker")
    @click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
    def worker_command(burst):
        """Run background jobs (badge sheets, certificate batches…) from Redis (needs REDIS_URL)."""
        from eventapp.jobs.worker import work

        if not app.config.get("REDIS_URL"):
            raise click.ClickException("Set REDIS_URL: without Redis, jobs run inside the web process.")
        work(app.config["REDIS_URL"], burst=burst)

    @app.cli.command("expire-bills")
    def expire_bills_command():
        """Mark unpaid bills past their expiry date as expired (run daily, e.g. from cron)."""
        from eventapp.registration.services.billing import expire_overdue_bills

        count = expire_overdue_bills()
        click.echo(f"Expired {count} bill(s).")

    @app.cli.command("remind-reports")
    @click.option("--edition", type=int, default=None, help="Only this edition's call (default: every open call).")
    def remind_reports_command(edition):
        """Remind the institutions that have not submitted their implementation report (at most once a
        day each; run daily, e.g. from cron)."""
        from eventapp.reports.reminders import calls_to_remind, send_reminders

        try:
            calls = calls_to_remind(edition)
        except DomainError as error:
            raise click.ClickException(str(error)) from None
        if not calls:
            click.echo("No call for reports is open.")
        for call in calls:
            label = f"Edition {call.event.edition}"
            try:
                summary = send_reminders(call)
            except DomainError as error:
                raise click.ClickException(f"{label}: {error}") from None
            click.echo(f"{label}: reminded {len(summary.sent)} institution(s) ({summary.emails} email(s))"
                       + (f": {', '.join(summary.sent)}" if summary.sent else "") + ".")
            if summary.already_reminded:
                click.echo(f"{label}: already reminded today: {', '.join(summary.already_reminded)}.")
            if summary.without_focal_person:
                click.echo(f"{label}: no focal person: {', '.join(summary.without_focal_person)}.")

    @app.cli.command("backup")
    @click.option("--output", type=click.Path(file_okay=False), default=None,
                  help="Folder for the archive (default: instance/backups/).")
    def backup_command(output):
        """Write a consistent copy of the database and the uploads into one .tar.gz archive."""
        from eventapp.core.backups import make_backup

        try:
            result = make_backup(app, output)
        except DomainError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Backup written to {result.path} ({result.size} bytes).")
        _echo_counts(result.dialect, result.alembic_revision, result.tables, result.upload_files, result.upload_bytes)

    @app.cli.command("restore")
    @click.argument("archive", type=click.Path(dir_okay=False))
    @click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
    def restore_command(archive, yes):
        """Replace the database and the uploads with a backup made by `flask backup` (checked first)."""
        from eventapp.core.backups import checked_backup, restore_checked

        try:
            with checked_backup(app, archive) as checked:
                click.echo(f"{checked.archive.name}: made {checked.created_at}, checked (every checksum matches).")
                _echo_counts(checked.dialect, checked.alembic_revision, checked.tables, checked.upload_files,
                             checked.upload_bytes)
                if not yes and not click.confirm(
                        "This REPLACES the whole database and every upload file with the backup's. Continue?"):
                    raise click.ClickException("Not restored; nothing was changed.")
                result = restore_checked(app, checked)
        except DomainError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Restored {result.archive.name}; counted after the restore (equal to the manifest):")
        _echo_counts(result.dialect, result.alembic_revision, result.tables, result.upload_files, result.upload_bytes)
        click.echo("If this code is newer than the backup, run `flask db upgrade` next.")


def _echo_counts(dialect, revision, tables, upload_files, upload_bytes) -> None:
    click.echo(f"Database: {dialect}, migration {revision or 'none'}, {sum(tables.values())} rows "
               f"in {len(tables)} tables:")
    for name, count in sorted(tables.items()):
        click.echo(f"  {name}: {count}")
    click.echo(f"Uploads: {upload_files} files, {upload_bytes} bytes.")
