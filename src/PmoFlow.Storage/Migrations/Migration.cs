namespace PmoFlow.Storage.Migrations;

/// <summary>One numbered schema change.</summary>
/// <param name="Version">The number the file name starts with (<c>0001_initial.sql</c> is 1).</param>
/// <param name="Name">The file name without extension.</param>
/// <param name="Sql">The SQL, run in one transaction.</param>
public sealed record Migration(int Version, string Name, string Sql);
