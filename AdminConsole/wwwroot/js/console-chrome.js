// The menu and dark-mode buttons of a console page rendered statically (the dashboard), which has no circuit
// for its layout: the drawer's and the palette's classes are switched here, as MudBlazor's own components would.
// Listening on the document keeps working across enhanced navigation; the choices are applied again after an
// enhanced refresh (the dashboard's live island asks for one when figures change), which renders the layout anew.

const drawerOpenOnLayout = "mud-drawer-open-responsive-md-left";
let drawerShown = null; // null: as rendered (open on a wide screen, hidden on a narrow one)
let dark = false;

function drawerIsShown(drawer) {
    // On a narrow screen the first render hides the drawer with mud-drawer--initial while it says open.
    return drawer.classList.contains("mud-drawer--open") && getComputedStyle(drawer).display !== "none";
}

function applyDrawer() {
    const drawer = document.querySelector(".mud-drawer[data-drawer]");
    if (!drawer || drawerShown === null) return;
    drawer.classList.remove("mud-drawer--initial");
    drawer.classList.toggle("mud-drawer--open", drawerShown);
    drawer.classList.toggle("mud-drawer--closed", !drawerShown);
    document.querySelector(".mud-layout")?.classList.toggle(drawerOpenOnLayout, drawerShown);
}

function applyDark() {
    document.documentElement.classList.toggle("console-dark", dark);
    for (const style of document.querySelectorAll("style[data-console-dark]")) {
        style.media = dark ? "all" : "not all";
    }
}

document.addEventListener("click", event => {
    if (!(event.target instanceof Element)) return;
    if (event.target.closest("[data-drawer-toggle]")) {
        const drawer = document.querySelector(".mud-drawer[data-drawer]");
        if (!drawer) return;
        drawerShown = !drawerIsShown(drawer);
        applyDrawer();
    } else if (event.target.closest("[data-dark-toggle]")) {
        dark = !dark;
        applyDark();
    }
});

window.Blazor?.addEventListener("enhancedload", () => {
    // A refresh of the same page keeps the choices; another page starts as rendered.
    if (!document.querySelector("[data-drawer-toggle]")) {
        drawerShown = null;
        dark = false;
        applyDark();
        return;
    }
    applyDrawer();
    applyDark();
});
