using Microsoft.AspNetCore.Http;

namespace PmoFlow.Server.Security;

/// <summary>
/// Answers only requests whose <c>Host</c> header names an allowed host (<c>limits.allowedHosts</c>; default the
/// loopback names, plus the address <c>serve</c> binds when it is not a wildcard). A page on another site that
/// rebinds its DNS name to 127.0.0.1 sends its own name and gets 400, so it cannot read the data. <c>*</c> allows any.
/// </summary>
internal sealed class HostFilterMiddleware(RequestDelegate next, IReadOnlyCollection<string> allowed)
{
    private readonly HashSet<string> _allowed = new(allowed.Select(Normalise), StringComparer.OrdinalIgnoreCase);

    public async Task InvokeAsync(HttpContext context)
    {
        if (_allowed.Contains("*") || _allowed.Contains(Normalise(context.Request.Host.Host)))
        {
            await next(context);
            return;
        }

        // The refused name is not echoed: it is attacker-chosen text.
        await Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Host not allowed",
                detail: "This server answers only the host names in limits.allowedHosts (default: localhost, 127.0.0.1, [::1]).")
            .ExecuteAsync(context);
    }

    /// <summary>The allowed hosts of a server bound to <paramref name="bound"/>.</summary>
    public static IReadOnlyCollection<string> For(IEnumerable<string> configured, string bound)
    {
        var hosts = configured.ToList();
        if (bound is not ("0.0.0.0" or "::" or "[::]" or "*"))
        {
            hosts.Add(bound);
        }

        return hosts;
    }

    private static string Normalise(string host) => host.Trim().Trim('[', ']').TrimEnd('.').ToLowerInvariant();
}
