using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Tests.Shared;

namespace Gateway.Connectors.Serial.Tests;

/// <summary>The example configurations in hardware-notes/example-configs.md must stay valid as the options evolve.</summary>
public sealed partial class HardwareNotesExamplesTests
{
    [Fact]
    public void ExampleConfigs_EveryJsonBlock_ValidatesCleanly()
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "hardware-notes", "example-configs.md"));
        var blocks = JsonBlock().Matches(text).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(3, blocks.Count);

        var methods = new List<string>();
        foreach (var json in blocks)
        {
            var options = JsonSerializer.Deserialize<SerialRadioOptions>(json, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
            var settings = RadioSettings.Create(options, "example", out var errors);
            Assert.Empty(errors);
            methods.Add(settings.PttMethod + "/" + settings.SquelchMethod);
        }

        Assert.Equal(["cat-kenwood/cat-kenwood", "cat-civ/cat-civ", "none/vox"], methods);
    }

    [GeneratedRegex("```json\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();
}
