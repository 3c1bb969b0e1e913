// The dark-mode button of every page, and the menu button of a console page rendered statically (the dashboard),
// which has no circuit for its layout: the drawer's classes are switched here, as MudBlazor's own component would.
// Listening on the document keeps working across enhanced navigation; the drawer is applied again after an
// enhanced refresh (the dashboard's live island asks for one when figures change), which renders the layout anew.
//
// Dark mode: the dark palette is a style sheet whose media follows the system until the admin chooses
// (Components/Layout/SystemDarkTheme.cs). The button switches that media and keeps the choice in a cookie, so
// the server renders every later page, static or interactive, with it from the first paint.

const drawerOpenOnLayout = "mud-drawer-open-responsive-md-left";
let drawerShown = null; // null: as rendered (open on a wide screen, hidden on a narrow one)
const colorSchemeCookie = "ConsoleColorScheme"; // SystemDarkTheme.CookieName

function drawerIsShown(drawer) {
    // On a narrow screen the first render hides the drawer with mud-drawer--initial while it says open.
    return drawer.classList.contains("mud-drawer--open") && getComputedStyle(drawer).display !== "none";
}

// Below the md breakpoint the responsive drawer lies over the page: the page behind it is dimmed with the overlay
// MudBlazor's drawer renders on an interactive page (its CSS shows it at those widths only); a click on it closes
// the drawer.

function applyDrawer() {
    const drawer = document.querySelector(".mud-drawer[data-drawer]");
    if (!drawer || drawerShown === null) return;
    drawer.classList.remove("mud-drawer--initial");
    drawer.classList.toggle("mud-drawer--open", drawerShown);
    drawer.classList.toggle("mud-drawer--closed", !drawerShown);
    document.querySelector(".mud-layout")?.classList.toggle(drawerOpenOnLayout, drawerShown);
    let backdrop = document.querySelector("[data-drawer-backdrop]");
    if (drawerShown && !backdrop) {
        backdrop = document.createElement("div");
        backdrop.className = "mud-overlay mud-drawer-overlay mud-overlay-drawer mud-drawer-overlay--open mud-drawer-overlay-responsive mud-drawer-overlay-md mud-drawer-pos-left";
        backdrop.dataset.drawerBackdrop = "";
        backdrop.innerHTML = '<div class="mud-overlay-scrim mud-overlay-dark"></div>';
        drawer.after(backdrop);
    } else if (!drawerShown) {
        backdrop?.remove();
    }
}

function toggleDark() {
    const styles = document.querySelectorAll("style[data-console-dark]");
    if (styles.length === 0) return;
    const dark = !matchMedia(styles[0].media).matches;
    for (const style of styles) {
        style.media = dark ? "all" : "not all";
    }
    const secure = location.protocol === "https:" ? "; secure" : "";
    document.cookie = `${colorSchemeCookie}=${dark ? "dark" : "light"}; path=/; max-age=31536000; samesite=lax${secure}`;
}

document.addEventListener("click", event => {
    if (!(event.target instanceof Element)) return;
    if (event.target.closest("[data-drawer-backdrop]")) {
        drawerShown = false;
        applyDrawer();
    } else if (event.target.closest("[data-drawer-toggle]")) {
        const drawer = document.querySelector(".mud-drawer[data-drawer]");
        if (!drawer) return;
        drawerShown = !drawerIsShown(drawer);
        applyDrawer();
    } else if (event.target.closest("[data-dark-toggle]")) {
        toggleDark();
    }
});

window.Blazor?.addEventListener("enhancedload", () => {
    // A refresh of the same page keeps the choices; another page starts as rendered.
    if (!document.querySelector("[data-drawer-toggle]")) {
        drawerShown = null;
        return;
    }
    applyDrawer();
});
