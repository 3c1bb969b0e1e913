using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace AdminConsole.Core.OpenId;

/// <summary>
/// Makes OpenIddict's application store match <c>OpenId:Clients</c> at start: configured clients are created or
/// updated (secrets are stored hashed by OpenIddict), and clients that came from configuration and left it are deleted.
/// The token API's own client (<see cref="ApiTokenClient"/>) is kept as the code describes it.
/// </summary>
public static class OpenIdClientSync
{
    /// <summary>Marks an application that configuration owns (so that removing it from configuration removes it).</summary>
    public const string SourceProperty = "adminconsole:source";
    public const string FromConfiguration = "configuration";

    /// <summary>The source of the clients admins register in the console (or through the admin API).</summary>
    public const string FromConsole = "console";

    /// <summary>The source of the clients the code defines.</summary>
    public const string BuiltIn = "built-in";

    public static async Task SynchroniseAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var manager = services.GetRequiredService<IOpenIddictApplicationManager>();
        var logger = services.GetRequiredService<ILogger<OpenIdKeyRing>>();
        var clients = services.GetRequiredService<IOptions<OpenIdOptions>>().Value.Clients;
        foreach (var descriptor in clients.Select(c => Describe(c, FromConfiguration)).Append(ApiTokenClient.Describe()))
        {
            if (await manager.FindByClientIdAsync(descriptor.ClientId!, cancellationToken) is { } existing)
            {
                // An application an admin disabled, or the lockout locked, stays so across restarts.
                var properties = await manager.GetPropertiesAsync(existing, cancellationToken);
                if (IsDisabled(properties))
                {
                    Disable(descriptor);
                }

                foreach (var kept in new[] { OpenIdClientTypes.LockedProperty, OpenIdClientTypes.UnlockedAtProperty })
                {
                    if (properties.TryGetValue(kept, out var value))
                    {
                        descriptor.Properties[kept] = value;
                    }
                }

                await manager.UpdateAsync(existing, descriptor, cancellationToken);
                OpenIdLog.ClientSynchronised(logger, descriptor.ClientId!, "updated");
            }
            else
            {
                await manager.CreateAsync(descriptor, cancellationToken);
                OpenIdLog.ClientSynchronised(logger, descriptor.ClientId!, "created");
            }
        }

        var configured = clients.Select(c => c.ClientId).ToHashSet(StringComparer.Ordinal);
        var stale = new List<object>();
        await foreach (var application in manager.ListAsync(count: null, offset: null, cancellationToken))
        {
            var properties = await manager.GetPropertiesAsync(application, cancellationToken);
            if (properties.TryGetValue(SourceProperty, out var source) && source.ValueKind == JsonValueKind.String
                && source.GetString() == FromConfiguration && !configured.Contains(await manager.GetClientIdAsync(application, cancellationToken)))
            {
                stale.Add(application);
            }
        }

        foreach (var application in stale)
        {
            var clientId = await manager.GetClientIdAsync(application, cancellationToken) ?? "";
            await manager.DeleteAsync(application, cancellationToken);
            OpenIdLog.ClientSynchronised(logger, clientId, "deleted");
        }
    }

    public static bool IsDisabled(IReadOnlyDictionary<string, JsonElement> properties) =>
        properties.TryGetValue(OpenIdClientTypes.DisabledProperty, out var disabled) && disabled.ValueKind == JsonValueKind.True;

    /// <summary>Takes every permission away (OpenIddict then refuses the application everywhere) and keeps them aside.</summary>
    public static void Disable(OpenIddictApplicationDescriptor descriptor)
    {
        descriptor.Properties[OpenIdClientTypes.DisabledProperty] = JsonSerializer.SerializeToElement(true);
        descriptor.Properties[OpenIdClientTypes.HeldPermissionsProperty] = JsonSerializer.SerializeToElement(descriptor.Permissions.Order(StringComparer.Ordinal).ToArray());
        descriptor.Permissions.Clear();
    }

    /// <summary>Gives back the permissions <see cref="Disable"/> kept aside.</summary>
    public static void Enable(OpenIddictApplicationDescriptor descriptor)
    {
        if (descriptor.Properties.Remove(OpenIdClientTypes.HeldPermissionsProperty, out var held) && held.ValueKind == JsonValueKind.Array)
        {
            descriptor.Permissions.UnionWith(held.EnumerateArray().Select(p => p.GetString()!));
        }

        descriptor.Properties.Remove(OpenIdClientTypes.DisabledProperty);
    }

    /// <summary>The stored form of one client: what it may do follows from its type, addresses and scopes.</summary>
    public static OpenIddictApplicationDescriptor Describe(OpenIdClientOptions client, string source)
    {
        var confidential = string.Equals(client.Type, OpenIdClientTypes.Confidential, StringComparison.OrdinalIgnoreCase);
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            DisplayName = client.DisplayName,
            ClientType = confidential ? ClientTypes.Confidential : ClientTypes.Public,
            ClientSecret = confidential ? client.ClientSecret : null,
            ConsentType = ConsentTypes.Implicit,
        };
        descriptor.Properties[SourceProperty] = JsonSerializer.SerializeToElement(source);
        descriptor.Properties[OpenIdClientTypes.RequireTwoFactorProperty] = JsonSerializer.SerializeToElement(client.RequireTwoFactor);
        if (client.BackChannelLogoutUri is { Length: > 0 } backChannel)
        {
            descriptor.Properties[OpenIdClientTypes.BackChannelLogoutUriProperty] = JsonSerializer.SerializeToElement(backChannel);
        }
        descriptor.Permissions.UnionWith([Permissions.Endpoints.Token, Permissions.Endpoints.Revocation]);
        if (confidential)
        {
            descriptor.Permissions.UnionWith([Permissions.GrantTypes.ClientCredentials, Permissions.Endpoints.Introspection]);
        }

        if (client.RedirectUris.Count > 0)
        {
            descriptor.Permissions.UnionWith(
            [
                Permissions.Endpoints.Authorization, Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code,
            ]);
            if (client.Scopes.Contains(Scopes.OfflineAccess))
            {
                descriptor.Permissions.Add(Permissions.GrantTypes.RefreshToken);
            }
        }

        // PKCE for every code flow; the server accepts only S256 (OpenIdSetup).
        descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
        foreach (var scope in client.Scopes.Where(s => s is not Scopes.OpenId and not Scopes.OfflineAccess))
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }

        descriptor.RedirectUris.UnionWith(client.RedirectUris.Select(u => new Uri(u, UriKind.Absolute)));
        descriptor.PostLogoutRedirectUris.UnionWith(client.PostLogoutRedirectUris.Select(u => new Uri(u, UriKind.Absolute)));
        return descriptor;
    }
}
