using System.Security.Cryptography;
using System.Text.Json;
using AdminConsole.Core.Audit;
using AdminConsole.Core.Data;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AdminConsole.Core.OpenId;

/// <summary>What an admin asked for when registering or changing an application.</summary>
public sealed record ApplicationDraft(
    string? ClientId,
    string? DisplayName,
    string? Type,
    IReadOnlyList<string>? RedirectUris,
    IReadOnlyList<string>? PostLogoutRedirectUris,
    string? BackChannelLogoutUri,
    IReadOnlyList<string>? Scopes,
    bool RequireTwoFactor,
    string? Reason);

/// <summary>
/// An application as the console shows it. <see cref="Source"/> says who owns it: the console (admins change it
/// here) or configuration (<c>OpenId:Clients</c>, which sets it again at every start; admins may only disable it).
/// </summary>
public sealed record ApplicationView(
    string ClientId,
    string DisplayName,
    string Type,
    IReadOnlyList<string> RedirectUris,
    IReadOnlyList<string> PostLogoutRedirectUris,
    string? BackChannelLogoutUri,
    IReadOnlyList<string> Scopes,
    bool RequireTwoFactor,
    string Consent,
    string Source,
    bool Enabled,
    bool Locked = false)
{
    public bool FromConsole => Source == OpenIdClientSync.FromConsole;
}

/// <summary>A registered application and its secret (a confidential one's), shown once: only its hash is kept.</summary>
public sealed record CreatedApplication(ApplicationView Application, string? ClientSecret);

