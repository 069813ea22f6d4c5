#!/usr/bin/env python3
"""The reference reader for Postie's differential check (issue #27).

An independent reading of each message, by Python's standard `email`
package (policy=default; compat32 where the default policy fails), that
mailview's differential test compares with what Postie's reader shows.
Standard library only: it runs wherever python3 does.

Usage: reference.py FILE...   prints one JSON object per line, per file:
  file, policy, subject, from, to ([group name or null, [[name,
  address]...]] for each group or lone address), date (UTC,
  RFC 3339, or null), parts: every leaf part with its path, type,
  disposition, file name, the alternative it belongs to, its text (for
  text/* parts; HTML reduced to its words) and the sha256 and size of its
  decoded bytes; a message/* part is listed too (container: true) before
  the parts of the message inside it, a message/rfc822 one with the
  sha256 and size of its bytes (the forwarded message as sent, its
  transfer encoding undone: see opaque_bytes); uuencoded files inside a text/plain
  part (old mailers' "begin 644 name") are listed as attachments (uu: true,
  decoded with binascii) and left out of its text; a multipart the
  reference could not split is one part (unsplit: true) with its text.
"""

import binascii
import email
import email.policy
import re
import hashlib
import html.parser
import json
import sys
from email.utils import getaddresses, parsedate_to_datetime
import datetime


