using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PmoFlow.Server.Security;

namespace PmoFlow.Server.Pages;

/// <summary>
/// The login page of a server with an API key: a browser posts the key once and gets a session token (not the key) in
/// an HttpOnly, SameSite=Strict cookie, so the dashboard's pages and its fetch calls carry it.
/// </summary>
internal static class LoginPage
{
    public static void Map(IEndpointRouteBuilder app, string? apiKey, Sessions sessions)
    {
        app.MapGet("/login", (HttpRequest request) => Form(SafeReturn(request.Query["return"]), failed: false));
        app.MapPost("/login", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var target = SafeReturn(form["return"]);
            if (apiKey is null)
            {
                return Results.Redirect(target);
            }

            if (!ApiKeys.Matches(form["key"].ToString(), apiKey))
            {
                return Form(target, failed: true);
            }

            context.Response.Cookies.Append(ApiKeys.Cookie, sessions.Start(), new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Path = "/",
            });
            return Results.Redirect(target);
        });
    }

    /// <summary>Only local paths are followed after login (no open redirect).</summary>
    private static string SafeReturn(string? target) =>
        target is { Length: > 0 } t && t[0] == '/' && (t.Length == 1 || (t[1] != '/' && t[1] != '\\')) ? t : "/";

    private static IResult Form(string target, bool failed)
    {
        var h = new HtmlBuilder();
        h.Raw("<h1>API key</h1>\n");
        if (failed)
        {
            h.Raw("<p class=\"error\" id=\"login-failed\">That key is not valid.</p>\n");
        }

        h.Raw("<form class=\"filters\" method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"return\" value=\"").Text(target)
            .Raw("\"><label>Key<input type=\"password\" name=\"key\" autocomplete=\"current-password\" required></label><button type=\"submit\">Sign in</button></form>\n")
            .Raw("<p class=\"muted\">This PmoFlow server requires its API key (PMOFLOW_API_KEY). Programs send it in the X-Api-Key header.</p>");
        return DashboardPages.Page("API key", null, null, h.ToString(), failed ? StatusCodes.Status401Unauthorized : StatusCodes.Status200OK);
    }
}
