using AdminConsole.Components.Admin.Shared;
using AdminConsole.Core.Accounts;
using AdminConsole.Core.Audit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace AdminConsole.Components.Admin;

/// <summary>The accounts list: search, state filter, sorting and paging on the server, and each row's actions.</summary>
public partial class Accounts
{
    private MudDataGrid<AccountRow> grid = default!;
    private bool isAdmin;
    private string? search;
    private AccountState? state;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    // Asked once for the page, not by an AuthorizeView in every row (each would stay in the circuit); the service
    // refuses a viewer anyway.
    protected override async Task OnInitializedAsync() => isAdmin = (await AuthenticationState).User.IsInRole(AppRoles.SecurityAdmin);

    private async Task<GridData<AccountRow>> LoadAsync(GridState<AccountRow> gridState, CancellationToken cancellationToken)
    {
        var sort = gridState.SortDefinitions.FirstOrDefault();
        var query = new AccountQuery(
            search,
            state,
            sort?.SortBy switch
            {
                nameof(AccountRow.Failures) => AccountSort.Failures,
                nameof(AccountRow.LastFailureAt) => AccountSort.LastFailure,
                nameof(AccountRow.LastSignInAt) => AccountSort.LastSignIn,
                _ => AccountSort.Email,
            },
            sort?.Descending ?? false,
            gridState.Page,
            gridState.PageSize);
        var page = await Scope.RunAsync<AccountQueries, Page<AccountRow>>(q => q.ListAsync(query, cancellationToken));
        return new GridData<AccountRow> { Items = page.Items, TotalItems = page.Total };
    }

    private Task OnSearchAsync(string? value)
    {
        search = value;
        return grid.ReloadServerData();
    }

    private Task OnStateAsync(AccountState? value)
    {
        state = value;
        return grid.ReloadServerData();
    }

    private Task ReloadAsync() => grid.ReloadServerData();
}
