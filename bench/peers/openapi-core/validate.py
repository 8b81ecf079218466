#!/usr/bin/env python3
"""Peer benchmark: validate the exchanges of a HAR file against an OpenAPI spec with openapi-core.

Usage: validate.py [--limit N] [--top N] SPEC HAR

The clock starts after the spec is loaded (timed on its own); it covers reading the HAR, decoding each entry's
JSON (one entry at a time, so --limit stops early and memory stays flat) and validating its request and
response. MB/s counts the characters of the entries' JSON text processed (bytes, for an ASCII HAR). Security
requirements are not checked (the request validator's security step is replaced by one that accepts everything).
"""

import argparse
import base64
import collections
import json
import sys
import time
from urllib.parse import parse_qsl, urlsplit

from openapi_core import Config, OpenAPI, V30RequestValidator
from openapi_core.datatypes import RequestParameters
from openapi_core.templating.paths.exceptions import PathError
from werkzeug.datastructures import Headers, ImmutableMultiDict  # a dependency of openapi-core

MUTATION_HEADER = "X-Bench-Mutation"  # marks exchanges with a seeded mistake in the project's generated HARs


class AnyAuthRequestValidator(V30RequestValidator):
    """Request validator whose security step accepts every request."""

    def _get_security(self, parameters, operation):
        return {}


class HARRequest:
    """openapi_core.protocols.Request over a HAR request."""

    def __init__(self, har):
        url = urlsplit(har["url"])
        self.host_url = f"{url.scheme}://{url.netloc}"
        self.path = url.path
        self.method = har["method"].lower()
        headers = Headers([(h["name"], h["value"]) for h in har.get("headers", [])])
        post = har.get("postData") or {}
        self.body = post.get("text", "").encode() or None
        self.content_type = headers.get("Content-Type") or post.get("mimeType") or ""
        cookies = ImmutableMultiDict([(c["name"], c["value"]) for c in har.get("cookies", [])])
        query = ImmutableMultiDict(parse_qsl(url.query, keep_blank_values=True))
        self.parameters = RequestParameters(query=query, header=headers, cookie=cookies)
        self.mutation = headers.get(MUTATION_HEADER, "")


class HARResponse:
    """openapi_core.protocols.Response over a HAR response."""

    def __init__(self, har):
        self.status_code = har["status"]
        self.headers = Headers([(h["name"], h["value"]) for h in har.get("headers", [])])
        content = har.get("content") or {}
        text = content.get("text", "")
        self.data = base64.b64decode(text) if content.get("encoding") == "base64" else text.encode()
        self.content_type = self.headers.get("Content-Type") or content.get("mimeType") or ""


class JSONStream:
    """Decodes consecutive JSON values from a text file, holding only a window of it in memory."""

    CHUNK = 1 << 20

    def __init__(self, f):
        self.f, self.text, self.pos, self.eof = f, "", 0, False
        self.decoder = json.JSONDecoder()

    def _more(self):
        if self.pos > self.CHUNK:  # drop what has been consumed
            self.text, self.pos = self.text[self.pos :], 0
        chunk = self.f.read(max(self.CHUNK, len(self.text)))  # doubles the window for a value larger than it
        self.eof = not chunk
        self.text += chunk
        return not self.eof

    def peek(self):
        """The next character that is not white space ("" at the end)."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.text) or not self._more():
                return self.text[self.pos : self.pos + 1]

    def expect(self, char):
        if self.peek() != char:
            raise ValueError(f"expected {char!r}")
        self.pos += 1

    def value(self):
        """The next value and the number of characters of its JSON text."""
        self.peek()
        while True:
            try:
                value, end = self.decoder.raw_decode(self.text, self.pos)
                if end < len(self.text) or self.eof:  # a number at the window's end may go on
                    break
            except json.JSONDecodeError:
                if self.eof:
                    raise
            self._more()
        size, self.pos = end - self.pos, end
        return value, size

    def enter_key(self, key):
        """Consume an object's opening brace and members up to the value of key."""
        self.expect("{")
        while True:
            name, _ = self.value()
            self.expect(":")
            if name == key:
                return
            self.value()
            if self.peek() != ",":
                raise ValueError(f"no {key!r} member")
            self.pos += 1


