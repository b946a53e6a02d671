namespace Gateway.Host.Hosting;

/// <summary>Process exit codes (documented in the README; systemd and scripts rely on them).</summary>
public static class ExitCodes
{
    /// <summary>Started and stopped cleanly (also after SIGTERM / Ctrl-C).</summary>
    public const int Ok = 0;

    /// <summary>Failed at run time, e.g. a listen port already in use, or shutdown overran its budget.</summary>
    public const int Failure = 1;

    /// <summary>Bad configuration or command line: nothing was started.</summary>
    public const int Configuration = 2;

    /// <summary>A second SIGINT/SIGTERM forced the exit: 128 + signal number, as shells report it.</summary>
    public const int ForcedByInterrupt = 128 + 2;

    public const int ForcedByTerminate = 128 + 15;
}
