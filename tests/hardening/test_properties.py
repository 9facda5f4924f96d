"""Property tests (hypothesis) for what an attacker controls: pastes, flags, tree files.

* every rendered command parses (shlex) back to exactly the intended argv, whatever the
  fact value, or the value is refused with a clear error;
* a generated secret never survives redaction, wherever it sits in the text;
* the matcher and the tree loader never crash, whatever bytes they are given.
"""

from __future__ import annotations

import base64
import shlex

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard.engine.errors import FactError, RenderError, TreeFileError
from wizard.engine.facts import validate
from wizard.engine.loader import build_file, parse_yaml
from wizard.engine.redact import MASK, Redactor
from wizard.engine.render import render

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

nasty = st.text(
    alphabet=st.sampled_from(
        list("abc.:/-_ ;&|$`'\"\\()<>{}*?!#~\n\t") + ["\u2010", "\uff0e", "\u0430", "\x00", "\x1b"]
    ),
    max_size=40,
)


@SETTINGS
@given(
    value=nasty,
    name=st.sampled_from(
        ["registry", "image", "host", "repository", "tag", "realm", "username", "cert_names"]
    ),
)
def test_rendered_commands_parse_to_the_intended_argv(value, name):
    try:
        out = render(f"tool --flag {{{{{name}}}}} end", {name: value})
    except RenderError as exc:
        refused = str(exc)
    else:
        refused = ""
    if refused:
        assert name in refused
        return
    if not out.complete:
        return  # an empty value renders as a visible <name> placeholder
    canonical = validate(name, value)
    assert shlex.split(out.text) == ["tool", "--flag", canonical, "end"]


@SETTINGS
@given(value=nasty)
def test_json_filter_is_one_json_string(value):
    import json

    try:
        out = render("x = {{realm|json}}", {"realm": value})
    except RenderError:
        return
    if out.complete:
        assert json.loads(out.text[len("x = ") :]) == validate("realm", value)


@SETTINGS
@given(value=nasty)
def test_registry_facts_are_hosts_or_refused(value):
    try:
        got = validate("registry", value)
    except FactError:
        return
    assert not got.startswith("-")
    assert all(c.isalnum() or c in ".-:[]" for c in got)


secret_text = st.text(
    alphabet=st.characters(min_codepoint=33, max_codepoint=126, exclude_characters="*"),
    min_size=8,
    max_size=40,
)


@SETTINGS
@given(secret=secret_text, before=st.text(max_size=80), after=st.text(max_size=80))
def test_registered_secrets_never_survive(secret, before, after):
    r = Redactor([secret])
    out = r(before + secret + after)
    assert secret not in out


@SETTINGS
@given(user=st.from_regex(r"[a-z]{1,12}", fullmatch=True), password=secret_text)
def test_auth_blobs_and_their_passwords_never_survive(user, password):
    blob = base64.b64encode(f"{user}:{password}".encode()).decode()
    r = Redactor()
    r.add_auth_blob(blob)
    text = f'{{"auths": {{"r": {{"auth": "{blob}"}}}}}} and the password {password} in a log'
    out = r(text)
    assert blob not in out and password not in out


@SETTINGS
@given(
    password=st.from_regex(r"[A-Za-z0-9_.!%^+=]{6,30}", fullmatch=True),
    flag=st.sampled_from(["-p", "--password", "--password="]),
)
def test_password_flags_are_masked_without_knowing_the_value(password, flag):
    sep = "" if flag.endswith("=") else " "
    out = Redactor()(f"docker login -u bob {flag}{sep}{password} reg.example")
    assert password not in out and MASK in out


@SETTINGS
@given(data=st.binary(max_size=4000))
def test_matcher_never_crashes_on_bytes(matcher, data):
    result = matcher.match(data)
    assert isinstance(result.suspects, tuple)


@SETTINGS
@given(text=st.text(max_size=2000))
def test_matcher_never_crashes_on_text(matcher, text):
    result = matcher.match(text)
    for cand in result.candidates:
        assert all("\x1b" not in line for line in cand.evidence)


yaml_like = st.lists(
    st.sampled_from(
        list("abc: -[]{}&*!|>'\"\n\t#%@`,?")
        + ["  ", "nodes", "id", "kind", "probe", "area", "\n  - "]
    ),
    max_size=120,
).map("".join)


@SETTINGS
@given(text=yaml_like)
def test_tree_loader_never_crashes(text):
    try:
        data = parse_yaml(text, "fuzz.yaml")
    except TreeFileError:
        return
    build_file(data, "fuzz.yaml")
