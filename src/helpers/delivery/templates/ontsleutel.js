// Opens a municipality's sealed page (helpers.delivery.pages): AES-256-GCM with the Web
// Crypto API, the key taken from the link's fragment (#...), which a browser never sends
// to the server; or pasted into the form (the whole link or the key alone). The decrypted
// page (the monitor, with its factsheet) then takes the place of this one. A missing or wrong key,
// or changed bytes, only show a message: nothing of the page is there to show.
(function () {
  "use strict";
  const KEY_BYTES = 32;
  const $ = (id) => document.getElementById(id);
  const W = JSON.parse($("woorden").textContent);
  const P = JSON.parse($("versleuteld").textContent);
  const status = $("status");
  const form = $("sleutel-form");
  const input = $("sleutel");

  const fromBase64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

  // base64url without padding (as in the link) -> bytes; null for anything else
  function keyBytes(text) {
    if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
    const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
    try {
      return fromBase64(b64 + "===".slice((b64.length + 3) % 4));
    } catch (e) {
      return null;
    }
  }

  // What a mail or a paste puts around a link ("<...>", quotes, a full stop, spaces) is
  // never part of a key (base64url): taken off both ends.
  const bare = (text) => text.replace(/^[^A-Za-z0-9_-]+|[^A-Za-z0-9_-]+$/g, "");

  function ask(message) {
    status.textContent = message;
    form.hidden = false;
  }

  async function open(text) {
    if (!text) return ask(W.no_key);
    const raw = keyBytes(text);
    if (!raw || raw.length !== KEY_BYTES) return ask(W.wrong_key);
    if (!(window.crypto && window.crypto.subtle)) {
      status.textContent = W.no_crypto;
      return;
    }
    status.textContent = W.opening;
    let html;
    try {
      const key = await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["decrypt"]);
      const plain = await crypto.subtle.decrypt(
        { name: "AES-GCM", iv: fromBase64(P.iv) }, key, fromBase64(P.ct));
      html = new TextDecoder("utf-8", { fatal: true }).decode(plain);
    } catch (e) {
      return ask(W.wrong_key); // a wrong key and changed bytes fail alike (the GCM tag)
    }
    window.removeEventListener("hashchange", fromHash);
    show(html);
  }

  // The decrypted page in the place of this one. Its scripts, which a parsed document
  // does not run, are made anew so that they run, in their order (async = false).
  function show(html) {
    const page = new DOMParser().parseFromString(html, "text/html");
    // head and body in their places (replacing the whole <html> element would make the
    // browser look for /favicon.ico)
    document.head.replaceChildren(...[...page.head.childNodes].map((n) => document.adoptNode(n)));
    document.body.replaceWith(document.adoptNode(page.body));
    document.querySelectorAll("script[src]").forEach((old) => {
      const script = document.createElement("script");
      script.src = old.getAttribute("src");
      script.async = false;
      old.replaceWith(script);
    });
  }

  function fromHash() {
    let text = location.hash.slice(1);
    try {
      text = decodeURIComponent(text);
    } catch (e) {
      // left as it is: keyBytes refuses it
    }
    open(bare(text));
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const value = bare(input.value);
    const key = value.includes("#") ? value.slice(value.indexOf("#") + 1) : value;
    input.value = "";
    // the key into the address, as when the link is opened (no navigation: replaceState)
    history.replaceState(null, "", "#" + key);
    fromHash();
  });
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
