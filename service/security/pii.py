"""Personal data at rest: encryption, blind indexes for lookup, and masks for display.

ID numbers and phones are stored as AES-256-GCM ciphertext (`encrypt`) next to a keyed
hash (`blind_index`) that answers "is this number already registered?" without decrypting
every row. Responses show them only through the `mask_*` functions.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import unicodedata

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

# The first byte of every ciphertext names the scheme, so a future key or algorithm change
# can decrypt old rows while writing new ones.
_VERSION = b"\x01"
_NONCE_BYTES = 12
_KEY_BYTES = 32

_SEPARATORS = re.compile(r"[\s\-]+")
_CHINA_PREFIX = re.compile(r"^(?:\+86|0086)")


def _require_key(key: bytes) -> None:
    if len(key) != _KEY_BYTES:
        raise ValueError(f"PII keys must be {_KEY_BYTES} bytes, got {len(key)}")


def encrypt(plaintext: str, key: bytes, context: bytes = b"") -> bytes:
    """Encrypt `plaintext`; `context` (e.g. b"members.id_number") must be given again to decrypt."""
    _require_key(key)
    nonce = os.urandom(_NONCE_BYTES)
    # The version byte is authenticated too, so it cannot be flipped to reroute decryption.
    sealed = AESGCM(key).encrypt(nonce, plaintext.encode("utf-8"), _VERSION + context)
    return _VERSION + nonce + sealed


def decrypt(blob: bytes, key: bytes, context: bytes = b"") -> str:
    _require_key(key)
    if blob[:1] != _VERSION:
        raise ValueError("unknown PII ciphertext version")
    nonce, sealed = blob[1 : 1 + _NONCE_BYTES], blob[1 + _NONCE_BYTES :]
    try:
        plaintext = AESGCM(key).decrypt(nonce, sealed, _VERSION + context)
    except InvalidTag as exc:
        raise ValueError("PII ciphertext does not authenticate: wrong key, wrong context or tampered") from exc
    return plaintext.decode("utf-8")


def blind_index(value: str, key: bytes) -> str:
    """HMAC-SHA256 hex of the normalized value, for exact-match lookups.

    Keyed, because an ID number has so little entropy (region, birth date, three digits)
    that a plain hash could be reversed by enumeration. Use a key distinct from the
    encryption key. Upper-casing makes an ID number's final 'x' and 'X' index the same.
    """
    _require_key(key)
    return hmac.new(key, value.strip().upper().encode("utf-8"), hashlib.sha256).hexdigest()


def _compact(s: str) -> str:
    # NFKC turns full-width digits and letters typed with a Chinese input method into ASCII.
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", s))


def normalize_id_number(s: str) -> str:
    return _compact(s).upper()


def normalize_phone(s: str) -> str:
    return _CHINA_PREFIX.sub("", _compact(s))


def _mask(value: str, head: int, tail: int, full_length: int) -> str:
    """Keep `head` and `tail` characters of a well-formed value and star the rest.

    A value of any other length (a typo, a truncated import) keeps at most a quarter of
    its length at each end, so a mask never reveals more than half of an odd input.
    """
    n = len(value)
    if n != full_length:
        head, tail = min(head, n // 4), min(tail, n // 4)
    return value[:head] + "*" * (n - head - tail) + value[n - tail :]


def mask_id_number(s: str) -> str:
    """First 3 and last 4 kept, birth date hidden: 50010119900101123X -> 500***********123X."""
    return _mask(normalize_id_number(s), head=3, tail=4, full_length=18)


def mask_phone(s: str) -> str:
    """First 3 and last 4 kept, the form carriers and banks print: 13812345678 -> 138****5678."""
    return _mask(normalize_phone(s), head=3, tail=4, full_length=11)


def mask_name(s: str) -> str:
    """The first character (the surname) only, for public notice lists: 张三丰 -> 张**.

    Compound surnames (欧阳) keep only their first character too, revealing less rather than more.
    A one-character value is starred entirely so that no more than half is ever shown.
    """
    name = s.strip()
    if len(name) < 2:
        return "*" * len(name)
    return name[0] + "*" * (len(name) - 1)
