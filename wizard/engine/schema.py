"""The JSON Schema of tree files, generated from the code's own catalogues.

``decision_tree/schema.json`` is this module's output (a test keeps them equal), so
editors validate and complete probe names, outcomes, categories and platforms. Regenerate
with ``python -m wizard.engine.schema > decision_tree/schema.json``.
"""

from __future__ import annotations

import json
from typing import Any

from wizard.engine.facts import FACTS
from wizard.engine.model import PLATFORMS
from wizard.engine.probe_specs import SPECS
from wizard.engine.taxonomy import CATEGORIES


def schema() -> dict[str, Any]:
    """The schema as a dict."""
    text = {
        "oneOf": [
            {"type": "string", "minLength": 1},
            {
                "type": "object",
                "properties": {"en": {"type": "string"}, "zh": {"type": "string"}},
                "required": ["en"],
                "additionalProperties": False,
            },
        ]
    }
    str_map = {"type": "object", "additionalProperties": {"type": "string"}}
    node_id = {"type": "string", "pattern": "^[a-z0-9_]+(\\.[a-z0-9_-]+)*$"}
    call = {
        "type": "object",
        "properties": {
            "probe": {"enum": sorted(SPECS)},
            "args": str_map,
            "expect": {"type": "array", "items": {"type": "string"}},
        },
        "required": ["probe"],
        "additionalProperties": False,
    }
    common = {
        "id": node_id,
        "title": {"$ref": "#/$defs/text"},
        "explain": {"$ref": "#/$defs/text"},
        "entry": {"type": "boolean"},
        "lab": {"type": "string"},
        "suspects": {"type": "array", "items": {"enum": sorted(CATEGORIES)}},
        "match": {
            "type": "array",
            "items": {
                "oneOf": [
                    {"type": "string"},
                    {
                        "type": "object",
                        "properties": {
                            "pattern": {
                                "type": "string",
                                "description": "RE2 syntax; named groups capture facts",
                            },
                            "weight": {"type": "number", "exclusiveMinimum": 0, "maximum": 10},
                        },
                        "required": ["pattern"],
                        "additionalProperties": False,
                    },
                ]
            },
        },
    }
    question = {
        "type": "object",
        "properties": {
            **common,
            "kind": {"const": "question"},
            "question": {"$ref": "#/$defs/text"},
            "options": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"},
                        "label": {"$ref": "#/$defs/text"},
                        "next": node_id,
                        "when": str_map,
                        "set": str_map,
                    },
                    "required": ["id", "label", "next"],
                    "additionalProperties": False,
                },
            },
        },
        "required": ["id", "kind", "title", "explain", "question", "options"],
        "additionalProperties": False,
    }
    probe = {
        "type": "object",
        "properties": {
            **common,
            "kind": {"const": "probe"},
            "probe": {"enum": sorted(SPECS)},
            "args": str_map,
            "branches": {"type": "object", "additionalProperties": node_id},
        },
        "required": ["id", "kind", "title", "explain", "probe", "branches"],
        "additionalProperties": False,
    }
    solution = {
        "type": "object",
        "properties": {
            **common,
            "kind": {"const": "solution"},
            "category": {"enum": sorted(CATEGORIES)},
            "commands": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "properties": {
                        "platform": {"enum": list(PLATFORMS)},
                        "title": {"$ref": "#/$defs/text"},
                        "run": {
                            "type": "string",
                            "description": "shell; {{fact}} is shell-quoted, {{fact|json}} JSON",
                        },
                    },
                    "required": ["run"],
                    "additionalProperties": False,
                },
            },
            "verify": {"type": "array", "items": {"$ref": "#/$defs/call"}},
            "examples": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "properties": {
                        "text": {"type": "string"},
                        "source": {"type": "string", "minLength": 1},
                    },
                    "required": ["text", "source"],
                    "additionalProperties": False,
                },
            },
        },
        "required": ["id", "kind", "title", "explain", "category", "commands", "examples"],
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://registry-wizard.invalid/decision_tree/schema.json",
        "title": "registry-wizard decision tree file",
        "type": "object",
        "properties": {
            "area": {"type": "string"},
            "title": {"$ref": "#/$defs/text"},
            "explain": {"$ref": "#/$defs/text"},
            "nodes": {
                "type": "array",
                "items": {
                    "oneOf": [
                        {"$ref": "#/$defs/question"},
                        {"$ref": "#/$defs/probe"},
                        {"$ref": "#/$defs/solution"},
                    ]
                },
            },
            "extractors": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {"pattern": {"type": "string"}, "set": str_map},
                    "required": ["pattern"],
                    "additionalProperties": False,
                },
            },
            "cases": {"type": "array", "items": {"$ref": "#/$defs/case"}},
        },
        "required": ["area"],
        "additionalProperties": False,
        "$defs": {
            "text": text,
            "call": call,
            "question": question,
            "probe": probe,
            "solution": solution,
            "case": {
                "type": "object",
                "description": "A scenario: start node, facts, probe outcomes and answers -> the expected leaf.",
                "properties": {
                    "name": {"type": "string"},
                    "start": node_id,
                    "facts": {
                        "type": "object",
                        "propertyNames": {"enum": sorted(FACTS)},
                        "additionalProperties": {"type": "string"},
                    },
                    "outcomes": {"type": "object", "additionalProperties": {"type": "string"}},
                    "answers": {"type": "object", "additionalProperties": {"type": "string"}},
                    "expect": node_id,
                },
                "required": ["name", "start", "expect"],
                "additionalProperties": False,
            },
            "probes": {
                "description": "probe name -> its outcomes (for reference)",
                "const": {name: list(spec.outcomes) for name, spec in SPECS.items()},
            },
        },
    }


def main() -> None:
    """Print the schema."""
    print(json.dumps(schema(), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
