"""The docs page's view of the OpenAPI schema: each operation with its parameters, body
fields and answers, the schema's English texts translated through the catalogue."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: Where a parameter goes, for people.
WHERE = {
    "query": gettext_lazy("Where: query"),
    "path": gettext_lazy("Where: path"),
    "header": gettext_lazy("Where: header"),
}


def _t(text: str | None) -> str:
    return _(text) if text else ""


def _ref(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        return dict(schema["components"]["schemas"][name], _name=name)
    return node


def _type(schema: dict[str, Any], node: dict[str, Any]) -> str:
    node = _ref(schema, node)
    if "_name" in node:
        return str(node["_name"])
    if "enum" in node:
        return " | ".join(str(v) for v in node["enum"])
    if "anyOf" in node:
        return " | ".join(_type(schema, n) for n in node["anyOf"])
    if node.get("type") == "array":
        return f"[{_type(schema, node.get('items', {}))}]"
    return str(node.get("type", "object"))


def _fields(schema: dict[str, Any], node: dict[str, Any]) -> list[dict[str, Any]]:
    node = _ref(schema, node)
    required = set(node.get("required", []))
    return [
        {
            "name": name,
            "type": _type(schema, prop),
            "required": name in required,
            "description": _t(prop.get("description")),
        }
        for name, prop in node.get("properties", {}).items()
    ]


def operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            scopes = [s for req in op.get("security", []) for s in req]
            out.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": _t(op.get("summary")),
                    "description": _t(op.get("description")),
                    "tags": [_t(t) for t in op.get("tags", [])],
                    "auth": bool(scopes),
                    "parameters": [
                        {
                            "name": p["name"],
                            "in": WHERE.get(p["in"], p["in"]),
                            "type": _type(schema, p.get("schema", {})),
                            "required": p.get("required", False),
                            "description": _t(
                                p.get("description") or p.get("schema", {}).get("description")
                            ),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": _fields(schema, body["schema"]) if body else [],
                    "responses": [
                        {"status": status, "description": _t(r.get("description"))}
                        for status, r in op.get("responses", {}).items()
                    ],
                }
            )
    return out
