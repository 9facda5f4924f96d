"""A real Docker registry token server (Bearer JWT, ES256, x5c chain), for labs and tests.

    python -m wizard.lab.token_server --cert signer.crt --key signer.key \\
        --users users.json --service S --issuer I

``users.json`` maps user -> {"password": ..., "actions": ["pull", "push"]}. Anonymous
requests get pull only; a user gets the intersection of the scope and their actions;
wrong passwords get 401 ``{"details": "incorrect username or password"}`` like the
token servers registries use. Listens on 127.0.0.1 only and prints its port.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_handler(key, cert, users, service: str, issuer: str):  # noqa: ANN001, ANN201
    """A request handler class bound to the signing key and the user table."""
    x5c = [base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()]

    def jwt(sub: str, access: list[dict]) -> str:
        header = {"typ": "JWT", "alg": "ES256", "x5c": x5c}
        now = int(time.time())
        claims = {
            "iss": issuer,
            "sub": sub,
            "aud": service,
            "exp": now + 300,
            "nbf": now - 10,
            "iat": now,
            "jti": os.urandom(8).hex(),
            "access": access,
        }
        signing_input = _b64(json.dumps(header).encode()) + "." + _b64(json.dumps(claims).encode())
        der = key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256()))
        r, s = decode_dss_signature(der)
        return signing_input + "." + _b64(r.to_bytes(32, "big") + s.to_bytes(32, "big"))

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, fmt: str, *args: object) -> None:
            print(fmt % args, flush=True)

        def do_GET(self) -> None:  # noqa: N802 - http.server API
            url = urllib.parse.urlparse(self.path)
            query = urllib.parse.parse_qs(url.query)
            user = ""
            header = self.headers.get("Authorization", "")
            if header.startswith("Basic "):
                try:
                    user, _, password = base64.b64decode(header[6:]).decode().partition(":")
                except (ValueError, UnicodeDecodeError):
                    user, password = "", ""
                if users.get(user, {}).get("password") != password:
                    self._send(401, {"details": "incorrect username or password"})
                    return
            allowed = set(users.get(user, {}).get("actions", [])) if user else {"pull"}
            access = []
            for scope in query.get("scope", []):
                parts = scope.split(":")
                if len(parts) != 3:
                    continue
                kind, name, actions = parts
                granted = [a for a in actions.split(",") if a in allowed]
                access.append({"type": kind, "name": name, "actions": granted})
            token = jwt(user, access)
            self._send(200, {"token": token, "access_token": token, "expires_in": 300})

        def _send(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def main() -> None:
    """Run the token server until terminated."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--cert", required=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--users", required=True)
    ap.add_argument("--service", required=True)
    ap.add_argument("--issuer", required=True)
    args = ap.parse_args()
    key = serialization.load_pem_private_key(open(args.key, "rb").read(), None)  # noqa: SIM115
    cert = x509.load_pem_x509_certificate(open(args.cert, "rb").read())  # noqa: SIM115
    users = json.load(open(args.users))  # noqa: SIM115
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), make_handler(key, cert, users, args.service, args.issuer)
    )
    print(f"listening on 127.0.0.1:{server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
