using System.Text.Json;

namespace Siamese.Trainer.Tests;

public sealed class RuntimeConfigurationTests
{
    [Fact]
    public void TheTrainersRuntimeConfigurationAsksTheCollectorToCompactTheLargeObjectHeap()
    {
        // Copied beside the tests from the trainer's build; `dotnet Siamese.Trainer.dll` starts with it.
        var file = Path.Combine(AppContext.BaseDirectory, "Siamese.Trainer.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(file));

        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.Equal(7, properties.GetProperty("System.GC.ConserveMemory").GetInt32());
    }
}
