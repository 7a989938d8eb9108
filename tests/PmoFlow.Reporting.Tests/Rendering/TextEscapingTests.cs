using System.Net;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using PmoFlow.Reporting.Rendering;

namespace PmoFlow.Reporting.Tests.Rendering;

public class TextEscapingTests
{
    private static readonly JsonSerializerOptions Relaxed = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [Fact]
    public void Html_Metacharacters_BecomeEntities()
    {
        Assert.Equal(
            "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;s&#39;",
            TextEscaping.Html("</script><script>alert(1)</script> & \"q\" 's'"));
    }

    [Fact]
    public void Html_NullOrEmpty_IsEmpty()
    {
        Assert.Equal(string.Empty, TextEscaping.Html(null));
        Assert.Equal(string.Empty, TextEscaping.Html(string.Empty));
    }

    [Fact]
    public void Html_ControlCharactersAndLoneSurrogates_AreDroppedOrReplaced()
    {
        // \0 and \u001b are dropped; tab/newline kept; a lone high surrogate becomes U+FFFD; a valid pair (😀) stays.
        Assert.Equal("a\tb\nc\uFFFDd😀", TextEscaping.Html("a\0\tb\n\u001bc\uD800d😀"));
    }

    [Fact]
    public void Html_NonAscii_StaysReadable()
    {
        Assert.Equal("Lüders – 日本語", TextEscaping.Html("Lüders – 日本語"));
    }

    [Fact]
    public void Html_AnyString_HasNoRawMetacharactersAndDecodesBack()
    {
        Prop.ForAll<string>(s =>
        {
            s ??= string.Empty;
            var encoded = TextEscaping.Html(s);
            var clean = new string(s.Where(c => c is '\t' or '\n' or '\r' || !(c < ' ' || c == '\u007f')).ToArray());
            var noRaw = encoded.IndexOfAny(['<', '>', '"', '\'']) < 0;
            // Decoding gives the input back, apart from dropped control characters and replaced lone surrogates.
            var decoded = WebUtility.HtmlDecode(encoded);
            var sameText = decoded == clean || clean.Any(char.IsSurrogate);
            return noRaw && sameText;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void JsonForScript_ScriptBreakout_IsEscaped()
    {
        var json = JsonSerializer.Serialize(new { title = "</script><script>alert(1)</script> & <!--" }, Relaxed);

        var safe = TextEscaping.JsonForScript(json);

        Assert.Equal(
            "{\"title\":\"\\u003c/script\\u003e\\u003cscript\\u003ealert(1)\\u003c/script\\u003e \\u0026 \\u003c!--\"}",
            safe);
    }

    [Fact]
    public void JsonForScript_AnyString_ParsesBackToTheSameValueWithoutMetacharacters()
    {
        Prop.ForAll<string>(s =>
        {
            s = new string((s ?? string.Empty).Where(c => !char.IsSurrogate(c)).ToArray());
            var safe = TextEscaping.JsonForScript(JsonSerializer.Serialize(s, Relaxed));
            return safe.IndexOfAny(['<', '>', '&', '\u2028', '\u2029']) < 0
                   && JsonSerializer.Deserialize<string>(safe) == s;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Markdown_Metacharacters_AreEscaped()
    {
        Assert.Equal(
            "\\*bold\\* \\_it\\_ \\[link\\](http://x) \\| \\`code\\` \\~s\\~ \\\\ &lt;!channel&gt; &amp;",
            TextEscaping.Markdown("*bold* _it_ [link](http://x) | `code` ~s~ \\ <!channel> &"));
    }

    [Fact]
    public void Markdown_LineBreaks_BecomeSpaces()
    {
        Assert.Equal("one two  three", TextEscaping.Markdown("one\ntwo\r\nthree"));
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+33 1 23", "'+33 1 23")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1:A2)", "'@SUM(A1:A2)")]
    [InlineData("\tTAB", "'\tTAB")]
    [InlineData("\r=1", "\"'\r=1\"")]
    [InlineData("plain", "plain")]
    [InlineData("a=b", "a=b")]
    public void CsvField_FormulaTriggers_GetALeadingApostrophe(string cell, string expected)
    {
        Assert.Equal(expected, TextEscaping.CsvField(cell));
    }

    [Fact]
    public void CsvField_FormulaWithCommaAndQuotes_IsNeutralisedThenQuoted()
    {
        Assert.Equal("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"", TextEscaping.CsvField("=HYPERLINK(\"http://evil\",\"x\")"));
    }

    [Fact]
    public void CsvField_NegativeNumberInNumberColumn_StaysANumber()
    {
        Assert.Equal("-3.5", TextEscaping.CsvField("-3.5", numberColumn: true));
        Assert.Equal("'-3.5", TextEscaping.CsvField("-3.5", numberColumn: false));
        Assert.Equal("'-1+cmd", TextEscaping.CsvField("-1+cmd", numberColumn: true));
    }

    [Fact]
    public void CsvField_NullAndEmpty_AreEmptyFields()
    {
        Assert.Equal(string.Empty, TextEscaping.CsvField(null));
        Assert.Equal(string.Empty, TextEscaping.CsvField(string.Empty));
    }

    [Fact]
    public void CsvField_AnyString_NeverStartsWithAFormulaTrigger()
    {
        Prop.ForAll<string>(s =>
        {
            var field = TextEscaping.CsvField(s);
            var unquoted = field.StartsWith('"') ? field[1..] : field;
            return unquoted.Length == 0 || !TextEscaping.CsvFormulaTriggers.Contains(unquoted[0]);
        }).QuickCheckThrowOnFailure();
    }
}
