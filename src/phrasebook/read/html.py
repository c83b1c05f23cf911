"""Visible text of an HTML page, one block element per line, with entities decoded."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

_INVISIBLE = "head, script, style, noscript, template, rt, rp"  # rt, rp: ruby annotations (pinyin over characters)
_BLOCKS = "p, div, li, h1, h2, h3, h4, h5, h6, tr, td, th, blockquote, pre, section, article, br"


def html_to_text(html: str) -> str:
    """Visible text with block boundaries as line breaks (a real parser, not regexes)."""
    tree = LexborHTMLParser(html)
    for node in tree.css(_INVISIBLE):
        node.decompose()
    for node in tree.css(_BLOCKS):
        node.insert_after("\n")
    root = tree.body or tree.root
    text = root.text(deep=True, separator="") if root is not None else ""
    lines = (line.replace("\xa0", " ").strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)
