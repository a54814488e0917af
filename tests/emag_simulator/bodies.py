"""Request body decoding: every wire variant real clients use (reference §1.3).

- JSON object with a ``data`` key (``{"data": [...]}``),
- JSON object with top-level filters (``{"currentPage": 1, "status": 1}``),
- bare JSON array or object (saves without ``data`` wrapper),
- form-encoded ``data=<json>``,
- form-encoded PHP brackets ``data[0][id]=1&data[0][stock][0][value]=3``,
- query-string parameters (GET routes, ``?language=en``).
"""

import json
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

MAX_INPUT_VARS = 4000

_NO_DATA = object()


class BodyError(Exception):
    """The body cannot be decoded at all."""


@dataclass
class ParsedBody:
    kind: str = "empty"  # empty | json | form | form-json
    top: dict = field(default_factory=dict)  # top-level keys other than "data"
    data: object = _NO_DATA  # value of "data" (or the bare JSON array/object)
    wrapped: bool = False  # True when the payload came inside a "data" key
    input_vars: int = 0
    raw_json: object = None

    @property
    def has_data(self):
        return self.data is not _NO_DATA

    def payload(self):
        """The entities of a save: the ``data`` value, else the bare body."""
        if self.has_data:
            return self.data
        return self.top or None

    def as_log(self):
        if self.has_data:
            return {"data": self.data, **self.top} if self.top else self.data
        return self.top


_KEY_RE = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")


def _segments(key):
    match = _KEY_RE.match(key)
    if not match:
        return key, []
    return match.group(1), re.findall(r"\[([^\[\]]*)\]", match.group(2))


def _listify(value):
    """PHP arrays with integer keys become JSON lists (as json_encode would)."""
    if isinstance(value, dict):
        value = {k: _listify(v) for k, v in value.items()}
        if value and all(isinstance(k, str) and k.isdigit() for k in value):
            return [value[k] for k in sorted(value, key=int)]
    return value


def parse_brackets(pairs):
    """Build nested structures from PHP ``http_build_query`` keys."""
    root = {}
    for key, value in pairs:
        base, segments = _segments(key)
        node = root
        path = [base, *segments]
        for index, segment in enumerate(path):
            last = index == len(path) - 1
            if segment == "":
                # "[]" appends: use the next free integer key.
                segment = str(len(node))
            if last:
                node[segment] = value
            else:
                child = node.get(segment)
                if not isinstance(child, dict):
                    child = {}
                    node[segment] = child
                node = child
    return _listify(root)


def count_leaves(value):
    if isinstance(value, dict):
        return sum(count_leaves(v) for v in value.values()) or 1
    if isinstance(value, list):
        return sum(count_leaves(v) for v in value) or 1
    return 1


def parse_body(content_type, raw, query=""):
    """Decode a request body into a :class:`ParsedBody`."""
    content_type = (content_type or "").split(";", 1)[0].strip().lower()
    parsed = ParsedBody()
    query_pairs = parse_qsl(query or "", keep_blank_values=True)
    if query_pairs:
        parsed.top.update(parse_brackets(query_pairs))
    text = raw.decode("utf-8", errors="replace") if raw else ""
    if not text.strip():
        return parsed
    looks_json = text.lstrip()[:1] in ("{", "[")
    if content_type == "application/json" or (
        looks_json and content_type not in ("application/x-www-form-urlencoded",)
    ):
        try:
            body = json.loads(text)
        except ValueError as exc:
            raise BodyError(f"Invalid JSON: {exc}") from exc
        parsed.kind = "json"
        parsed.raw_json = body
        parsed.input_vars = count_leaves(body)
        if isinstance(body, dict):
            if "data" in body:
                parsed.data = body["data"]
                parsed.wrapped = True
                parsed.top.update({k: v for k, v in body.items() if k != "data"})
            else:
                parsed.top.update(body)
        else:
            parsed.data = body
        return parsed
    if content_type.startswith("multipart/"):
        raise BodyError("multipart/form-data bodies are not supported")
    pairs = parse_qsl(text, keep_blank_values=True)
    parsed.input_vars = len(pairs)
    if len(pairs) == 1 and pairs[0][0] == "data":
        try:
            parsed.data = json.loads(pairs[0][1])
            parsed.kind = "form-json"
            parsed.wrapped = True
            return parsed
        except ValueError:
            pass
    tree = parse_brackets(pairs)
    parsed.kind = "form"
    if "data" in tree:
        parsed.data = tree.pop("data")
        parsed.wrapped = True
    parsed.top.update(tree)
    return parsed
