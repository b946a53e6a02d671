using Gateway.LoadTest;

// Load harness for the gateway (issue 12): starts the real gateway with generated RTP talk groups, drives paced talkers
// into it, measures fan-out at real UDP listeners, and compares with a raw loopback baseline measured in the same run.
HarnessOptions options;
try
{
    options = HarnessOptions.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

try
{
    if (options.Preset == "idle")
    {
        return IdleRun.Execute(options);
    }

    if (options.Preset == "churn")
    {
        return ChurnRun.Execute(options);
    }

    var report = LoadRun.Execute(options);
    report.Print(Console.Out);
    if (options.JsonFile is { } json)
    {
        report.WriteJson(json);
        Console.WriteLine($"JSON written to {json}");
    }

    return 0;
}
catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or FileNotFoundException)
{
    await Console.Error.WriteLineAsync("load test failed: " + ex.Message);
    return 1;
}