/// <summary>
/// Registers, changes, disables, enables and deletes the applications that sign users in here, and rotates their
/// secrets, for SecurityAdmins only (re-checked in the database on every action). The rules are those configuration
/// is held to (<see cref="OpenIdOptionsValidator.ValidateClient"/>); bad input gets an error per field and changes
/// nothing; every change is audited with actor and reason, in the same transaction.
/// </summary>
public sealed class ApplicationService(
    Audit.ISecurityEventLog eventLog,
    SecurityDbContext db,
    IOpenIddictApplicationManager applications,
    IOpenIddictAuthorizationManager authorizations,
    IOpenIddictTokenManager tokens,
    ConsoleAuthorization authorization,
    TimeProvider time)
{
    public const string NoSuchApplication = "There is no such application.";
    public const string OwnedByConfiguration = "This application comes from configuration (OpenId:Clients): change it there; here it can only be disabled.";

    /// <summary>Every application but the token API's own, by name.</summary>
    public async Task<List<ApplicationView>> ListAsync(CancellationToken cancellationToken)
    {
        var views = new List<ApplicationView>();
        await foreach (var application in applications.ListAsync(count: null, offset: null, cancellationToken))
        {
            if (await ViewAsync(application, cancellationToken) is { } view)
            {
                views.Add(view);
            }
        }

        return views.OrderBy(v => v.DisplayName, StringComparer.OrdinalIgnoreCase).ThenBy(v => v.ClientId, StringComparer.Ordinal).ToList();
    }

    public async Task<ApplicationView?> GetAsync(string clientId, CancellationToken cancellationToken) =>
        await applications.FindByClientIdAsync(clientId, cancellationToken) is { } application ? await ViewAsync(application, cancellationToken) : null;

    public async Task<AdminResult<CreatedApplication>> AddAsync(ApplicationDraft draft, ConsoleActor actor, CancellationToken cancellationToken)
    {
        if (!await authorization.MayActAsync(actor, cancellationToken))
        {
            return AdminResult.Forbidden.As<CreatedApplication>();
        }

        var client = Options(draft);
        var confidential = client.Type == OpenIdClientTypes.Confidential;
        var secret = confidential ? NewSecret() : null;
        client.ClientSecret = secret;
        var taken = new HashSet<string>(StringComparer.Ordinal);
        if (client.ClientId is { Length: > 0 } id && await applications.FindByClientIdAsync(id, cancellationToken) is not null)
        {
            taken.Add(id);
        }

        if (Errors(client, taken, draft.Reason) is { Count: > 0 } errors)
        {
            return AdminResult.Invalid(errors).As<CreatedApplication>();
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await applications.CreateAsync(OpenIdClientSync.Describe(client, OpenIdClientSync.FromConsole), cancellationToken);
            await AuditAsync(SecurityEventType.ApplicationRegistered, actor, draft.Reason!, client.ClientId!, client.Type!, null, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var view = (await GetAsync(client.ClientId!, cancellationToken))!;
        return AdminResult.Done(new CreatedApplication(view, secret),
            confidential ? $"{view.DisplayName} is registered. Copy its secret now: it is not shown again." : $"{view.DisplayName} is registered.");
    }

    /// <summary>Changes what a console-registered application may do; its id and type stay, and so does its secret.</summary>
    public async Task<AdminResult<ApplicationView>> UpdateAsync(string clientId, ApplicationDraft draft, ConsoleActor actor, CancellationToken cancellationToken)
    {
        var (application, refusal) = await FindForChangeAsync(clientId, draft.Reason, actor, consoleOnly: true, cancellationToken);
        if (refusal is not null)
        {
            return refusal.As<ApplicationView>();
        }

        var before = (await ViewAsync(application!, cancellationToken))!;
        var client = Options(draft with { ClientId = clientId, Type = before.Type });
        if (Errors(client, new HashSet<string>(StringComparer.Ordinal), draft.Reason, secretKept: true) is { Count: > 0 } errors)
        {
            return AdminResult.Invalid(errors).As<ApplicationView>();
        }

        var stored = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(stored, application!, cancellationToken);
        var descriptor = OpenIdClientSync.Describe(client, OpenIdClientSync.FromConsole);
        var changed = Changes(before, client);
        if (changed.Count == 0)
        {
            return new AdminResult<ApplicationView>(AdminOutcome.NoChange, "Nothing changed.");
        }

        if (!before.Enabled)
        {
            OpenIdClientSync.Disable(descriptor);
        }

        foreach (var kept in new[] { OpenIdClientTypes.LockedProperty, OpenIdClientTypes.UnlockedAtProperty })
        {
            if (stored.Properties.TryGetValue(kept, out var value))
            {
                descriptor.Properties[kept] = value;
            }
        }

        descriptor.ClientSecret = stored.ClientSecret; // the stored hash, kept as it is
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await applications.PopulateAsync(application!, descriptor, cancellationToken);
            await applications.UpdateAsync(application!, cancellationToken);
            await AuditAsync(SecurityEventType.ApplicationChanged, actor, draft.Reason!, clientId, before.Type, string.Join(", ", changed), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return AdminResult.Done((await GetAsync(clientId, cancellationToken))!, $"{client.DisplayName} is changed.");
    }

    /// <summary>A new secret for a confidential application, shown once; the old one stops working at once.</summary>
    public async Task<AdminResult<CreatedApplication>> RotateSecretAsync(string clientId, string? reason, ConsoleActor actor, CancellationToken cancellationToken)
    {
        var (application, refusal) = await FindForChangeAsync(clientId, reason, actor, consoleOnly: true, cancellationToken);
        if (refusal is not null)
        {
            return refusal.As<CreatedApplication>();
        }

        if (!await applications.HasClientTypeAsync(application!, ClientTypes.Confidential, cancellationToken))
        {
            return new AdminResult<CreatedApplication>(AdminOutcome.Invalid, "A public application has no secret to rotate.");
        }

        var secret = NewSecret();
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await applications.UpdateAsync(application!, secret, cancellationToken);
            await AuditAsync(SecurityEventType.ApplicationSecretRotated, actor, reason!, clientId, OpenIdClientTypes.Confidential, null, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return AdminResult.Done(new CreatedApplication((await GetAsync(clientId, cancellationToken))!, secret),
            "The secret is replaced: the old one no longer works. Copy the new one now: it is not shown again.");
    }

    /// <summary>
    /// Disabling refuses the application at every endpoint and revokes its tokens and grants at once; enabling gives
    /// back what it may do (its users sign in to it again). Enabling a locked application (<see cref="ClientLockout"/>)
    /// unlocks it: the wrong secrets before then no longer count.
    /// </summary>
    public async Task<AdminResult<ApplicationView>> SetEnabledAsync(string clientId, bool enabled, string? reason, ConsoleActor actor, CancellationToken cancellationToken)
    {
        var (application, refusal) = await FindForChangeAsync(clientId, reason, actor, consoleOnly: false, cancellationToken);
        if (refusal is not null)
        {
            return refusal.As<ApplicationView>();
        }

        var view = (await ViewAsync(application!, cancellationToken))!;
        if (view.Enabled == enabled)
        {
            return new AdminResult<ApplicationView>(AdminOutcome.NoChange, enabled ? "That application is already enabled." : "That application is already disabled.");
        }

        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application!, cancellationToken);
        if (enabled)
        {
            OpenIdClientSync.Enable(descriptor);
            if (descriptor.Properties.Remove(OpenIdClientTypes.LockedProperty))
            {
                descriptor.Properties[OpenIdClientTypes.UnlockedAtProperty] = JsonSerializer.SerializeToElement(time.GetUtcNow().ToString("o", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        else
        {
            OpenIdClientSync.Disable(descriptor);
        }

        var id = await applications.GetIdAsync(application!, cancellationToken);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await applications.PopulateAsync(application!, descriptor, cancellationToken);
            await applications.UpdateAsync(application!, cancellationToken);
            if (!enabled && id is not null)
            {
                await tokens.RevokeByApplicationIdAsync(id, cancellationToken);
                await authorizations.RevokeByApplicationIdAsync(id, cancellationToken);
            }

            var type = !enabled ? SecurityEventType.ApplicationDisabled : view.Locked ? SecurityEventType.ApplicationUnlocked : SecurityEventType.ApplicationEnabled;
            await AuditAsync(type, actor, reason!, clientId, view.Type, null, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return AdminResult.Done((await GetAsync(clientId, cancellationToken))!,
            enabled ? $"{view.DisplayName} is {(view.Locked ? "unlocked" : "enabled")}." : $"{view.DisplayName} is disabled: its tokens are revoked and it can sign no one in.");
    }

    /// <summary>Deletes a console-registered application with its grants and tokens; the audit log keeps that it existed.</summary>
    public async Task<AdminResult<ApplicationView>> DeleteAsync(string clientId, string? reason, ConsoleActor actor, CancellationToken cancellationToken)
    {
        var (application, refusal) = await FindForChangeAsync(clientId, reason, actor, consoleOnly: true, cancellationToken);
        if (refusal is not null)
        {
            return refusal.As<ApplicationView>();
        }

        var view = (await ViewAsync(application!, cancellationToken))!;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await applications.DeleteAsync(application!, cancellationToken); // with its authorizations and tokens
            await db.SessionApplications.Where(a => a.ClientId == clientId).ExecuteDeleteAsync(cancellationToken); // a later namesake inherits nothing
            await AuditAsync(SecurityEventType.ApplicationDeleted, actor, reason!, clientId, view.Type, null, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return AdminResult.Done(view, $"{view.DisplayName} is deleted.");
    }

    /// <summary>A new client secret: 256 random bits, base64url (43 characters).</summary>
    public static string NewSecret() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private async Task<(object? Application, AdminResult? Refusal)> FindForChangeAsync(
        string clientId, string? reason, ConsoleActor actor, bool consoleOnly, CancellationToken cancellationToken)
    {
        if (!await authorization.MayActAsync(actor, cancellationToken))
        {
            return (null, AdminResult.Forbidden);
        }

        if (AuditReason.Error(reason) is { } error)
        {
            return (null, AdminResult.Invalid(nameof(ApplicationDraft.Reason), error));
        }

        var application = clientId == ApiTokenClient.ClientId ? null : await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (application is null)
        {
            return (null, new AdminResult(AdminOutcome.NotFound, NoSuchApplication));
        }

        var source = await SourceAsync(application, cancellationToken);
        return consoleOnly && source != OpenIdClientSync.FromConsole
            ? (null, new AdminResult(AdminOutcome.Invalid, OwnedByConfiguration))
            : (application, null);
    }

    private static OpenIdClientOptions Options(ApplicationDraft draft) => new()
    {
        ClientId = draft.ClientId?.Trim(),
        DisplayName = draft.DisplayName?.Trim(),
        Type = draft.Type?.Trim().ToLowerInvariant(),
        RedirectUris = Lines(draft.RedirectUris),
        PostLogoutRedirectUris = Lines(draft.PostLogoutRedirectUris),
        BackChannelLogoutUri = string.IsNullOrWhiteSpace(draft.BackChannelLogoutUri) ? null : draft.BackChannelLogoutUri.Trim(),
        Scopes = Lines(draft.Scopes),
        RequireTwoFactor = draft.RequireTwoFactor,
        Consent = OpenIdClientTypes.ImplicitConsent,
    };

    private static List<string> Lines(IReadOnlyList<string>? values) =>
        (values ?? []).Select(v => v.Trim()).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The configuration rules, with the field names the console and the API use and sentences that read alone.</summary>
    private static Dictionary<string, string> Errors(OpenIdClientOptions client, HashSet<string> taken, string? reason, bool secretKept = false)
    {
        if (secretKept && client.Type == OpenIdClientTypes.Confidential)
        {
            client.ClientSecret = new string('x', OpenIdOptionsValidator.MinimumSecretLength); // the stored one is kept
        }

        var errors = new Dictionary<string, string>();
        foreach (var e in OpenIdOptionsValidator.ValidateClient(client, taken))
        {
            var subject = e.Line is { } line && e.Field is nameof(OpenIdClientOptions.RedirectUris) or nameof(OpenIdClientOptions.PostLogoutRedirectUris)
                ? (e.Sentence.StartsWith("is required", StringComparison.Ordinal) ? "At least one address" : $"Line {line + 1}")
                : e.Field switch
                {
                    nameof(OpenIdClientOptions.ClientId) => "The client id",
                    nameof(OpenIdClientOptions.DisplayName) => "A name",
                    nameof(OpenIdClientOptions.BackChannelLogoutUri) => "The back-channel logout URI",
                    nameof(OpenIdClientOptions.Type) => "The type",
                    _ => "The " + e.Field.ToLowerInvariant(),
                };
            errors.TryAdd(e.Field, $"{subject} {e.Sentence}");
        }

        if (AuditReason.Error(reason) is { } reasonError)
        {
            errors[nameof(ApplicationDraft.Reason)] = reasonError;
        }

        return errors;
    }

    private static List<string> Changes(ApplicationView before, OpenIdClientOptions after)
    {
        static bool Same(IEnumerable<string> a, IEnumerable<string> b) => a.ToHashSet(StringComparer.Ordinal).SetEquals(b);
        (bool Changed, string What)[] fields =
        [
            (before.DisplayName != after.DisplayName, "name"),
            (!Same(before.RedirectUris, after.RedirectUris), "redirect URIs"),
            (!Same(before.PostLogoutRedirectUris, after.PostLogoutRedirectUris), "post-logout URIs"),
            (before.BackChannelLogoutUri != after.BackChannelLogoutUri, "back-channel logout URI"),
            (!Same(before.Scopes, after.Scopes.Where(s => s != Scopes.OpenId || after.RedirectUris.Count > 0)), "scopes"),
            (before.RequireTwoFactor != after.RequireTwoFactor, "second factor"),
        ];
        return fields.Where(f => f.Changed).Select(f => f.What).ToList();
    }

    private async Task AuditAsync(SecurityEventType type, ConsoleActor actor, string reason, string clientId, string clientType, string? changed, CancellationToken cancellationToken)
    {
        await eventLog.AddAsync(db, SecurityEvents.ApplicationAction(type, actor, reason.Trim(), new ApplicationDetails(clientId, clientType, changed), time.GetUtcNow()), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task<string?> SourceAsync(object application, CancellationToken cancellationToken) =>
        (await applications.GetPropertiesAsync(application, cancellationToken)).TryGetValue(OpenIdClientSync.SourceProperty, out var source)
        && source.ValueKind == JsonValueKind.String ? source.GetString() : null;

    private async Task<ApplicationView?> ViewAsync(object application, CancellationToken cancellationToken)
    {
        var d = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(d, application, cancellationToken);
        if (d.ClientId is null || d.ClientId == ApiTokenClient.ClientId)
        {
            return null;
        }

        var disabled = OpenIdClientSync.IsDisabled(d.Properties);
        var permissions = disabled && d.Properties.TryGetValue(OpenIdClientTypes.HeldPermissionsProperty, out var held) && held.ValueKind == JsonValueKind.Array
            ? held.EnumerateArray().Select(p => p.GetString()!).ToHashSet(StringComparer.Ordinal)
            : d.Permissions;
        var scopes = new List<string> { Scopes.OpenId };
        scopes.AddRange(permissions.Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal)).Select(p => p[Permissions.Prefixes.Scope.Length..]));
        if (permissions.Contains(Permissions.GrantTypes.RefreshToken))
        {
            scopes.Add(Scopes.OfflineAccess);
        }

        if (d.RedirectUris.Count == 0)
        {
            scopes.Remove(Scopes.OpenId); // a client that signs no one in (client credentials only)
        }

        return new ApplicationView(
            d.ClientId,
            d.DisplayName ?? d.ClientId,
            d.ClientType == ClientTypes.Confidential ? OpenIdClientTypes.Confidential : OpenIdClientTypes.Public,
            d.RedirectUris.Select(u => u.OriginalString).Order(StringComparer.Ordinal).ToList(),
            d.PostLogoutRedirectUris.Select(u => u.OriginalString).Order(StringComparer.Ordinal).ToList(),
            d.Properties.TryGetValue(OpenIdClientTypes.BackChannelLogoutUriProperty, out var bc) && bc.ValueKind == JsonValueKind.String ? bc.GetString() : null,
            OpenIdScopes.Supported.Where(scopes.Contains).ToList(),
            d.Properties.TryGetValue(OpenIdClientTypes.RequireTwoFactorProperty, out var twoFactor) && twoFactor.ValueKind == JsonValueKind.True,
            d.ConsentType ?? ConsentTypes.Implicit,
            d.Properties.TryGetValue(OpenIdClientSync.SourceProperty, out var source) && source.ValueKind == JsonValueKind.String ? source.GetString()! : OpenIdClientSync.FromConsole,
            !disabled,
            d.Properties.TryGetValue(OpenIdClientTypes.LockedProperty, out var locked) && locked.ValueKind == JsonValueKind.True);
    }
}
