import pytest


@pytest.mark.django_db
def test_admin_login_page_renders(client):
    # accounts sends the admin login to the site login (rate limits + two-step login)
    response = client.get("/admin/login/", follow=True)
    assert response.status_code == 200
