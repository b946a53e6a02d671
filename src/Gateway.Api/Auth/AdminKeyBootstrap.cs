namespace Gateway.Api.Auth;

/// <summary>
/// First start without configured keys: generates an admin key, keeps only its SHA-256 (admin.key.sha256) and writes the
/// key itself once to admin.key with mode 0600 so a local operator (and gatewayctl on loopback) can read it.
/// Later starts reuse the stored hash; deleting admin.key does not re-create it (the hash stays valid).
/// </summary>
public sealed class AdminKeyBootstrap
{
    public const string KeyFileName = "admin.key";
    public const string HashFileName = "admin.key.sha256";

    private readonly string _directory;

    public AdminKeyBootstrap(string directory)
    {
        _directory = Path.GetFullPath(directory);
    }

    public BootstrapResult Ensure()
    {
        Directory.CreateDirectory(_directory);
        var hashFile = Path.Combine(_directory, HashFileName);
        var keyFile = Path.Combine(_directory, KeyFileName);
        if (File.Exists(hashFile))
        {
            var hex = File.ReadAllText(hashFile).Trim();
            if (hex.Length == 64)
            {
                return new BootstrapResult(Convert.FromHexString(hex), hashFile, keyFile, KeyFileWritten: false);
            }

            throw new InvalidOperationException($"{hashFile} does not hold a SHA-256 hex hash; delete it to generate a new admin key.");
        }

        var key = ApiKeyHash.Generate();
        var hash = ApiKeyHash.Compute(key);

        // Create the key file with 0600 from the start (never world-readable, not even briefly).
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(keyFile, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(key);
            writer.Write('\n');
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.WriteAllText(hashFile, Convert.ToHexStringLower(hash) + "\n");
        return new BootstrapResult(hash, hashFile, keyFile, KeyFileWritten: true);
    }
}

/// <summary>What <see cref="AdminKeyBootstrap.Ensure"/> found or created.</summary>
public sealed record BootstrapResult(byte[] Hash, string HashFilePath, string KeyFilePath, bool KeyFileWritten);