def entries(f):
    """Yield (entry, characters of its JSON text) for each of log.entries, decoding one entry at a time."""
    stream = JSONStream(f)
    stream.enter_key("log")
    stream.enter_key("entries")
    stream.expect("[")
    if stream.peek() == "]":
        return
    while True:
        yield stream.value()
        if stream.peek() == "]":
            return
        stream.expect(",")


def message(err):
    """One line naming an error and its cause, cut to a length that still groups similar errors."""
    cause = err.__cause__
    inner = getattr(cause, "schema_errors", None)
    if inner:
        # Both messages embed the whole value: name the first schema error's keyword and place instead.
        first = inner[0]
        where = "/" + "/".join("*" if isinstance(p, int) else str(p) for p in first.absolute_path)
        text = f"{type(err).__name__} <- {type(cause).__name__}: {first.validator!r} failed at {where}"
        if len(first.message) <= 60:
            text += f": {first.message}"
    else:
        text = f"{type(err).__name__}: {err}"
        if cause is not None:
            text += f" <- {type(cause).__name__}: {cause}"
    text = text.splitlines()[0] if text else text
    return text if len(text) <= 160 else text[:160] + "…"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec")
    parser.add_argument("har")
    parser.add_argument("--limit", type=int, default=0, help="validate only the first N entries (default: all)")
    parser.add_argument("--top", type=int, default=5, help="how many of the most common error messages to print")
    args = parser.parse_args()

    load_start = time.perf_counter()
    config = Config(spec_validator_cls=None, request_validator_cls=AnyAuthRequestValidator)
    openapi = OpenAPI.from_file_path(args.spec, config=config)
    spec_seconds = time.perf_counter() - load_start

    n = flagged = route_not_found = request_errors = response_errors = marked = flagged_marked = 0
    nbytes = 0
    messages = collections.Counter()
    unmarked_messages = collections.Counter()
    missed_kinds = collections.Counter()

    with open(args.har, encoding="utf-8") as har:
        start = time.perf_counter()
        for entry, size in entries(har):
            if args.limit and n >= args.limit:
                break
            n += 1
            nbytes += size
            request = HARRequest(entry["request"])
            found = []
            no_route = False
            for err in openapi.iter_request_errors(request):
                found.append(err)
                no_route = no_route or isinstance(err, PathError)
            if no_route:
                route_not_found += 1
            else:
                request_errors += bool(found)
                response_found = list(openapi.iter_response_errors(request, HARResponse(entry["response"])))
                if response_found:
                    response_errors += 1
                    found += response_found
            if request.mutation:
                marked += 1
            if found:
                flagged += 1
                flagged_marked += bool(request.mutation)
                for err in found:
                    key = message(err)
                    messages[key] += 1
                    if not request.mutation:
                        unmarked_messages[key] += 1
            elif request.mutation:
                missed_kinds[request.mutation] += 1
        seconds = time.perf_counter() - start

    mb = nbytes / 1e6
    print(
        f"openapi-core: exchanges={n} flagged={flagged} route_not_found={route_not_found} "
        f"request_errors={request_errors} response_errors={response_errors} seconds={seconds:.2f} "
        f"exchanges_per_s={n / seconds:.0f} mb_per_s={mb / seconds:.2f} har_mb={mb:.1f} "
        f"spec_load_s={spec_seconds:.2f} limit={args.limit or 'none'}"
    )
    if marked:
        print(
            f"openapi-core: marked (seeded mistakes)={marked} flagged among them={flagged_marked}; "
            f"flagged among the {n - marked} unmarked={flagged - flagged_marked}"
        )
        print(f"openapi-core: marked but not flagged, by kind: {dict(missed_kinds)}")
    if messages and args.top > 0:
        print("  most common errors (count, of which on unmarked exchanges):")
    for key, count in messages.most_common(args.top):
        print(f"  {count:6d} {unmarked_messages[key]:6d}  {key}")


if __name__ == "__main__":
    sys.exit(main())
