#!/usr/bin/env python3
"""Generates assets/model/connect-v1.json, cinspect's model of the Connect Server API v1.

The official SDKs are generated from the API reference; this script reads the facts of that
model (endpoints, types, JSON field names, kinds, deprecations, documented value tokens) from
the Python SDK's source with `ast`. The SDK is never imported and its descriptive sentences are
never copied: only names, kinds, paths, value tokens and short endpoint titles are written.

Run by hand when a new SDK appears (the build and the tests need only Rust):

    pip download connect-sdk-python3==6.3.0 --no-deps -d /tmp/sdk
    tar xzf /tmp/sdk/connect_sdk_python3-6.3.0.tar.gz -C /tmp/sdk
    python3 scripts/model/generate.py /tmp/sdk/connect_sdk_python3-6.3.0 > assets/model/connect-v1.json

then review the diff, bump SDK_VERSION below and in the notice if the version changed, and run
`cargo test --lib connect::model` (it checks the header's counts against the data).
The SDK's MIT notice is kept in assets/model/THIRD-PARTY-NOTICES.
"""

import ast
import json
import os
import re
import sys

SDK_PACKAGE = "connect-sdk-python3"
SDK_VERSION = "6.3.0"

KINDS = {"str": "string", "int": "integer", "bool": "boolean", "float": "number"}
VERBS = {
    "get": "GET",
    "post": "POST",
    "put": "PUT",
    "delete": "DELETE",
    "get_with_binary_response": "GET",
}


def camel(snake):
    head, *rest = snake.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def docstring_lines(node):
    doc = ast.get_docstring(node) or ""
    return [line.strip() for line in doc.splitlines()]


DEPRECATED = re.compile(r"^\|?\s*Deprecated[;:]\s*(.*)$")
# The first word after "use" when it is a field path (`Use a.b instead`, `please use x instead`).
REPLACEMENT = re.compile(r"\b[Uu]se\s+(?:the\s+property\s+)?([A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)*)\b")
# `* token - meaning`, `* token = meaning`, or a lone `* token`: one word, then a dash, an
# equals sign or the line's end. Prose bullets (`* The maximum length ...`) have no such shape.
BULLET = re.compile(r"^\*\s+`?([A-Za-z0-9_.+/:-]+)`?(?:\s+[-=]\s|\s*$)")


def deprecation(lines):
    """(deprecated, replacement path or None) from a docstring's `Deprecated; ...` line."""
    for line in lines:
        m = DEPRECATED.match(line)
        if m:
            use = REPLACEMENT.search(m.group(1))
            return True, (use.group(1) if use else None)
    return False, None


def value_tokens(lines):
    """The tokens of the `* token - meaning` bullets (the meanings are not kept). A docstring
    whose bullets are not all of that shape, or repeat a token (`* Argentina - Consumer ...`,
    `* Argentina - Company ...`), documents formats, not values: no list."""
    tokens = []
    for line in lines:
        if not line.startswith("* "):
            continue
        m = BULLET.match(line)
        if not m or m.group(1) in tokens:
            return []
        tokens.append(m.group(1))
    return tokens


def annotation_type(node):
    """(kind, list, object type name) of an `Optional[T]` annotation."""
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "Optional":
        node = node.slice
    listed = False
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id == "List":
        listed = True
        node = node.slice
    if not isinstance(node, ast.Name):
        raise ValueError("unexpected annotation " + ast.dump(node))
    if node.id in KINDS:
        return KINDS[node.id], listed, None
    return "object", listed, node.id


def self_attr_tested(test):
    """`self.x is not None` → "x"."""
    if (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Attribute)
        and isinstance(test.left.value, ast.Name)
        and test.left.value.id == "self"
    ):
        return test.left.attr
    return None


def dictionary_key(body):
    """The first `dictionary['json']` written in a to_dictionary branch."""
    for stmt in body:
        for node in ast.walk(stmt):
            if (
                isinstance(node, ast.Subscript)
                and isinstance(node.value, ast.Name)
                and node.value.id == "dictionary"
                and isinstance(node.slice, ast.Constant)
            ):
                return node.slice.value
    return None


def request_param_name(body):
    """The first `RequestParam("json", ...)` in a to_request_parameters branch; repeated when in a loop."""
    for stmt in body:
        for node in ast.walk(stmt):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "RequestParam"
                and isinstance(node.args[0], ast.Constant)
            ):
                repeated = any(isinstance(n, ast.For) for s in body for n in ast.walk(s))
                return node.args[0].value, repeated
    return None, False