class _Words(html.parser.HTMLParser):
    """The text of an HTML document, without scripts, styles or the head."""

    SKIP = {"script", "style", "head", "title"}
    # Tags that break the text (the others, <b>, <span>, <a>, join it).
    BREAK = {"br", "p", "div", "tr", "td", "th", "li", "h1", "h2", "h3", "h4", "h5", "h6",
             "blockquote", "table", "ul", "ol", "pre", "hr", "img", "body", "html", "dt", "dd"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.skip += 1
        if tag in self.BREAK:
            self.out.append(" ")

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.skip > 0:
            self.skip -= 1
        if tag in self.BREAK:
            self.out.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def html_words(s):
    p = _Words()
    try:
        p.feed(s)
        p.close()
    except Exception:  # a broken document: its text as it stands
        return s
    return "".join(p.out)


def header(msg, name):
    try:
        v = msg.get(name)
    except Exception:
        v = None
    if v is None:
        return None
    try:
        return str(v)
    except Exception:
        return None


def addresses(msg, name):
    try:
        h = msg.get(name)
        if h is None:
            return []
        if hasattr(h, "groups"):  # a group (RFC 5322 3.4) keeps its name
            return [[g.display_name, [[a.display_name, a.addr_spec] for a in g.addresses]] for g in h.groups]
        return [[None, [[n, a]]] for n, a in getaddresses([str(h)])]
    except Exception:
        return None


def date(msg):
    raw = header(msg, "Date")
    if raw is None:
        return None
    try:
        d = parsedate_to_datetime(raw)
    except Exception:
        return None
    if d is None:
        return None
    if d.tzinfo is None:  # -0000 or no zone: UTC, as RFC 5322 4.3 says
        d = d.replace(tzinfo=datetime.timezone.utc)
    return d.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def payload_bytes(part):
    try:
        b = part.get_payload(decode=True)
    except Exception:
        b = None
    if b is None:
        p = part.get_payload()
        b = p.encode("utf-8", "surrogateescape") if isinstance(p, str) else b""
    return b


def text_of(part, data):
    try:
        s = part.get_content()
        if isinstance(s, bytes):
            s = None
    except Exception:
        s = None
    if s is None:
        cs = part.get_content_charset() or "us-ascii"
        try:
            s = data.decode(cs)
        except Exception:
            s = data.decode("utf-8", "replace")
    if part.get_content_type() == "text/html":
        s = html_words(s)
    return s


UU = re.compile(r"^begin [0-7]{3,4} ?([^\r\n]*)\r?\n(.*?)^end[ \t\r]*$\n?", re.M | re.S)


def uudecode(block):
    out = b""
    for line in block.splitlines():
        if not line.strip():
            continue
        n = (line[0] - 32) & 63
        try:
            out += binascii.a2b_uu(line)
        except binascii.Error:  # the usual workaround for trailing garbage
            out += binascii.a2b_uu(line[: ((n * 4 + 5) // 3) + 1])
    return out


def uuencoded(path, text, out):
    """Old mailers' uuencoded files inside a text: listed as attachments
    (uu: true), and taken out of the text."""
    for k, m in enumerate(UU.finditer(text)):
        data = uudecode(m.group(2).encode("latin-1", "replace"))
        out.append({"path": path + "/uu" + str(k), "type": "", "disposition": "attachment", "name": m.group(1).strip(),
                    "alt": "", "sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "uu": True})
    return UU.sub("", text)


def disposition(part):
    try:
        d = part.get_content_disposition()
    except Exception:
        d = None
    return d or ""


def filename(part):
    try:
        n = part.get_filename()
    except Exception:
        n = None
    if n is None:
        return ""
    return str(n)


# The email package keeps no bytes of a message/rfc822 part: it parses
# the message inside, and writing it back changes it (folding, blank
# lines). opaque_bytes parses the message again with every message/rfc822
# (and multipart/digest, whose parts are message/rfc822 by default) type
# made unknown by one changed letter, so that part is an ordinary leaf
# whose decoded payload is the forwarded message's bytes; the letter is
# put back in those bytes. A message nested in another is found inside
# the outer one's bytes, the same way.
OPAQUE = re.compile(rb"(?i)(content-type[ \t]*:\s*)(messag|multipart\s*/\s*diges)([eEtT])(\s*/\s*rfc822|)")
MARKS = {b"e": b"\x7f", b"E": b"\x1f", b"t": b"\x1e", b"T": b"\x1d"}


def _opaque_leaves(raw, policy):
    marked = OPAQUE.sub(lambda m: m.group(1) + m.group(2) + MARKS[m.group(3)] + m.group(4), raw)
    out = {}

    def walk(m, path):
        if m.is_multipart():
            sub = m.get_payload()
            for i, p in enumerate(sub if isinstance(sub, list) else []):
                walk(p, path + [str(i)])
            return
        b = payload_bytes(m)
        for letter, mark in MARKS.items():
            b = re.sub(rb"(?i)(messag|diges)" + re.escape(mark), lambda x: x.group(1) + letter, b)
        out[".".join(path)] = b

    walk(email.message_from_bytes(marked, policy=policy), [])
    return out


def opaque_bytes(raw, policy, path):
    """The bytes of the message/rfc822 part at path (a list of part
    numbers, as leaves numbers them), or None."""
    leaves_ = _opaque_leaves(raw, policy)
    if ".".join(path) in leaves_:
        return leaves_[".".join(path)]
    for k in range(len(path) - 1, -1, -1):  # inside a forwarded message: its part 0 is the message
        pre = ".".join(path[:k])
        if pre in leaves_ and path[k] == "0":
            return opaque_bytes(leaves_[pre], policy, path[k + 1:])
    return None


def leaves(msg, path, alt, out):
    ct = msg.get_content_type()
    if msg.get_content_maintype() == "message" and msg.is_multipart():
        out.append({"path": ".".join(path), "type": ct, "container": True,
                    "disposition": disposition(msg), "name": filename(msg), "alt": alt})
    if msg.is_multipart():
        sub = msg.get_payload()
        if not isinstance(sub, list):
            sub = []
        if ct == "multipart/alternative":
            alt = ".".join(path) or "top"
        for i, p in enumerate(sub):
            leaves(p, path + [str(i)], alt, out)
        return
    data = payload_bytes(msg)
    d = {
        "path": ".".join(path),
        "type": ct,
        "disposition": disposition(msg),
        "name": filename(msg),
        "alt": alt,
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
    }
    if msg.get_content_maintype() == "text":
        d["text"] = text_of(msg, data)
    elif msg.get_content_maintype() == "multipart":  # its parts could not be found
        d["unsplit"] = True
        d["text"] = data.decode("utf-8", "replace")
    out.append(d)
    if d.get("text") is not None and d["disposition"] != "attachment" and ct == "text/plain":
        d["text"] = uuencoded(d["path"], d["text"], out)


def read(path):
    with open(path, "rb") as f:
        raw = f.read()
    if raw.startswith(b"From "):  # an mbox From_ line is no header
        raw = raw.split(b"\n", 1)[1] if b"\n" in raw else b""
    for name, pol in (("default", email.policy.default), ("compat32", email.policy.compat32)):
        try:
            msg = email.message_from_bytes(raw, policy=pol)
            r = {
                "policy": name,
                "subject": header(msg, "Subject"),
                "from": addresses(msg, "From"),
                "to": addresses(msg, "To"),
                "date": date(msg),
                "parts": [],
            }
            leaves(msg, [], "", r["parts"])
            for p in r["parts"]:
                if p.get("container") and p["type"] == "message/rfc822":
                    b = opaque_bytes(raw, pol, p["path"].split(".") if p["path"] else [])
                    if b is not None:
                        p["sha256"], p["size"] = hashlib.sha256(b).hexdigest(), len(b)
            return r
        except Exception as e:  # the next policy, or none at all
            err = repr(e)
    return {"policy": "none", "error": err}


def main():
    for p in sys.argv[1:]:
        r = read(p)
        r["file"] = p
        print(json.dumps(r, ensure_ascii=False))


if __name__ == "__main__":
    main()
