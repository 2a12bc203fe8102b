"""Delivery: each municipality's monitor and factsheet on the public site, encrypted so
that only the holder of its link can read them (`python -m helpers.delivery`,
`make delivery`, `make handout`; `make site` adds them to every year it publishes).

    seal        the keys (HKDF from one secret per deployment, the year and the code) and
                the encryption (AES-256-GCM, `cryptography`); the secret's loading
    pages       a year's pages into <site>/<year>/gemeenten/: the plain monitor page (with
                its factsheet PDF and HTML as downloads) sealed into a page that opens in
                the browser (Web Crypto) with the key from the link's fragment; the check
                that nothing else is in that folder
    handout     the confidential list of links the bureau sends (reports/<year>/handout/)
    __main__    the command line

The threat model (who can read what, how links are sent and revoked) is in
docs/delivery.md. templates/ holds the page and its script.
"""
