namespace AdminConsole.E2E;

/// <summary>
/// What an admin sees as broken on a desktop, measured in the browser: a table in a card that needs sideways
/// scrolling, a chart drawn smaller than 60% of its own size or lower than 150 px, text that overflows its chip
/// or cell, and a word broken across lines in a cell ("admin@adminconsole.lo / cal").
/// </summary>
public static class ConsoleLayout
{
    public const int DesktopWidth = 1366;
    public const int DesktopHeight = 900;
    public const int PhoneWidth = 390;
    public const int PhoneHeight = 844;

    /// <summary>Every console page, as an address and a screenshot name: a page added here is checked and shown.</summary>
    public static readonly (string Path, string Name)[] Pages =
    [
        ("/admin", "console-dashboard"),
        ("/admin/accounts", "console-accounts"),
        ("/admin/accounts/" + Uri.EscapeDataString(AppHost.DemoLockedEmail), "console-account-locked"),
        ("/admin/accounts/alice%40example.com", "console-account-detail"),
        ("/admin/users", "console-users-page"),
        ("/admin/attempts", "console-attempts"),
        ("/admin/addresses", "console-addresses"),
        ("/admin/addresses/198.18.7.23", "console-address-detail"),
        ("/admin/audit", "console-audit"),
        ("/admin/notifications", "console-notifications-page"),
        // the last two weeks up to today, so the demo's locks fill the "Locks by tier" chart
        ($"/admin/reports?from={DateTime.UtcNow.AddDays(-13):yyyy-MM-dd}&to={DateTime.UtcNow.AddDays(1):yyyy-MM-dd}", "console-reports"),
        ("/admin/policy", "console-policy"),
        ("/admin/applications", "console-applications-page"),
        ("/admin/webhooks", "console-webhooks-page"),
    ];

    private const string Measure = """
        async () => {
          await document.fonts.ready;
          const problems = [];
          const main = document.querySelector('.mud-main-content');
          const name = el => {
            const card = el.closest('.mud-paper, .mud-card');
            const title = card?.querySelector('h6, .mud-typography-h6')?.textContent?.trim();
            return (title ? `"${title}" ` : '') + el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).slice(0, 2).join('.') : '');
          };
          const scrolls = el => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
          for (const table of main.querySelectorAll('table')) {
            let box = table.parentElement;
            while (box && box !== main && !scrolls(box)) box = box.parentElement;
            box = box && box !== main ? box : table.parentElement;
            if (box.scrollWidth > box.clientWidth + 1)
              problems.push(`table ${name(box)} needs sideways scrolling: ${box.scrollWidth} px in ${box.clientWidth} px; columns `
                + [...(table.rows[0]?.cells ?? [])].map(c => `${c.textContent.trim() || '?'} ${Math.round(c.getBoundingClientRect().width)}`).join(', '));
          }
          for (const svg of main.querySelectorAll('.mud-chart svg[viewBox], svg.mud-chart-svg, .mud-chart > svg')) {
            const vb = svg.viewBox.baseVal;
            const r = svg.getBoundingClientRect();
            if (!vb || vb.width === 0 || r.width === 0) continue;
            const scale = Math.min(r.width / vb.width, r.height / vb.height);
            if (scale < 0.6)
              problems.push(`chart ${name(svg)} drawn at ${Math.round(scale * 100)}% of its ${vb.width}x${vb.height} (${Math.round(r.width)}x${Math.round(r.height)} px)`);
            if (r.height < 150)
              problems.push(`chart ${name(svg)} is ${Math.round(r.height)} px high`);
          }
          for (const el of main.querySelectorAll('.mud-chip, .mud-chip-content, td, th')) {
            if (el.scrollWidth > el.clientWidth + 1)
              problems.push(`text overflows ${name(el)} "${el.textContent.trim().slice(0, 60)}": ${el.scrollWidth} px in ${el.clientWidth} px`);
          }
          for (const cell of main.querySelectorAll('td')) {
            const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
            for (let text = walker.nextNode(); text; text = walker.nextNode()) {
              for (const m of text.data.matchAll(/\S+/g)) {
                const range = document.createRange();
                range.setStart(text, m.index);
                range.setEnd(text, m.index + m[0].length);
                const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
                if (lines.size > 1) problems.push(`"${m[0]}" breaks across lines in ${name(cell)}`);
              }
            }
          }
          return problems;
        }
        """;

    /// <summary>Everything on the page an admin would see as broken at this width; empty when it looks right.</summary>
    public static async Task<IReadOnlyList<string>> ProblemsAsync(IPage page) => await page.EvaluateAsync<string[]>(Measure);
}
