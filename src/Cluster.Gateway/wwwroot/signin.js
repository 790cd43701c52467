// The sign-in page: the gateway sends the browser back here with ?failed=1 after an unknown key.
// A gateway without keys has nothing to sign in to (the session route answers without one): go on.
"use strict";
document.getElementById("failed").hidden = !new URLSearchParams(location.search).has("failed");
fetch("/dashboard/api/session")
  .then((response) => (response.ok ? response.json() : null))
  .then((session) => { if (session && !session.keys) location.replace("/"); })
  .catch(() => {});
