namespace AdminConsole.Core.Location;

internal static partial class LocationLog
{
    [LoggerMessage(EventId = 2501, EventName = "LocationLookupFailed", Level = LogLevel.Warning,
        Message = "A location lookup failed; the address is treated as having no location")]
    public static partial void LookupFailed(ILogger logger, Exception exception);
}
