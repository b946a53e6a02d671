namespace Gateway.Storage.Migrations;

/// <summary>One forward-only schema step. Versions are dense (1, 2, 3...) and never edited once released.</summary>
/// <param name="Version">The schema version after this step.</param>
/// <param name="Description">What the step does (stored in <c>schema_version</c>).</param>
/// <param name="Sql">The DDL, run in one transaction together with the version row.</param>
internal sealed record SchemaMigration(int Version, string Description, string Sql);
