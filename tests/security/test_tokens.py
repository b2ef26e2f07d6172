import base64
import hashlib
import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from service.security import tokens
from service.security.tokens import (
    TokenExpired,
    TokenInvalid,
    hash_refresh_token,
    issue_access_token,
    new_refresh_token,
    verify_access_token,
)

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
OLD = ("k1", "old-secret-for-tests-0123456789abcdef")
NEW = ("k2", "new-secret-for-tests-0123456789abcdef")
KEYS = [OLD]


def issue(**overrides):
    args = {"subject": "42", "audience": "resident", "family_id": "f" * 32, "keys": KEYS, "now": NOW}
    return issue_access_token(**{**args, **overrides})


def verify(token, **overrides):
    args = {"audience": "resident", "keys": KEYS, "now": NOW}
    return verify_access_token(token, **{**args, **overrides})


def b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def signed_by_hand(payload: dict, secret: str = OLD[1], kid: str = OLD[0]) -> str:
    return jwt.encode(payload, secret, algorithm="HS256", headers={"kid": kid})


def valid_payload(**overrides) -> dict:
    issued = int(NOW.timestamp())
    payload = {
        "iss": "anju",
        "sub": "42",
        "aud": "resident",
        "iat": issued,
        "exp": issued + 900,
        "jti": "j1",
        "fid": "f1",
    }
    return {**payload, **overrides}


def test_issued_token_verifies_with_its_claims():
    claims = verify(issue(claims={"role": "clerk", "regions": ["500101"]}, audience="staff"), audience="staff")
    issued = int(NOW.timestamp())
    assert claims["iss"] == "anju"
    assert claims["sub"] == "42"
    assert claims["aud"] == "staff"
    assert claims["iat"] == claims["nbf"] == issued
    assert claims["exp"] == issued + 15 * 60
    assert len(claims["jti"]) == 32
    assert claims["fid"] == "f" * 32
    assert claims["role"] == "clerk"
    assert claims["regions"] == ["500101"]


def test_header_names_the_signing_key_and_hs256():
    header = jwt.get_unverified_header(issue(keys=[NEW, OLD]))
    assert header["kid"] == "k2"
    assert header["alg"] == "HS256"


def test_every_token_gets_its_own_jti():
    assert verify(issue())["jti"] != verify(issue())["jti"]


def test_ttl_sets_expiry():
    assert verify(issue(ttl=timedelta(minutes=5)))["exp"] == int(NOW.timestamp()) + 300


def test_token_signed_by_old_key_verifies_while_both_keys_are_configured():
    token = issue(keys=[OLD])
    assert verify(token, keys=[NEW, OLD])["sub"] == "42"


def test_token_signed_by_old_key_fails_once_the_old_key_is_removed():
    token = issue(keys=[OLD])
    with pytest.raises(TokenInvalid):
        verify(token, keys=[NEW])


def test_new_tokens_are_signed_by_the_first_key():
    token = issue(keys=[NEW, OLD])
    assert verify(token, keys=[NEW])["sub"] == "42"


def test_unknown_kid_is_rejected():
    token = signed_by_hand(valid_payload(), kid="k9")
    with pytest.raises(TokenInvalid):
        verify(token)


def test_missing_kid_is_rejected():
    token = jwt.encode(valid_payload(), OLD[1], algorithm="HS256")
    with pytest.raises(TokenInvalid):
        verify(token)


def test_alg_none_is_rejected():
    token = f"{b64({'alg': 'none', 'typ': 'JWT', 'kid': 'k1'})}.{b64(valid_payload())}."
    with pytest.raises(TokenInvalid):
        verify(token)


def test_other_hmac_algorithm_is_rejected():
    long_secret = "s" * 64  # long enough that PyJWT does not warn about HS512
    token = jwt.encode(valid_payload(), long_secret, algorithm="HS512", headers={"kid": "k1"})
    with pytest.raises(TokenInvalid):
        verify(token, keys=[("k1", long_secret)])


def test_wrong_audience_is_rejected():
    with pytest.raises(TokenInvalid):
        verify(issue(audience="resident"), audience="staff")


def test_audience_list_containing_ours_is_rejected():
    token = signed_by_hand(valid_payload(aud=["resident", "staff"]))
    with pytest.raises(TokenInvalid):
        verify(token, audience="staff")


def test_wrong_issuer_is_rejected():
    with pytest.raises(TokenInvalid):
        verify(signed_by_hand(valid_payload(iss="someone-else")))


@pytest.mark.parametrize("claim", ["exp", "iat", "sub", "aud", "iss", "jti", "fid"])
def test_missing_required_claim_is_rejected(claim):
    payload = valid_payload()
    del payload[claim]
    with pytest.raises(TokenInvalid):
        verify(signed_by_hand(payload))


def test_a_login_id_that_is_not_a_string_is_rejected():
    with pytest.raises(TokenInvalid):
        verify(signed_by_hand(valid_payload(fid=["f1"])))


def test_hand_signed_valid_token_verifies():
    assert verify(signed_by_hand(valid_payload()))["jti"] == "j1"


def test_expired_token_raises_token_expired():
    token = issue()
    with pytest.raises(TokenExpired, match="过期"):
        verify(token, now=NOW + timedelta(minutes=15, seconds=11))


