using Microsoft.AspNetCore.Http;

namespace PmoFlow.Server.Security;

/// <summary>
/// Refuses requests without the API key: <c>/api/*</c> and <c>/openapi.json</c> answer 401 with a problem description,
/// pages redirect to the login page. A browser's cookie carries a session token (<see cref="Sessions"/>), not the key. <c>/health</c>, <c>/login</c> and <c>/assets/*</c> need no key.
/// </summary>
internal sealed class ApiKeyMiddleware(RequestDelegate next, string expectedKey, Sessions sessions)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/health") || path.StartsWithSegments("/login") || path.StartsWithSegments("/assets"))
        {
            await next(context);
            return;
        }

        var authorised = context.Request.Headers.TryGetValue(ApiKeys.Header, out var header)
            ? ApiKeys.Matches(header.ToString(), expectedKey)
            : sessions.IsValid(context.Request.Cookies[ApiKeys.Cookie]);
        if (authorised)
        {
            await next(context);
            return;
        }

        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/openapi.json") || !HttpMethods.IsGet(context.Request.Method))
        {
            await Results.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "API key required",
                    detail: $"Send the key in the {ApiKeys.Header} header.")
                .ExecuteAsync(context);
            return;
        }

        var target = context.Request.PathBase + path + context.Request.QueryString;
        context.Response.Redirect("/login?return=" + Uri.EscapeDataString(target));
    }
}
