using System.Runtime.CompilerServices;

// The connector tests check query building (JQL bounds, cursors) directly.
[assembly: InternalsVisibleTo("PmoFlow.Ingestion.Tests")]
