def test_admin_login_page_renders(live_server, page):
    page.goto(f"{live_server.url}/admin/login/")
    assert page.locator("#id_username").is_visible()
