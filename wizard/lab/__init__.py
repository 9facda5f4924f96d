"""Real, deliberately broken registries on loopback, for labs and integration tests.

The same scenario definitions drive ``registry-wizard lab`` (a new engineer breaks a
registry and fixes it) and ``tests/integration`` (each scenario's real failure must be
diagnosed correctly), so what is taught is what is tested.

Modules:
    certs      a private CA and the server certificates real failures need
    servers    :class:`Lab`: starts docker-registry, nginx, tinyproxy, a token server,
               a blackhole and an NXDOMAIN DNS responder on 127.0.0.1, stops them by PID
    client     tiny OCI images, skopeo pushes, hermetic namespaces, diagnose runs
    scenarios  the catalogue of broken setups, one module per area
"""

from __future__ import annotations
