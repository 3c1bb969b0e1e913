using AdminConsole.Components.Admin.Shared;
using AdminConsole.Core.Attempts;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Identity;
using AdminConsole.Core.Location;
using AdminConsole.Core.OpenId;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace AdminConsole.Components.Admin;

/// <summary>Every recorded sign-in attempt, newest first, filtered by time, outcome, account, application, country and address range, paged.</summary>
public partial class Attempts
{
    private MudDataGrid<AttemptRow> grid = default!;
    private HistoryPager<AttemptRow> pager = default!;
    private int hours = 24;
    private LoginOutcome? outcome;
    private string? userName;
    private string? address;
    private string? addressError;
    private string? client;
    private string? country;
    private List<ApplicationView> applications = [];

    protected override async Task OnInitializedAsync() =>
        applications = await Scope.RunAsync<ApplicationService, List<ApplicationView>>(s => s.ListAsync(Aborted));

    private async Task<GridData<AttemptRow>> LoadAsync(GridState<AttemptRow> state, CancellationToken cancellationToken)
    {
        var query = new AttemptQuery(
            From: hours == 0 ? null : Time.GetUtcNow().AddHours(-hours),
            Outcome: outcome,
            UserName: userName,
            Address: addressError is null ? address : null,
            Page: state.Page,
            PageSize: state.PageSize,
            Client: client,
            Country: country);
        var page = await Scope.RunAsync<AttemptQueries, Page<AttemptRow>>(q => q.ListAsync(query, cancellationToken));
        return pager.Show(page);
    }

    private Task OnHoursAsync(int value) { hours = value; return grid.ReloadServerData(); }

    private Task OnOutcomeAsync(LoginOutcome? value) { outcome = value; return grid.ReloadServerData(); }

    private Task OnUserNameAsync(string? value) { userName = value; return grid.ReloadServerData(); }

    private Task OnClientAsync(string? value) { client = value; return grid.ReloadServerData(); }

    private Task OnCountryAsync(string? value) { country = value; return grid.ReloadServerData(); }

    private static readonly List<Country> CountriesByName = Countries.All.OrderBy(c => c.Name, StringComparer.CurrentCulture).ToList();

    /// <summary>Countries whose name or code holds the typed text; all of them for no text.</summary>
    private static Task<IEnumerable<string>> SearchCountriesAsync(string? text, CancellationToken cancellationToken) =>
        Task.FromResult(CountriesByName
            .Where(c => string.IsNullOrWhiteSpace(text) || c.Name.Contains(text.Trim(), StringComparison.CurrentCultureIgnoreCase) || c.Code.Equals(text.Trim(), StringComparison.OrdinalIgnoreCase))
            .Select(c => c.Code));

    private static string CountryText(string? code) => code is null ? "" : Countries.Find(code) is { } c ? $"{c.Name} ({c.Code})" : code;

    private Task OnAddressAsync(string? value)
    {
        address = value;
        addressError = AttemptQueries.Validate(new AttemptQuery(Address: value));
        return grid.ReloadServerData();
    }

    /// <summary>The same filters, as a streamed CSV download (the browser shows its progress).</summary>
    private string ExportUrl
    {
        get
        {
            var query = new Dictionary<string, string?>
            {
                ["from"] = hours == 0 ? null : Time.GetUtcNow().AddHours(-hours).ToString("O"),
                ["outcome"] = outcome?.ToString(),
                ["userName"] = userName,
                ["address"] = address,
                ["client"] = client,
                ["country"] = country,
            };
            return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("api/admin/attempts.csv", query.Where(q => !string.IsNullOrEmpty(q.Value)));
        }
    }
}
