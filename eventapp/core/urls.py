"""Links that leave the site (emails, PDFs, QR codes) are built from BASE_URL, never from
the request's Host header, which a client can forge."""
from urllib.parse import urlsplit

from flask import current_app


def external_url(endpoint: str, **values) -> str:
    base = urlsplit(current_app.config["BASE_URL"])
    adapter = current_app.url_map.bind(
        base.netloc, url_scheme=base.scheme or "https", script_name=base.path.rstrip("/") or "/"
    )
    return adapter.build(endpoint, values, force_external=True)
