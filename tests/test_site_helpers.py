"""The helpers behind the site checks read Chromium's network log correctly.

(The docstring examples of ``book_tools`` and of the Sphinx extensions run with the doctests
of the whole suite: ``--doctest-modules`` in ``scripts/test.sh``.)
"""

from __future__ import annotations

import json

from book_tools.site import network_leaks


def test_network_leaks_ignore_loopback_and_silent_udp(tmp_path):
    constants = {
        "logEventTypes": {"TCP_CONNECT_ATTEMPT": 1, "UDP_CONNECT": 2, "UDP_BYTES_SENT": 3},
        "logSourceType": {"SOCKET": 7, "UDP_SOCKET": 8},
    }
    events = [
        # the page's own server
        {"type": 1, "source": {"id": 1, "type": 7}, "params": {"address": "127.0.0.1:8000"}},
        # Chromium's route probe: a UDP connect that sends nothing
        {"type": 2, "source": {"id": 2, "type": 8},
         "params": {"address": "[2001:4860:4860::8888]:443"}},
        # a DNS query that went out
        {"type": 2, "source": {"id": 3, "type": 8}, "params": {"address": "10.0.0.53:53"}},
        {"type": 3, "source": {"id": 3, "type": 8}, "params": {"byte_count": 40}},
    ]
    log = tmp_path / "netlog.json"
    log.write_text(json.dumps({"constants": constants, "events": events}))
    assert network_leaks(log) == ["UDP_SOCKET to 10.0.0.53:53 (UDP_BYTES_SENT, UDP_CONNECT)"]
    # A log cut short at exit (no closing brackets) is still read.
    log.write_text(log.read_text()[:-2])
    assert len(network_leaks(log)) == 1
