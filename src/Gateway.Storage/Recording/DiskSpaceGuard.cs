namespace Gateway.Storage.Recording;

/// <summary>Free space of the file system holding the recordings (statvfs through <see cref="DriveInfo"/>).</summary>
internal static class DiskSpaceGuard
{
    /// <summary>Free bytes available to this process on the file system of <paramref name="directory"/>; -1 when unknown.</summary>
    public static long FreeBytes(string directory)
    {
        try
        {
            Directory.CreateDirectory(directory);
            return new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return -1;
        }
    }
}
