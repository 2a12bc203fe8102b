"""Keys and encryption of the municipalities' pages.

One secret per deployment (EEN_DELIVERY_SECRET, or a file named by
EEN_DELIVERY_SECRET_FILE, outside the repository), made at random (`load_secret` refuses
anything else: the page names are public, so a guessable secret could be found by trying),
gives, through HKDF-SHA256, for each
year and municipality code:

    key         32 bytes: the AES-256-GCM key, handed out in the link's fragment
    name        the page's file name: 128 bits, hex; unguessable, and it does not say whose
                page it is
    nonce key   for the nonce of AES-GCM (below)

The same secret always gives the same keys, names and pages, so builds stay
byte-identical; another secret gives other names and keys (this is how access is
revoked). AES-GCM must never use one nonce twice under one key, yet a page is sealed
anew at every build: the nonce is HMAC-SHA256(nonce key, plaintext) cut to 96 bits (the
"synthetic IV" construction), so it differs whenever the page does, and only the very
same page gets the same nonce (and so the same bytes). All primitives are those of the
`cryptography` package; none is written here.
"""

from __future__ import annotations

import base64
import os
import re
from pathlib import Path

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from helpers import paths

SECRET_ENV = "EEN_DELIVERY_SECRET"
SECRET_FILE_ENV = "EEN_DELIVERY_SECRET_FILE"
MAKE_ONE = "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
# What `MAKE_ONE` makes: 43 or more base64url characters (256 bits); a random one has
# about 30 different characters, so fewer than 20 means it was not made that way. Anyone
# may test guesses of the secret against the public page names, so a guessable one
# (a phrase, a repeated pattern) is refused.
SECRET_FORM = re.compile(r"[A-Za-z0-9_-]{43,}")
MIN_DISTINCT = 20
# Signs of a secret a person typed, found together in about 1 in 50,000 of those
# `MAKE_ONE` makes: a run of 5 characters stepping by one or repeating ("abcde", "43210",
# "aaaaa"); no capital or no small letter; more than 70% small letters (words; 41% is
# expected).
RUN = 5
MAX_LOWER = 0.7
SALT = b"een-tegen-eenzaamheid/gemeenten/v1"  # public: it separates these keys from any other use
KEY_BYTES = 32
NONCE_BYTES = 12
NAME_BYTES = 16


class SecretError(ValueError):
    """No usable secret; the message says how to set one (and never holds the secret)."""


def load_secret(environ: dict | None = None) -> bytes:
    """The deployment's secret, from EEN_DELIVERY_SECRET or the file EEN_DELIVERY_SECRET_FILE.

    Read from the process environment (the default), it is then taken out of it, so that
    no process started after this (kernels, Quarto, Typst) inherits it."""
    how = (
        f"set {SECRET_ENV}, or {SECRET_FILE_ENV} to a file outside the repository that "
        f"holds it, readable by you only (make one with: {MAKE_ONE}); docs/delivery.md"
    )
    env = os.environ if environ is None else environ
    text, source = env.get(SECRET_ENV, ""), SECRET_ENV
    if not text and env.get(SECRET_FILE_ENV):
        file = Path(env[SECRET_FILE_ENV]).expanduser().resolve()
        source = f"{SECRET_FILE_ENV} ({file})"
        if file.is_relative_to(paths.ROOT.resolve()):
            raise SecretError(
                f"{source} lies inside the repository, where it could be committed: {how}"
            )
        try:
            if file.stat().st_mode & 0o077:
                raise SecretError(f"{source} is readable by others (chmod 600 it): {how}")
            text = file.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise SecretError(f"{source} cannot be read ({type(err).__name__}): {how}") from None
    if environ is None:
        os.environ.pop(SECRET_ENV, None)
    text = text.strip()
    if not text:
        raise SecretError(f"no secret for the municipalities' pages: {how}")
    if not SECRET_FORM.fullmatch(text) or len(set(text)) < MIN_DISTINCT or _typed(text):
        raise SecretError(
            f"the secret of {source} is not one made at random (43 or more base64url "
            f"characters, such as {MAKE_ONE} gives): {how}"
        )
    return text.encode("ascii")


def _typed(text: str) -> bool:
    """Does `text` look typed by a person rather than made at random (see `RUN`)?"""
    steps = [ord(b) - ord(a) for a, b in zip(text, text[1:], strict=False)]
    runs = any(
        len(set(steps[i : i + RUN - 1])) == 1 and abs(steps[i]) <= 1
        for i in range(len(steps) - RUN + 2)
    )
    lower = sum(c.islower() for c in text)
    return runs or lower == 0 or not any(c.isupper() for c in text) or lower > MAX_LOWER * len(text)


def _derive(secret: bytes, purpose: str, year: int, code: str, length: int) -> bytes:
    info = f"{purpose}/{int(year)}/{code}".encode("ascii")
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=SALT, info=info).derive(secret)


def page_key(secret: bytes, year: int, code: str) -> bytes:
    return _derive(secret, "key", year, code, KEY_BYTES)


def page_name(secret: bytes, year: int, code: str) -> str:
    """The file stem of the page of `code` in `year`: 32 hex digits."""
    return _derive(secret, "name", year, code, NAME_BYTES).hex()


def key_text(key: bytes) -> str:
    """The key as it stands in a link: base64url without padding (43 characters)."""
    return base64.urlsafe_b64encode(key).rstrip(b"=").decode("ascii")


def encrypt(secret: bytes, year: int, code: str, plaintext: bytes) -> tuple[bytes, bytes]:
    """(nonce, ciphertext with its 16-byte tag) of `plaintext` under the page's key."""
    mac = hmac.HMAC(_derive(secret, "nonce", year, code, KEY_BYTES), hashes.SHA256())
    mac.update(plaintext)
    nonce = mac.finalize()[:NONCE_BYTES]
    return nonce, AESGCM(page_key(secret, year, code)).encrypt(nonce, plaintext, None)


def decrypt(key: bytes, nonce: bytes, ciphertext: bytes) -> bytes:
    """The plaintext (cryptography.exceptions.InvalidTag for a wrong key or changed bytes)."""
    return AESGCM(key).decrypt(nonce, ciphertext, None)
