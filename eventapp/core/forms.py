"""Form plumbing shared by every area: showing a service's DomainError beside its field."""
from flask import flash

from eventapp.core.errors import DomainError


def show_domain_error(form, error: DomainError) -> None:
    """Put the message beside the field it concerns, or flash it for the whole form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "error")
