namespace AdminConsole.Core.OpenId;

/// <summary>The OpenID Connect provider's log lines.</summary>
public static partial class OpenIdLog
{
    [LoggerMessage(EventId = 2401, EventName = "OpenIdKeyMade", Level = LogLevel.Information, Message = "Made OpenID Connect {Use} key {KeyId}, in use from {ActiveFrom:o}")]
    public static partial void KeyMade(ILogger logger, string keyId, OpenIdKeyUse use, DateTimeOffset activeFrom);

    [LoggerMessage(EventId = 2402, EventName = "OpenIdKeyRefreshFailed", Level = LogLevel.Error, Message = "Could not read or rotate the OpenID Connect keys; the keys already loaded stay in use")]
    public static partial void KeyRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2403, EventName = "OpenIdClientSynchronised", Level = LogLevel.Information, Message = "OpenID Connect client {ClientId} from configuration: {Action}")]
    public static partial void ClientSynchronised(ILogger logger, string clientId, string action);

    [LoggerMessage(EventId = 2404, EventName = "OpenIdRefreshTokenReuse", Level = LogLevel.Warning, Message = "A redeemed refresh token of client {ClientId} was presented again: authorization {AuthorizationId} revoked")]
    public static partial void RefreshTokenReuse(ILogger logger, string? clientId, string? authorizationId);

    [LoggerMessage(EventId = 2405, EventName = "OpenIdClientLocked", Level = LogLevel.Warning, Message = "OpenID Connect client {ClientId} locked after {Failures} wrong client secrets")]
    public static partial void ClientLocked(ILogger logger, string clientId, int failures);
}
