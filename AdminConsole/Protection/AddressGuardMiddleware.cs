using AdminConsole.Core.IpProtection;

namespace AdminConsole.Protection;

/// <summary>
/// Step 2 of the pipeline: a request from an address under a deny rule or an active automatic block is answered
/// here, before antiforgery, form binding, user lookup or hashing, and counted in memory only. Static assets (styles,
/// scripts, the icon) are served to everyone: they cost nothing, and a page that was loaded just before the block
/// should not fall apart.
/// </summary>
internal sealed class AddressGuardMiddleware(RequestDelegate next, AddressRuleCache rules, RejectionSummary rejections, TimeProvider time)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.Connection.RemoteIpAddress is { } address
            && context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>() is null
            && rules.FindBlock(address) is { } block)
        {
            rejections.Count(ClientAddress.Key(address));
            return ProtectionResponses.BlockedAsync(context, block.Until, time.GetUtcNow());
        }

        return next(context);
    }
}
