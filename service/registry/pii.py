"""The one place that reads or writes a member's personal data (ID number, phone).

Everything else handles members' numbers only through these functions, so the choice of
key, the encryption context bound to each column and the masks shown to staff cannot drift
apart between modules. The keys come from the running app's settings.
"""

from __future__ import annotations

from typing import Protocol, TypedDict

from service import settings
from service.registry.models import Member
from service.security import pii
from service.security.idcard import IdCard, parse_id_number

# The context binds a ciphertext to its column: an ID number's ciphertext copied into the
# phone column fails to decrypt instead of being shown as a phone.
_ID_CONTEXT = b"members.id_number"
_PHONE_CONTEXT = b"members.phone"


class SealedNumbers(Protocol):
    """What the readers below need: a `Member`, or a selected row carrying its sealed columns
    (hot reads select columns instead of building the model)."""

    @property
    def id_number_enc(self) -> bytes: ...
    @property
    def phone_enc(self) -> bytes | None: ...


class Masked(TypedDict):
    id_number: str
    phone: str | None


def set_id_number(member: Member, raw: str) -> IdCard:
    """Store the number encrypted and indexed; sex and birth date follow from it.

    Raises idcard.InvalidIdNumber (with a Chinese message) for a malformed number.
    """
    card = parse_id_number(raw)
    keys = settings.current()
    member.id_number_enc = pii.encrypt(card.number, keys.pii_key, context=_ID_CONTEXT)
    member.id_number_hash = pii.blind_index(card.number, keys.pii_index_key)
    member.sex = card.sex
    member.birth_date = card.birth_date
    return card


def set_phone(member: Member, raw: str | None) -> None:
    """Store the phone encrypted and indexed; None or blank clears it."""
    phone = pii.normalize_phone(raw) if raw else ""
    if not phone:
        member.phone_enc = None
        member.phone_hash = None
        return
    keys = settings.current()
    member.phone_enc = pii.encrypt(phone, keys.pii_key, context=_PHONE_CONTEXT)
    member.phone_hash = pii.blind_index(phone, keys.pii_index_key)


def id_number_of(member: SealedNumbers) -> str:
    return pii.decrypt(member.id_number_enc, settings.current().pii_key, context=_ID_CONTEXT)


def phone_of(member: SealedNumbers) -> str | None:
    if member.phone_enc is None:
        return None
    return pii.decrypt(member.phone_enc, settings.current().pii_key, context=_PHONE_CONTEXT)


def id_number_hash(raw: str) -> str:
    """The blind index of a typed number, for `Member.id_number_hash == id_number_hash(raw)`."""
    return pii.blind_index(pii.normalize_id_number(raw), settings.current().pii_index_key)


def phone_hash(raw: str) -> str:
    return pii.blind_index(pii.normalize_phone(raw), settings.current().pii_index_key)


def masked_id_number(member: SealedNumbers) -> str:
    """The masked ID number alone: lists of many people need no phone (one decryption, not two)."""
    return pii.mask_id_number(id_number_of(member))


def masked(member: SealedNumbers) -> Masked:
    phone = phone_of(member)
    return Masked(
        id_number=masked_id_number(member),
        phone=pii.mask_phone(phone) if phone is not None else None,
    )
