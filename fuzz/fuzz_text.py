"""The text reader (``parse_text``) on any text: libFuzzer's bytes decoded as UTF-8 (bad
bytes replaced), mutated line-wise like real reports get mangled half the time.
Seeds: ``fuzz/corpus/text`` (``make_corpus.py``)."""

from __future__ import annotations

import harness
from harness import atheris

with atheris.instrument_imports():
    from gongkai.core import parse_text


def read(data: bytes):
    return parse_text(data.decode("utf-8", errors="replace"), source="<fuzz>")


def structured(chooser, data: bytes) -> bytes:
    from mutations import mutate_text

    return mutate_text(chooser, data.decode("utf-8", errors="replace"))[0].encode(
        "utf-8", "surrogatepass"
    )


if __name__ == "__main__":
    harness.main(harness.contract("text", read), harness.custom_mutator(structured))
