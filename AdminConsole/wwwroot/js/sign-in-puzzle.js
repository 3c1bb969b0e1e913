// Solves the sign-in page's proof-of-work puzzle (see SignInPuzzle): finds a number n such that
// SHA-256(challenge + "." + n) starts with `difficulty` zero bits, puts "challenge.n" in the form's hidden field,
// and, after a busy answer, sends the form again. A submit made while it is still solving waits for it.

function hasZeroBits(hash, bits) {
    const bytes = new Uint8Array(hash);
    let i = 0;
    for (; bits >= 8; bits -= 8, i++) {
        if (bytes[i] !== 0) return false;
    }
    return bits === 0 || (bytes[i] >> (8 - bits)) === 0;
}

async function solve(challenge, difficulty) {
    const encoder = new TextEncoder();
    const batch = 256;
    for (let start = 0; ; start += batch) {
        const tries = [];
        for (let n = start; n < start + batch; n++) {
            tries.push(crypto.subtle.digest("SHA-256", encoder.encode(`${challenge}.${n}`)));
        }
        const hashes = await Promise.all(tries);
        const found = hashes.findIndex(h => hasZeroBits(h, difficulty));
        if (found >= 0) return `${challenge}.${start + found}`;
    }
}

async function run() {
    const field = document.querySelector("input[data-puzzle]");
    if (!field || field.dataset.solving) return;
    field.dataset.solving = "true";
    const form = field.form;
    const status = document.getElementById("puzzle-status");
    let submitWhenSolved = field.dataset.resubmit === "true";
    const hold = e => {
        if (!field.value) {
            e.preventDefault();
            submitWhenSolved = true;
        }
    };
    form.addEventListener("submit", hold);
    const started = performance.now();
    field.value = await solve(field.dataset.puzzle, Number(field.dataset.difficulty));
    form.removeEventListener("submit", hold);
    if (status) status.textContent = `Check done in ${Math.round(performance.now() - started)} ms.`;
    if (submitWhenSolved) form.requestSubmit();
}

run();
// The page may arrive through Blazor's enhanced navigation instead of a full load.
window.Blazor?.addEventListener?.("enhancedload", run);

export { solve, hasZeroBits };
