namespace Gateway.Storage.Migrations;

/// <summary>
/// The database was written by a newer gateway than this one: starting would risk corrupting data it does not
/// understand. The host turns this into exit code 2 with <see cref="Exception.Message"/> as the one-line reason.
/// </summary>
public sealed class SchemaVersionTooNewException : Exception
{
    public SchemaVersionTooNewException(string database, int databaseVersion, int supportedVersion)
        : base($"Gateway:Storage: the database '{database}' has schema version {databaseVersion}, but this gateway supports up to {supportedVersion}. "
               + "It was written by a newer Gateway; run that version or restore a backup made with this one (downgrades are refused).")
    {
        Database = database;
        DatabaseVersion = databaseVersion;
        SupportedVersion = supportedVersion;
    }

    public SchemaVersionTooNewException()
        : this("(unknown)", 0, 0)
    {
    }

    public SchemaVersionTooNewException(string message)
        : base(message)
    {
        Database = "(unknown)";
    }

    public SchemaVersionTooNewException(string message, Exception innerException)
        : base(message, innerException)
    {
        Database = "(unknown)";
    }

    public string Database { get; }

    public int DatabaseVersion { get; }

    public int SupportedVersion { get; }
}
