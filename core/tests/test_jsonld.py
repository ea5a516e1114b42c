import json

from django.template import Context, Template

from core.templatetags.core_tags import jsonld


def test_jsonld_escapes_a_closing_script_tag():
    html = jsonld({"name": "</script><script>alert(1)</script>"})
    body = html.removeprefix('<script type="application/ld+json">').removesuffix(
        "</script>"
    )
    assert "</script>" not in body
    assert "<" not in body and ">" not in body
    assert json.loads(body) == {"name": "</script><script>alert(1)</script>"}


def test_jsonld_escapes_ampersands_and_comment_openers():
    html = jsonld({"name": "R&D <!-- x"})
    assert "&" not in html.split(">", 1)[1].rsplit("<", 1)[0]
    assert "<!--" not in html


def test_jsonld_renders_nothing_for_empty_data():
    assert jsonld(None) == ""
    assert jsonld({}) == ""


def test_jsonld_output_is_not_autoescaped_in_templates():
    template = Template("{% load core_tags %}{{ data|jsonld }}")
    html = template.render(Context({"data": {"@type": "Thing", "name": "A & B"}}))
    assert html.startswith('<script type="application/ld+json">{"@type": "Thing"')
    assert "&amp;" not in html
