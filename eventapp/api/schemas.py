"""Pydantic models shared by the API's endpoints, for the generated OpenAPI document. Each
endpoint's own body and answer models live beside it.

The models describe what the views really send (the fuzz test checks it); the views build their
JSON themselves and validate input by hand, so a model never changes an answer."""
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from eventapp.core.clock import event_timezone

# --- shared ------------------------------------------------------------------------------


class ErrorBody(BaseModel):
    """Any refusal: a message, and for a bad body or query one message per field."""

    error: str
    errors: dict[str, str] | None = None


class PageBlock(BaseModel):
    page: int = Field(ge=1)
    per_page: int = Field(ge=1, le=100)
    total: int = Field(ge=0)
    pages: int = Field(ge=1)


class Bilingual(BaseModel):
    sw: str
    en: str


class OpenApiDocument(BaseModel):
    model_config = ConfigDict(extra="allow")

    openapi: str
    info: dict
    paths: dict


def eat_timestamp(moment: datetime) -> str:
    """A stored (UTC) time as ISO 8601 in East Africa Time, with its offset: 2019-01-30T08:15:00+03:00."""
    return moment.astimezone(event_timezone()).isoformat(timespec="seconds")
