"""Staff passwords: argon2id hashes and the password policy."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# argon2-cffi's defaults are RFC 9106's low-memory profile (argon2id, 64 MiB, t=3, p=4).
_hasher = PasswordHasher()

MIN_LENGTH = 8
# argon2 hashes any length, unlike bcrypt's 72 bytes; the cap only bounds work per login.
MAX_LENGTH = 128
# The policy as the OpenAPI document states it (with minLength/maxLength) for a new password.
POLICY = (
    f"新密码 {MIN_LENGTH}–{MAX_LENGTH} 个字符，包含小写字母、大写字母、数字、符号（任何非字母数字的字符，含汉字）"
    "中的至少三种；不符合时答 422 `password_too_weak`，`errors` 列出每一条。"
)
_CLASSES = (re.compile(r"[a-z]"), re.compile(r"[A-Z]"), re.compile(r"[0-9]"), re.compile(r"[^a-zA-Z0-9]"))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """False on a wrong password and on a stored hash that cannot be read; never raises,
    so a corrupt row refuses the login instead of failing the request."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Call after a successful verify; True when the hash predates the current parameters."""
    return _hasher.check_needs_rehash(password_hash)


def password_problems(password: str) -> list[str]:
    """Every rule the password breaks, in Chinese, so the form can list them all at once.

    "Symbols" is anything that is not an ASCII letter or digit, Chinese characters included.
    """
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(f"密码至少需要 {MIN_LENGTH} 个字符")
    if len(password) > MAX_LENGTH:
        problems.append(f"密码不能超过 {MAX_LENGTH} 个字符")
    if sum(1 for pattern in _CLASSES if pattern.search(password)) < 3:
        problems.append("密码需要包含小写字母、大写字母、数字、符号中的至少三种")
    return problems
