using System.Globalization;
using PmoFlow.Core.Limits;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace PmoFlow.Streams.Yaml;

/// <summary>
/// The one entry point every YAML document of PmoFlow is parsed through (configuration, portfolio, features, API
/// bodies): it enforces <see cref="YamlLimits"/> on the parser's events before any node is built, so deep nesting
/// cannot overflow the stack, aliases cannot multiply a small document into a huge one, and a huge document is
/// refused before it is read.
/// </summary>
/// <remarks>
/// A violation is a <see cref="YamlLimitException"/> (a <see cref="YamlException"/> with the line and column where the
/// limit was passed), so the readers' existing syntax-error handling names file:line. Thread-safe (no shared state).
/// </remarks>
public static class YamlGuard
{
    /// <summary>Parses <paramref name="text"/> into a stream of documents under <paramref name="limits"/>.</summary>
    /// <exception cref="YamlLimitException">A limit was passed.</exception>
    /// <exception cref="YamlException">The text is not valid YAML.</exception>
    public static YamlStream Load(string text, YamlLimits limits)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(limits);
        if (text.Length > limits.MaxChars)
        {
            throw TooLarge(text.Length, limits);
        }

        var stream = new YamlStream();
        stream.Load(new GuardedParser(new Parser(new StringReader(text)), limits));
        return stream;
    }

    /// <summary>
    /// Reads a file's text, at most <see cref="YamlLimits.MaxChars"/> characters (a larger file is refused without
    /// reading it whole). UTF-8 with or without a byte order mark.
    /// </summary>
    /// <exception cref="YamlLimitException">The file is larger than the limit.</exception>
    public static string ReadFile(string path, YamlLimits limits)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(limits);
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var buffer = new char[Math.Min(limits.MaxChars + 1, 1 << 16)];
        var text = new System.Text.StringBuilder();
        int read;
        while ((read = reader.Read(buffer, 0, buffer.Length)) > 0)
        {
            text.Append(buffer, 0, read);
            if (text.Length > limits.MaxChars)
            {
                throw TooLarge(new FileInfo(path).Length, limits);
            }
        }

        return text.ToString();
    }

    private static YamlLimitException TooLarge(long size, YamlLimits limits) => new(
        new Mark(0, 1, 1),
        string.Create(CultureInfo.InvariantCulture,
            $"the document is {size:N0} characters long; the limit is {limits.MaxChars:N0} (limits.yaml.maxChars)"));

    /// <summary>Checks each event before the node builder sees it.</summary>
    private sealed class GuardedParser(IParser inner, YamlLimits limits) : IParser
    {
        private readonly Stack<(string? Anchor, long Nodes)> _open = new();
        private readonly Dictionary<string, long> _anchors = new(StringComparer.Ordinal);
        private long _nodes;
        private long _aliasNodes;

        public ParsingEvent? Current => inner.Current;

        private Mark _last = new(0, 1, 1);

        public bool MoveNext()
        {
            try
            {
                if (!inner.MoveNext())
                {
                    return false;
                }
            }
            catch (InvalidOperationException ex)
            {
                // The parser gives up on some malformed input without a mark: point at the last event it could read.
                throw new YamlException(_last, _last, "invalid YAML near here: " + ex.Message, ex);
            }

            var e = inner.Current!;
            _last = e.End;
            switch (e)
            {
                case DocumentStart:
                    _anchors.Clear();
                    break;
                case Scalar s:
                    Count(1, s.Start);
                    Remember(s.Anchor, 1);
                    break;
                case SequenceStart or MappingStart:
                    if (_open.Count + 1 > limits.MaxDepth)
                    {
                        throw Limit(e.Start, $"lists and mappings are nested more than {limits.MaxDepth} deep (limits.yaml.maxDepth)");
                    }

                    var anchor = ((NodeEvent)e).Anchor;
                    _open.Push((anchor.IsEmpty ? null : anchor.Value, 0));
                    Count(1, e.Start);
                    break;
                case SequenceEnd or MappingEnd:
                    var (name, nodes) = _open.Pop();
                    if (name is not null)
                    {
                        _anchors[name] = nodes;
                    }

                    if (_open.Count > 0)
                    {
                        var parent = _open.Pop();
                        _open.Push((parent.Anchor, parent.Nodes + nodes));
                    }

                    break;
                case AnchorAlias alias:
                    if (limits.MaxAliasNodes == 0)
                    {
                        throw Limit(e.Start, $"aliases (*{alias.Value.Value}) are turned off (limits.yaml.maxAliasNodes: 0)");
                    }

                    if (!_anchors.TryGetValue(alias.Value.Value, out var size))
                    {
                        throw Limit(e.Start, $"the alias *{alias.Value.Value} refers to no complete anchor before it (recursive or undefined aliases are refused)");
                    }

                    _aliasNodes += size;
                    if (_aliasNodes > limits.MaxAliasNodes)
                    {
                        throw Limit(e.Start, string.Create(CultureInfo.InvariantCulture,
                            $"aliases repeat more than {limits.MaxAliasNodes:N0} nodes (limits.yaml.maxAliasNodes); write the values out or raise the limit"));
                    }

                    Count(size, e.Start);
                    break;
            }

            return true;
        }

        private void Remember(AnchorName anchor, long nodes)
        {
            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = nodes;
            }
        }

        private void Count(long nodes, Mark at)
        {
            _nodes += nodes;
            if (_nodes > limits.MaxNodes)
            {
                throw Limit(at, string.Create(CultureInfo.InvariantCulture,
                    $"the document has more than {limits.MaxNodes:N0} values (limits.yaml.maxNodes)"));
            }

            if (_open.Count > 0)
            {
                var parent = _open.Pop();
                _open.Push((parent.Anchor, parent.Nodes + nodes));
            }
        }

        private static YamlLimitException Limit(Mark at, string message) => new(at, message);
    }
}

/// <summary>A YAML document passed one of <see cref="YamlLimits"/>; <see cref="YamlException.Start"/> is where.</summary>
public sealed class YamlLimitException : YamlException
{
    /// <summary>Creates the exception.</summary>
    public YamlLimitException(Mark at, string message)
        : base(at, at, message)
    {
        Problem = message;
    }

    /// <summary>What was passed, naming the limit's key (without the position prefix of <see cref="Exception.Message"/>).</summary>
    public string Problem { get; }
}