def test_just_expired_token_is_accepted_within_leeway():
    assert verify(issue(), now=NOW + timedelta(minutes=15, seconds=9))["sub"] == "42"


def test_expiry_is_judged_by_the_given_now_not_the_real_time():
    long_ago = datetime(2001, 1, 1, tzinfo=UTC)
    assert verify(issue(now=long_ago), now=long_ago)["sub"] == "42"


def test_token_issued_in_the_future_beyond_leeway_is_rejected():
    token = issue(now=NOW + timedelta(seconds=11))
    with pytest.raises(TokenInvalid) as caught:
        verify(token)
    assert not isinstance(caught.value, TokenExpired)


def test_token_issued_slightly_in_the_future_is_accepted_within_leeway():
    assert verify(issue(now=NOW + timedelta(seconds=9)))["sub"] == "42"


def test_not_yet_valid_token_is_rejected():
    token = signed_by_hand(valid_payload(nbf=int(NOW.timestamp()) + 60))
    with pytest.raises(TokenInvalid):
        verify(token)


def test_non_numeric_time_claim_is_rejected():
    with pytest.raises(TokenInvalid):
        verify(signed_by_hand(valid_payload(exp="tomorrow")))


def test_tampered_payload_is_rejected():
    header, _, signature = issue().split(".")
    forged = valid_payload(sub="1")
    with pytest.raises(TokenInvalid):
        verify(f"{header}.{b64(forged)}.{signature}")


def test_token_signed_with_another_secret_under_our_kid_is_rejected():
    token = signed_by_hand(valid_payload(), secret="attacker-secret-0123456789abcdefghij")
    with pytest.raises(TokenInvalid):
        verify(token)


@pytest.mark.parametrize("garbage", ["", "not-a-token", "a.b.c", "...."])
def test_garbage_is_rejected(garbage):
    with pytest.raises(TokenInvalid):
        verify(garbage)


def test_extra_claims_may_not_override_registered_claims():
    with pytest.raises(ValueError, match="aud"):
        issue(claims={"aud": "staff"})


def test_unknown_audience_cannot_be_issued():
    with pytest.raises(ValueError):
        issue(audience="admin")


def test_naive_now_is_refused():
    with pytest.raises(ValueError):
        issue(now=NOW.replace(tzinfo=None))
    with pytest.raises(ValueError):
        verify(issue(), now=NOW.replace(tzinfo=None))


def test_refresh_tokens_are_random_and_url_safe():
    first, second = new_refresh_token(), new_refresh_token()
    assert first != second
    assert len(first) >= 43
    assert set(first) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def test_refresh_token_hash_is_sha256_hex():
    token = new_refresh_token()
    assert hash_refresh_token(token) == hashlib.sha256(token.encode()).hexdigest()
    assert hash_refresh_token(token) != hash_refresh_token(new_refresh_token())


# The per-process cache of verified tokens (issue 16): it saves the signature check, never a check.


@pytest.fixture
def signature_checks(monkeypatch):
    """How many times a signature was really checked, from an empty cache."""
    tokens._signed_claims.cache_clear()
    checks = []
    decode = jwt.decode

    def counted_decode(*args, **kwargs):
        checks.append(args[0])
        return decode(*args, **kwargs)

    monkeypatch.setattr(tokens.jwt, "decode", counted_decode)
    yield checks
    tokens._signed_claims.cache_clear()


def test_a_token_used_again_is_not_checked_again(signature_checks):
    token = issue()
    assert verify(token)["sub"] == verify(token)["sub"] == "42"
    assert len(signature_checks) == 1


def test_an_expired_token_is_refused_even_when_its_signature_was_cached(signature_checks):
    token = issue()
    verify(token)
    with pytest.raises(TokenExpired):
        verify(token, now=NOW + timedelta(minutes=15, seconds=11))
    assert len(signature_checks) == 1


def test_a_cached_token_is_still_refused_for_the_other_audience(signature_checks):
    token = issue()
    verify(token)
    with pytest.raises(TokenInvalid, match="不适用"):
        verify(token, audience="staff")


def test_a_cached_token_is_refused_once_its_key_is_removed(signature_checks):
    token = issue(keys=[OLD])
    assert verify(token, keys=[NEW, OLD])["sub"] == "42"
    with pytest.raises(TokenInvalid, match="密钥"):
        verify(token, keys=[NEW])


def test_a_tampered_copy_of_a_cached_token_is_checked_and_refused(signature_checks):
    token = issue()
    verify(token)
    header, _, signature = token.split(".")
    forged = f"{header}.{b64(valid_payload(sub='1'))}.{signature}"
    for _ in range(2):
        with pytest.raises(TokenInvalid):
            verify(forged)
    assert signature_checks == [token, forged, forged]


def test_changing_the_claims_handed_out_does_not_change_the_cached_ones(signature_checks):
    token = issue()
    verify(token)["sub"] = "1"
    assert verify(token)["sub"] == "42"


def test_the_cache_keeps_a_bounded_number_of_tokens(signature_checks):
    for _ in range(tokens.SIGNED_CLAIMS_CACHED + 10):
        verify(issue())
    assert tokens._signed_claims.cache_info().currsize == tokens.SIGNED_CLAIMS_CACHED