def class_of(tree):
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef)]
    if len(classes) != 1:
        raise ValueError("expected one class")
    return classes[0]


def declared_attributes(cls):
    """`__x: Optional[T] = None` declarations, in order: {python name: annotation}."""
    attrs = {}
    for stmt in cls.body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            name = stmt.target.id
            if name.startswith("__"):
                attrs[name[2:]] = stmt.annotation
    return attrs


def property_docs(cls):
    return {
        f.name: docstring_lines(f)
        for f in cls.body
        if isinstance(f, ast.FunctionDef)
        and any(isinstance(d, ast.Name) and d.id == "property" for d in f.decorator_list)
    }


def method(cls, name):
    for f in cls.body:
        if isinstance(f, ast.FunctionDef) and f.name == name:
            return f
    return None


def read_type(path):
    tree = ast.parse(open(path, encoding="utf-8").read())
    cls = class_of(tree)
    bases = [b.id for b in cls.bases if isinstance(b, ast.Name) and b.id != "DataObject"]
    if len(bases) > 1:
        raise ValueError(cls.name + ": several bases")
    attrs = declared_attributes(cls)
    docs = property_docs(cls)
    json_names = {}
    to_dict = method(cls, "to_dictionary")
    for stmt in to_dict.body if to_dict else []:
        if isinstance(stmt, ast.If):
            attr = self_attr_tested(stmt.test)
            key = dictionary_key(stmt.body)
            if attr and key:
                json_names[attr] = key
    fields = []
    for attr, annotation in attrs.items():
        if attr not in json_names:
            raise ValueError(f"{cls.name}.{attr}: no JSON name in to_dictionary")
        kind, listed, type_name = annotation_type(annotation)
        lines = docs.get(attr, [])
        field = {"name": json_names[attr], "kind": kind}
        if listed:
            field["list"] = True
        if type_name:
            field["type"] = type_name
        deprecated, use = deprecation(lines)
        if deprecated:
            field["deprecated"] = True
        if use:
            field["use"] = use
        if kind in ("string", "integer"):
            tokens = value_tokens(lines)
            if tokens:
                field["values"] = tokens
        fields.append(field)
    entry = {}
    if bases:
        entry["extends"] = bases[0]
    deprecated, use = deprecation(docstring_lines(cls))
    if deprecated:
        entry["deprecated"] = True
    if use:
        entry["use"] = use
    entry["fields"] = fields
    return cls.name, entry


def read_params(path):
    """Query parameters of a `*_params.py` class: [{name, kind, repeated}]."""
    tree = ast.parse(open(path, encoding="utf-8").read())
    cls = class_of(tree)
    attrs = declared_attributes(cls)
    names = {}
    to_params = method(cls, "to_request_parameters")
    for stmt in to_params.body:
        if isinstance(stmt, ast.If):
            attr = self_attr_tested(stmt.test)
            name, repeated = request_param_name(stmt.body)
            if attr and name:
                names[attr] = (name, repeated)
    params = []
    for attr, annotation in attrs.items():
        kind, listed, type_name = annotation_type(annotation)
        if type_name:
            raise ValueError(f"{cls.name}.{attr}: object-typed query parameter")
        name, repeated = names[attr]
        param = {"name": name, "kind": kind}
        if repeated or listed:
            param["repeated"] = True
        params.append(param)
    return cls.name, params


def annotation_name(node):
    if node is None:
        return None
    if isinstance(node, ast.Subscript):
        node = node.slice
    return node.id if isinstance(node, ast.Name) else None


