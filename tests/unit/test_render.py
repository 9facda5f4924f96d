"""Command templates: every value is one shell word, never code."""

from __future__ import annotations

import shlex

import pytest

from wizard.engine.errors import RenderError
from wizard.engine.render import placeholders, quoted_placeholders, render, render_args


def test_values_are_shell_quoted_and_parse_back():
    out = render(
        "docker tag {{image}} x && echo {{realm}}",
        {"image": "a.io/b:c", "realm": "https://x/$(id)"},
    )
    assert shlex.split(out.text) == [
        "docker",
        "tag",
        "a.io/b:c",
        "x",
        "&&",
        "echo",
        "https://x/$(id)",
    ]


def test_json_filter_gives_a_json_string():
    assert render("[{{registry|json}}]", {"registry": "10.0.0.5:5000"}).text == '["10.0.0.5:5000"]'


def test_missing_fact_is_visible_and_marked():
    out = render("docker login {{registry}}", {})
    assert (
        out.text == "docker login <registry>" and out.missing == ("registry",) and not out.complete
    )


@pytest.mark.parametrize("bad", ["reg;rm -rf /", "reg\nrm", "-rf", "a b:5000", "$(id):5000"])
def test_invalid_registry_is_refused(bad):
    with pytest.raises(RenderError):
        render("docker login {{registry}}", {"registry": bad})


def test_newline_in_free_text_fact_is_refused():
    with pytest.raises(RenderError):
        render("echo {{realm}}", {"realm": "a\nb"})


def test_go_templates_are_not_placeholders():
    template = "docker info --format '{{json .RegistryConfig}}' {{registry}}"
    assert list(placeholders(template)) == [("registry", "")]
    assert (
        render(template, {"registry": "r:1"}).text
        == "docker info --format '{{json .RegistryConfig}}' r:1"
    )


def test_placeholders_inside_quotes_are_found_but_not_in_heredocs():
    template = "echo '{{registry}}' \"{{host}}\" {{port}}\ncat <<'EOF'\nx = \"{{image}}\"\nEOF\n"
    assert list(quoted_placeholders(template)) == ["registry", "host"]


def test_probe_args_are_raw_and_report_missing():
    args, missing = render_args({"host": "{{host}}", "port": "{{port}}"}, {"host": "h"})
    assert args == {"host": "h"} and missing == ["port"]
