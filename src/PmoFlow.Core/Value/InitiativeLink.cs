namespace PmoFlow.Core.Value;

/// <summary>
/// Which work items belong to an initiative: items whose parent/epic is one of <see cref="ParentKeys"/>,
/// or that carry one of <see cref="Labels"/>, or that pass the filter (<see cref="ItemTypes"/> and
/// <see cref="KeyPrefixes"/>).
/// </summary>
/// <remarks>
/// The three selectors are alternatives (an item matching any of them is linked). The filter is one
/// selector: an item passes it when its type is one of <see cref="ItemTypes"/> (or that list is empty)
/// and its key starts with one of <see cref="KeyPrefixes"/> (or that list is empty); an empty filter
/// selects nothing. All comparisons are ordinal and case-insensitive. Immutable and thread-safe.
/// </remarks>
public sealed record InitiativeLink
{
    /// <summary>Parent / epic keys whose children belong to the initiative.</summary>
    public IReadOnlyList<string> ParentKeys { get; init; } = [];

    /// <summary>Labels that put an item into the initiative.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Filter: work item types (empty: any type).</summary>
    public IReadOnlyList<string> ItemTypes { get; init; } = [];

    /// <summary>Filter: key prefixes such as <c>ONB-</c> (empty: any key).</summary>
    public IReadOnlyList<string> KeyPrefixes { get; init; } = [];

    /// <summary>True when no selector is set, so no item can ever be linked.</summary>
    public bool IsEmpty => ParentKeys.Count == 0 && Labels.Count == 0 && !HasFilter;

    private bool HasFilter => ItemTypes.Count > 0 || KeyPrefixes.Count > 0;

    /// <summary>Whether the item belongs to the initiative under this rule.</summary>
    public bool Matches(ValueItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.ParentKey is { } parent && Contains(ParentKeys, parent))
        {
            return true;
        }

        if (item.Labels is { Count: > 0 } labels && labels.Any(l => Contains(Labels, l)))
        {
            return true;
        }

        if (!HasFilter)
        {
            return false;
        }

        var typeOk = ItemTypes.Count == 0 || (item.Type is { } type && Contains(ItemTypes, type));
        var keyOk = KeyPrefixes.Count == 0
            || KeyPrefixes.Any(p => item.Key.StartsWith(p.Trim(), StringComparison.OrdinalIgnoreCase));
        return typeOk && keyOk;
    }

    private static bool Contains(IReadOnlyList<string> list, string value)
    {
        var v = value.Trim();
        foreach (var s in list)
        {
            if (string.Equals(s.Trim(), v, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
