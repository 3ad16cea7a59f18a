"""The Swahili catalogue is complete: every visible string in the code and templates has a
translation, with the same placeholders."""
import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}


def source_messages() -> set[str]:
    method_map, options_map = parse_mapping_cfg(open(ROOT / "babel.cfg", encoding="utf-8"))
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=KEYWORDS
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_visible_string_is_translated_into_swahili():
    catalogue = read_po(open(ROOT / "translations/sw/LC_MESSAGES/messages.po", "rb"))
    translated = {m.id[0] if isinstance(m.id, tuple) else m.id: m for m in catalogue if m.id}
    missing = sorted(source_messages() - set(translated))
    assert missing == [], f"run `make update-messages` and translate: {missing[:10]}"
    empty = [k for k, m in translated.items() if not (all(m.string) if isinstance(m.string, tuple) else m.string)]
    assert empty == [], f"untranslated: {empty[:10]}"


def test_placeholders_survive_translation():
    catalogue = read_po(open(ROOT / "translations/sw/LC_MESSAGES/messages.po", "rb"))
    pattern = re.compile(r"%\(\w+\)[sd]|%\(\w+\)\.\d+f")
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(pattern.findall(ids[-1]))
        for string in strings:
            assert set(pattern.findall(string)) <= wanted | set(pattern.findall(ids[0])), message.id
            assert wanted - {"%(num)d"} <= set(pattern.findall(string)) | {"%(num)d"}, message.id
