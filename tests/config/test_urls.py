"""Site-wide addresses outside the apps."""

from __future__ import annotations


def test_favicon_ico_sends_the_browser_to_the_portal_icon(client):
    # Browsers ask for /favicon.ico on pages that name no icon (the admin's): no 404 in the log.
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("/static/portal/favicon.svg")
