namespace PmoFlow.Server.Pages;

/// <summary>The boards' stylesheet (served inside /assets/dashboard.css, never inline).</summary>
internal static class BoardAssets
{
    /// <summary>Columns side by side; age bands green (≤ P50), amber (≤ P85), red (beyond P85); blocked cards outlined.</summary>
    public const string Css = """
        .board { display: flex; gap: 12px; align-items: flex-start; overflow-x: auto; padding-bottom: 12px; }
        .board .column { flex: 0 0 240px; background: var(--bg-card); border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
        .board .column.over-limit { border-color: var(--worse); box-shadow: inset 0 3px 0 var(--worse); }
        .board .column header { display: flex; justify-content: space-between; align-items: baseline; }
        .board .column h2 { font-size: 1rem; margin: 0 0 6px; }
        .board .column .over { color: var(--worse); }
        .board ol.cards { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 6px; }
        .board .card { background: #fff; border: 1px solid var(--line); border-left: 5px solid #8c959f; border-radius: 4px; padding: 6px; font-size: .85rem; }
        .board .card.band-within-p50 { border-left-color: #2da44e; }
        .board .card.band-p50-p85 { border-left-color: #d4a72c; }
        .board .card.band-beyond-p85 { border-left-color: #cf222e; }
        .board .card.blocked { outline: 2px dashed #cf222e; }
        .board .card .card-head { display: flex; justify-content: space-between; gap: 6px; }
        .board .card .key { font-weight: 600; }
        .board .card .type { color: var(--muted); }
        .board .card .title { margin: 4px 0; overflow-wrap: anywhere; }
        .board .card .facts { display: flex; gap: 8px; flex-wrap: wrap; color: var(--muted); margin: 0; }
        .board .card .blocked-reason { color: #cf222e; margin: 4px 0 0; overflow-wrap: anywhere; }
        """;
}