def read_client(group, path, params):
    tree = ast.parse(open(path, encoding="utf-8").read())
    cls = class_of(tree)
    endpoints = []
    for f in cls.body:
        if not isinstance(f, ast.FunctionDef) or f.name.startswith("_"):
            continue
        uri = verb = error = None
        for node in ast.walk(f):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr == "_instantiate_uri":
                    uri = node.args[0].value
                elif (
                    isinstance(node.func.value, ast.Attribute)
                    and node.func.value.attr == "_communicator"
                    and node.func.attr in VERBS
                ):
                    verb = node.func.attr
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.targets[0], ast.Name)
                and node.targets[0].id == "error_type"
            ):
                error = node.value.id
        if uri is None:
            continue
        args = {a.arg: annotation_name(a.annotation) for a in f.args.args}
        title = ""
        for line in docstring_lines(f):
            m = re.match(r"^Resource \S+ - (.+)$", line)
            if m:
                title = m.group(1)
                break
        endpoint = {
            "id": f"{group}.{f.name}",
            "title": title,
            "method": VERBS[verb],
            "path": uri,
        }
        query = args.get("query")
        if query:
            endpoint["query"] = params[query]
        body = args.get("body")
        if body == "UploadFileRequest":
            endpoint["multipart"] = ["file"]
        elif body:
            endpoint["body"] = body
        returns = annotation_name(f.returns)
        if verb == "get_with_binary_response":
            endpoint["binary"] = True
        elif returns and returns != "None":
            endpoint["response"] = returns
        endpoint["error"] = error
        endpoints.append(endpoint)
    return endpoints


def compact(value):
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def write(model, out):
    """Pretty enough to review: one endpoint and one field a line."""
    out.write("{\n")
    out.write(f' "source": {compact(model["source"])},\n')
    out.write(f' "counts": {compact(model["counts"])},\n')
    out.write(' "endpoints": [\n')
    out.write(",\n".join("  " + compact(e) for e in model["endpoints"]))
    out.write("\n ],\n")
    out.write(' "types": {\n')
    parts = []
    for name, entry in model["types"].items():
        head = {k: v for k, v in entry.items() if k != "fields"}
        lines = [f"  {compact(name)}: {{"]
        for k, v in head.items():
            lines.append(f"   {compact(k)}: {compact(v)},")
        fields = ",\n".join("    " + compact(f) for f in entry["fields"])
        lines.append('   "fields": [' + ("\n" + fields + "\n   ]" if fields else "]"))
        lines.append("  }")
        parts.append("\n".join(lines))
    out.write(",\n".join(parts))
    out.write("\n }\n}\n")


def main():
    root = sys.argv[1]
    v1 = os.path.join(root, "worldline", "connect", "sdk", "v1")
    merchant = os.path.join(v1, "merchant")
    domain = os.path.join(v1, "domain")

    types = {}
    for name in sorted(os.listdir(domain)):
        if name.endswith(".py") and name != "__init__.py":
            type_name, entry = read_type(os.path.join(domain, name))
            types[type_name] = entry
    types = dict(sorted(types.items()))

    endpoints = []
    for group in sorted(os.listdir(merchant)):
        folder = os.path.join(merchant, group)
        if not os.path.isdir(folder) or group.startswith("_"):
            continue
        params = {}
        for name in sorted(os.listdir(folder)):
            if name.endswith("_params.py"):
                cls, ps = read_params(os.path.join(folder, name))
                params[cls] = ps
        endpoints += read_client(group, os.path.join(folder, f"{group}_client.py"), params)

    for e in endpoints:
        for t in [e.get("body"), e.get("response"), e["error"]]:
            if t and t not in types:
                raise ValueError(f"{e['id']}: unknown type {t}")
    for name, entry in types.items():
        if entry.get("extends") and entry["extends"] not in types:
            raise ValueError(f"{name}: unknown base")
        for f in entry["fields"]:
            if f.get("type") and f["type"] not in types:
                raise ValueError(f"{name}.{f['name']}: unknown type {f['type']}")

    fields = [f for t in types.values() for f in t["fields"]]
    counts = {
        "endpoints": len(endpoints),
        "groups": len({e["id"].split(".")[0] for e in endpoints}),
        "types": len(types),
        "fields": len(fields),
        "deprecated_types": sum(1 for t in types.values() if t.get("deprecated")),
        "deprecated_fields": sum(1 for f in fields if f.get("deprecated")),
        "value_lists": sum(1 for f in fields if f.get("values")),
        "value_tokens": sum(len(f.get("values", [])) for f in fields),
    }
    model = {
        "source": {
            "package": SDK_PACKAGE,
            "version": SDK_VERSION,
            "licence": "MIT, Copyright (c) 2016 Global Collect Services B.V.; see THIRD-PARTY-NOTICES",
            "generator": "scripts/model/generate.py",
        },
        "counts": counts,
        "endpoints": endpoints,
        "types": types,
    }
    write(model, sys.stdout)
    print(json.dumps(counts), file=sys.stderr)


if __name__ == "__main__":
    main()
