// The sign-in page: the gateway sends the browser back here with ?failed=1 after an unknown key.
"use strict";
document.getElementById("failed").hidden = !new URLSearchParams(location.search).has("failed");
