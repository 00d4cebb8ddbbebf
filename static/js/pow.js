// Proof of work for anonymous forms: loads the self-hosted ALTCHA widget with
// its Japanese strings and registers the PBKDF2 worker (the "external" build
// ships no inline workers or styles, so a strict CSP can allow it).
// The worker's URL comes from this script tag's data-pbkdf2-worker attribute.
import "./altcha/ja.js";
import "./altcha/altcha.min.js";

const script = document.querySelector("script[data-pbkdf2-worker]");
const workerUrl = script ? script.dataset.pbkdf2Worker : new URL("./altcha/pbkdf2.js", import.meta.url).href;
for (const algorithm of ["PBKDF2/SHA-256", "PBKDF2/SHA-384", "PBKDF2/SHA-512"]) {
  globalThis.$altcha.algorithms.set(algorithm, () => new Worker(workerUrl));
}
