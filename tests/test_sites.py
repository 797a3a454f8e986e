"""The fixture server and firms, tested over plain HTTP without a browser.

These guard the ground truth other tests rely on: if a firm's ``expected`` drifts from what its
pages serve, crawler tests would fail for the wrong reason.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import time
from collections.abc import Iterator

import pytest

from tests.sites import ALL_FIRMS, DEMO_FIRMS, Firm, FixtureServer, Response, UnknownFirm, firm
from tests.sites.walk import fetch, links_on, shortest_depth

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def sites() -> Iterator[FixtureServer]:
    with FixtureServer() as server:
        yield server


# -- routing ------------------------------------------------------------------------------


def test_routes_by_host_header(sites: FixtureServer) -> None:
    assert "Acme Energy" in fetch(sites, "www.acme.test")[2]
    assert "How can we help?" in fetch(sites, "help.acme.test")[2]
    assert "Globex Tools" in fetch(sites, "www.globex.test")[2]


def test_unknown_host_and_path_are_404(sites: FixtureServer) -> None:
    assert fetch(sites, "www.nobody.test")[0] == 404
    assert fetch(sites, "www.acme.test", "/no/such/page")[0] == 404


def test_urls_carry_the_port_and_scheme(sites: FixtureServer) -> None:
    assert sites.url("www.acme.test", "/contact") == f"http://www.acme.test:{sites.port}/contact"
    assert sites.entry_url("globex") == f"http://www.globex.test:{sites.port}/"
    assert "MAP *.test 127.0.0.1" in sites.host_resolver_rules
    with pytest.raises(KeyError, match="acme"):
        sites.entry_url("nobody")


def test_cross_host_links_get_the_servers_port(sites: FixtureServer) -> None:
    body = fetch(sites, "www.acme.test")[2]
    assert f'href="http://help.acme.test:{sites.port}/"' in body
    assert 'href="http://help.acme.test/"' not in body


def test_url_before_start_says_how_to_fix_it() -> None:
    with pytest.raises(RuntimeError, match="start"):
        FixtureServer().url("www.acme.test")


def test_every_firm_serves_robots_txt(sites: FixtureServer) -> None:
    for each in ALL_FIRMS:
        for host in each.hosts:
            status, headers, body = fetch(sites, host, "/robots.txt")
            assert status == 200 and headers["content-type"].startswith("text/plain"), (host, status)
            assert "User-agent: *" in body
    assert "Disallow: /private/" in fetch(sites, "www.hostile.test", "/robots.txt")[2]


SLOW_OR_BROKEN = {"/stall", "/slow", "/huge", "/busy", "/error", "/maintenance", "/api/content.json"}


def test_every_page_of_every_firm_answers(sites: FixtureServer) -> None:
    for each in ALL_FIRMS:
        for key in each.pages:
            host, path = (
                (each.entry_host, key)
                if key.startswith("/")
                else (key.split("/")[0], "/" + key.split("/", 1)[1])
            )
            if path in SLOW_OR_BROKEN:
                continue
            status, _, body = fetch(sites, host, path)
            assert status < 500, (each.name, key, status, body[:200])


# -- firm truths ----------------------------------------------------------------------------


def test_registry() -> None:
    assert len(DEMO_FIRMS) >= 6
    assert firm("hostile") not in DEMO_FIRMS
    assert len({each.name for each in ALL_FIRMS}) == len(ALL_FIRMS)
    with pytest.raises(UnknownFirm, match="acme"):
        firm("nobody")


@pytest.mark.parametrize("chosen", ALL_FIRMS, ids=lambda each: each.name)
def test_expected_has_the_common_keys(chosen: Firm) -> None:
    for key in ("contact_depth", "phones", "emails", "chat", "human_channel", "callback", "contact_form"):
        assert key in chosen.expected, key


@pytest.mark.parametrize(
    "chosen", [each for each in ALL_FIRMS if each.expected.get("contact_url")], ids=lambda each: each.name
)
def test_contact_depth_matches_the_links(sites: FixtureServer, chosen: Firm) -> None:
    expected = chosen.expected
    if expected.get("js_rendered"):
        assert links_on(sites, chosen.entry_host, chosen.entry_path) == [], "raw HTML must have no links"
        return
    assert shortest_depth(sites, chosen, expected["contact_url"]) == expected["contact_depth"]


def test_deep_firm_defeats_a_breadth_first_budget(sites: FixtureServer) -> None:
    globex = firm("globex")
    budget = globex.expected["bfs_budget_that_fails"]
    assert shortest_depth(sites, globex, globex.expected["contact_url"], budget=budget) is None


def test_contact_pages_show_the_expected_channels(sites: FixtureServer) -> None:
    for each in ALL_FIRMS:
        url = each.expected.get("contact_url")
        if not url or each.expected.get("js_rendered"):
            continue
        host, _, path = url.partition("/")
        body = fetch(sites, host, "/" + path)[2]
        for number in each.expected["phones"]:
            assert f'href="tel:{number}"' in body, (each.name, number)
        for address in each.expected["emails"]:
            assert f'href="mailto:{address}"' in body, (each.name, address)
        assert ("<form" in body) == each.expected["contact_form"], each.name


def test_js_firm_keeps_its_channels_out_of_the_html(sites: FixtureServer) -> None:
    status, _, shell = fetch(sites, "www.initech.test", "/contact")
    assert status == 200 and "support@initech.test" not in shell
    assert "window.intercomSettings" in shell and "widget.intercom.io/widget/k7x2m9qa" in shell
    started = time.monotonic()
    content = fetch(sites, "www.initech.test", "/api/content.json")[2]
    assert time.monotonic() - started >= 0.3 and "support@initech.test" in content


def test_cookie_wall_disappears_once_consent_is_stored(sites: FixtureServer) -> None:
    consent = firm("biscotti").expected["consent"]
    walled = fetch(sites, "www.biscotti.test")[2]
    assert (
        'id="consent-wall"' in walled
        and ">Accept all</button>" in walled
        and ">Reject all</button>" in walled
    )
    assert 'id="consent-wall"' not in fetch(sites, "www.biscotti.test", Cookie=f"{consent['cookie']}=all")[2]


@pytest.mark.parametrize(
    ("language", "edition"), [("it-IT,it;q=0.9", "/it/"), ("de-DE,de", "/de/"), ("ja", "/en/")]
)
def test_locale_firm_redirects_by_accept_language(sites: FixtureServer, language: str, edition: str) -> None:
    status, headers, _ = fetch(sites, "www.polyglot.test", Accept_Language=language)
    assert (status, headers["location"], headers["vary"]) == (302, edition, "Accept-Language")


def test_locale_firm_drops_the_phone_for_german_visitors(sites: FixtureServer) -> None:
    polyglot = firm("polyglot")
    assert polyglot.expected_for("de-DE")["phones"] == []
    assert polyglot.expected_for("it-IT")["phones"] == ["+390669876543"]
    assert 'href="tel:' not in fetch(sites, "www.polyglot.test", "/de/kontakt")[2]
    assert "Assistenza clienti" in fetch(sites, "www.polyglot.test", "/it/")[2]


def test_echo_page_shows_the_request_escaped(sites: FixtureServer) -> None:
    body = fetch(sites, "www.polyglot.test", "/echo", Accept_Language="it-IT", User_Agent="<b>probe</b>")[2]
    assert '<pre id="echo">' in body and "it-IT" in body
    assert "&lt;b&gt;probe&lt;/b&gt;" in body and "<b>probe</b>" not in body


def test_region_block_answers_451_for_german_only(sites: FixtureServer) -> None:
    assert fetch(sites, "www.borderline.test", Accept_Language="de-CH,de;q=0.9")[0] == 451
    assert fetch(sites, "www.borderline.test", "/contact", Accept_Language="de-DE")[0] == 451
    assert fetch(sites, "www.borderline.test", Accept_Language="it-IT,it;q=0.9,de;q=0.8")[0] == 200
    assert fetch(sites, "www.borderline.test")[0] == 200


def test_login_wall_redirects_contact_to_login(sites: FixtureServer) -> None:
    status, headers, _ = fetch(sites, "www.vaultline.test", "/contact")
    assert (status, headers["location"]) == (302, "/login?next=/contact")
    assert 'type="password"' in fetch(sites, "www.vaultline.test", "/login")[2]


# -- dynamic behaviour and robustness ------------------------------------------------------------


def test_hostile_traps_all_have_pages_and_links(sites: FixtureServer) -> None:
    hostile = firm("hostile")
    entry = fetch(sites, "www.hostile.test")[2]
    for name, target in hostile.expected["traps"].items():
        assert f'href="{target}"' in entry, name
        if name not in ("not_found", "tls_untrusted"):
            assert hostile.page(hostile.entry_host, target) is not None, name


@pytest.mark.parametrize(
    ("path", "status", "content_type"),
    [
        ("/old-page", 404, "text/html"),
        ("/error", 500, "text/html"),
        ("/soft-404", 200, "text/html"),
        ("/maintenance", 503, "text/html"),
        ("/files/brochure.pdf", 200, "application/pdf"),
        ("/api/status.json", 200, "application/json"),
        ("/loop/a", 302, "text/html"),
    ],
)
def test_hostile_statuses(sites: FixtureServer, path: str, status: int, content_type: str) -> None:
    got_status, headers, _ = fetch(sites, "www.hostile.test", path)
    assert got_status == status and headers["content-type"].startswith(content_type)


def test_hostile_download_huge_and_slow_pages(sites: FixtureServer) -> None:
    headers = fetch(sites, "www.hostile.test", "/download/statement.csv")[1]
    assert headers["content-disposition"].startswith("attachment")
    huge = fetch(sites, "www.hostile.test", "/huge")[2]
    assert len(huge.encode()) >= 5 * 1024 * 1024 and huge.endswith("</html>")
    started = time.monotonic()
    slow = fetch(sites, "www.hostile.test", "/slow")[2]
    assert time.monotonic() - started >= 2.5 and "Part 5 of 5" in slow


def test_rate_limit_answers_429_once_then_200() -> None:
    with FixtureServer([firm("hostile")]) as server:
        status, headers, _ = fetch(server, "www.hostile.test", "/busy")
        assert (status, headers["retry-after"]) == (429, "1")
        assert fetch(server, "www.hostile.test", "/busy")[0] == 200
    with FixtureServer([firm("hostile")]) as fresh:  # state belongs to a server, not to the firm
        assert fetch(fresh, "www.hostile.test", "/busy")[0] == 429


def test_head_and_post_keep_the_connection_usable(sites: FixtureServer) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", sites.port, timeout=5)
    host = {"Host": f"www.acme.test:{sites.port}"}
    connection.request("POST", "/contact/send", body=b"name=x&email=y", headers=host)
    assert connection.getresponse().read().startswith(b"<!doctype html>")
    connection.request("HEAD", "/", headers=host)
    head = connection.getresponse()
    assert head.status == 200 and head.read() == b""
    connection.request("GET", "/contact", headers=host)
    assert b"help@acme.test" in connection.getresponse().read()
    connection.close()


def open_stalled(server: FixtureServer) -> socket.socket:
    """A client that asked for /stall and got the headers and part of the body."""
    client = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    client.sendall(f"GET /stall HTTP/1.1\r\nHost: www.hostile.test:{server.port}\r\n\r\n".encode())
    received = b""
    while b"<h1>Loading" not in received:
        received += client.recv(4096)
    assert received.startswith(b"HTTP/1.1 200")
    return client


def test_a_stalled_page_does_not_block_others() -> None:
    with FixtureServer() as server:
        client = open_stalled(server)
        started = time.monotonic()
        assert fetch(server, "www.hostile.test", "/contact")[0] == 200
        assert time.monotonic() - started < 1
        client.settimeout(0.5)
        with pytest.raises(TimeoutError):
            client.recv(1)  # still nothing more: the page never finishes
        client.close()


def hung_up(client: socket.socket) -> bool:
    """The server closed the connection (cleanly, or with a reset if it was never accepted)."""
    try:
        return client.recv(1) == b""
    except ConnectionResetError:
        return True


def test_stop_is_quick_with_a_stalled_client() -> None:
    server = FixtureServer().start()
    client = open_stalled(server)
    idle = socket.create_connection(("127.0.0.1", server.port), timeout=5)  # keep-alive, never asks
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 3
    assert hung_up(client) and hung_up(idle)
    client.close()
    idle.close()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", server.port), timeout=1)


def test_stalled_handler_ends_when_the_client_leaves() -> None:
    with FixtureServer() as server:
        open_stalled(server).close()
        server.wait_until_idle()
        assert server.in_flight["www.hostile.test"] == 0


SLOW_FIRM = Firm(
    name="slowpoke",
    title="Slowpoke",
    hosts=("www.slowpoke.test", "cdn.slowpoke.test"),
    pages={"/": Response("slow", delay=0.4), "cdn.slowpoke.test/": "fast"},
)


def test_max_in_flight_and_request_log() -> None:
    with FixtureServer([SLOW_FIRM]) as server:
        threads = [
            threading.Thread(target=fetch, args=(server, "www.slowpoke.test"), kwargs={"User_Agent": "bot/1"})
            for _ in range(5)
        ]
        for thread in threads:
            thread.start()
        fetch(server, "cdn.slowpoke.test")
        for thread in threads:
            thread.join()
        assert server.max_in_flight == {"www.slowpoke.test": 5, "cdn.slowpoke.test": 1}
        records = server.requests_to("www.slowpoke.test")
        assert len(records) == 5 and all(r.headers["user-agent"] == "bot/1" for r in records)
        assert all(r.status == 200 and r.method == "GET" and r.path == "/" for r in records)
        assert records == sorted(records, key=lambda r: r.time)
        server.wait_until_idle()
        server.clear_log()
        assert server.requests == [] and server.max_in_flight == {
            "www.slowpoke.test": 0,
            "cdn.slowpoke.test": 0,
        }


def test_tls_server_has_an_untrusted_certificate_and_peer_links() -> None:
    with (
        FixtureServer([firm("hostile")], tls=True) as secure,
        FixtureServer([firm("hostile")], tls_peer=secure) as plain,
    ):
        assert secure.url("secure.hostile.test").startswith("https://")
        entry = fetch(plain, "www.hostile.test")[2]
        assert f'href="https://secure.hostile.test:{secure.port}/"' in entry

        def get(context: ssl.SSLContext) -> int:
            connection = http.client.HTTPSConnection("127.0.0.1", secure.port, timeout=5, context=context)
            try:
                connection.request("GET", "/", headers={"Host": "secure.hostile.test"})
                return connection.getresponse().status
            finally:
                connection.close()

        with pytest.raises(ssl.SSLCertVerificationError):
            get(ssl.create_default_context())
        assert secure.ca_cert_pem is not None
        trusting = ssl.create_default_context(cadata=secure.ca_cert_pem.decode())
        trusting.check_hostname = False  # we connect by IP; the name is in the Host header
        assert get(trusting) == 200
    assert plain.ca_cert_pem is None


def test_stop_cuts_a_stalled_tls_client_and_leaves_no_threads() -> None:
    before = threading.active_count()
    server = FixtureServer([firm("hostile")], tls=True).start()
    assert server.ca_cert_pem is not None
    context = ssl.create_default_context(cadata=server.ca_cert_pem.decode())
    context.check_hostname = False
    raw = socket.create_connection(("127.0.0.1", server.port), timeout=5)
    client = context.wrap_socket(raw)
    client.sendall(b"GET /stall HTTP/1.1\r\nHost: www.hostile.test\r\n\r\n")
    assert client.recv(4096).startswith(b"HTTP/1.1 200")
    started = time.monotonic()
    server.stop()
    assert time.monotonic() - started < 3
    client.close()
    deadline = time.monotonic() + 2
    while threading.active_count() > before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert threading.active_count() == before
