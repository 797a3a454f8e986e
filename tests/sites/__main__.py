"""Serves every fixture firm until Ctrl-C, for poking around with a browser.

Run ``python -m tests.sites [PORT]`` and start Chromium with the printed
``--host-resolver-rules`` so that ``*.test`` names reach this machine.
"""

from __future__ import annotations

import sys
import threading

from . import ALL_FIRMS, FixtureServer


def main(argv: list[str]) -> int:
    port = int(argv[0]) if argv else 8765
    with FixtureServer(tls=True) as secure, FixtureServer(port=port, tls_peer=secure) as sites:
        print(f"Fixture firms on 127.0.0.1:{sites.port} (HTTPS with an untrusted CA on {secure.port})")
        for fixture in ALL_FIRMS:
            print(f"  {fixture.name:<11} {sites.entry_url(fixture.name)}")
        print(f'\nchromium --host-resolver-rules="{sites.host_resolver_rules}"')
        print("Ctrl-C to stop.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            print("\nstopping")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
