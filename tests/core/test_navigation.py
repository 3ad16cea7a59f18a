"""The menu shows each role its own pages, and every link in it works."""
import re

import pytest

from eventapp.core.roles import Role


@pytest.mark.parametrize("role", list(Role))
def test_every_menu_link_opens_for_its_role(client, login, role):
    login(role)
    home = client.get("/").get_data(as_text=True)
    menu = home.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'href="([^"]+)"', menu)
    assert links, "the menu has links"
    for link in links:
        assert client.get(link).status_code == 200, link


def test_menu_shows_finance_only_to_finance(client, login):
    login(Role.PARTICIPANT)
    assert "/finance/" not in client.get("/").get_data(as_text=True)
