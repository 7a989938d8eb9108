using System.Security.Cryptography;
using System.Text;

namespace PmoFlow.Reporting.Rendering;

/// <summary>The Apache ECharts library (dist/echarts.min.js from npm, version pinned in package-lock.json), embedded in this assembly.</summary>
/// <remarks>Loaded once, on first use; thread-safe.</remarks>
public static class EChartsAsset
{
    /// <summary>The embedded resource's name.</summary>
    public const string ResourceName = "PmoFlow.Reporting.Assets.echarts.min.js";

    private static readonly Lazy<string> Script = new(Load);
    private static readonly Lazy<string> Hash = new(() => Sha256Base64(Script.Value));

    /// <summary>The library's source text.</summary>
    public static string Source => Script.Value;

    /// <summary>The CSP source expression of the inlined library, <c>'sha256-…'</c>.</summary>
    public static string CspHash => Hash.Value;

    /// <summary>The CSP hash source of a script's exact text: <c>'sha256-BASE64'</c>.</summary>
    public static string Sha256Base64(string script) =>
        "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script))) + "'";

    private static string Load()
    {
        using var stream = typeof(EChartsAsset).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException(
                $"The embedded resource {ResourceName} is missing: the build runs `npm ci` in src/PmoFlow.Reporting to fetch ECharts.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = reader.ReadToEnd();

        // The library is inlined verbatim in a <script> element; these sequences would end or confuse it there.
        if (text.Contains("</script", StringComparison.OrdinalIgnoreCase) || text.Contains("<!--", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("echarts.min.js holds '</script' or '<!--' and cannot be inlined verbatim.");
        }

        return text;
    }
}
