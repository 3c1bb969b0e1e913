namespace AdminConsole.Components.Admin.Shared;

/// <summary>
/// The console pages that are rendered statically with their content as one interactive island
/// (<see cref="ConsolePageIsland"/>): the layout, drawer and links hold nothing on the server, so an open page keeps
/// a circuit only for what the admin works with. The dashboard is not here: its islands are smaller (P5).
/// </summary>
public static class ConsolePages
{
    /// <summary>A page: the first segment of its path after <c>/admin/</c>, its component, and its route parameter if any.</summary>
    public sealed record Entry(string Segment, Type Component, string? Argument = null);

    private static readonly Dictionary<string, Entry> Pages = new Entry[]
    {
        new("accounts", typeof(Accounts)),
        new("account", typeof(AccountDetail), nameof(AccountDetail.Email)),
        new("users", typeof(Users)),
        new("attempts", typeof(Attempts)),
        new("addresses", typeof(Addresses)),
        new("address", typeof(AddressDetail), nameof(AddressDetail.Address)),
        new("audit", typeof(Audit)),
        new("notifications", typeof(Notifications)),
        new("reports", typeof(Reports)),
        new("policy", typeof(Policy)),
        new("applications", typeof(Applications)),
        new("webhooks", typeof(Webhooks)),
    }.ToDictionary(p => p.Segment, StringComparer.Ordinal);

    /// <summary>The page called <paramref name="name"/>, or null.</summary>
    public static Entry? Find(string name) => Pages.GetValueOrDefault(name);

    /// <summary>
    /// Whether the request's path is one of these pages, whose island brings the popover and snackbar providers
    /// (so the bell's island must not bring a second).
    /// </summary>
    public static bool HasIsland(PathString path) =>
        path.StartsWithSegments("/admin", StringComparison.OrdinalIgnoreCase, out var rest)
        && rest.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) is [var first, ..]
        && Pages.ContainsKey(first.ToLowerInvariant());
}
