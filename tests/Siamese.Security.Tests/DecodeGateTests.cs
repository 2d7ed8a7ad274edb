using Siamese.ServiceDefaults;

namespace Siamese.Security.Tests;

public sealed class DecodeGateTests
{
    [Fact]
    public async Task CallsBeyondTheSlotsWaitAndCallsBeyondTheQueueAreRefusedAsBusy()
    {
        using var gate = new DecodeGate(concurrency: 1, queueLength: 1);
        using var release = new ManualResetEventSlim();
        var running = Task.Run(() => gate.RunAsync(() => release.Wait(TimeSpan.FromMinutes(1)), CancellationToken.None));
        for (var i = 0; i < 2000 && gate.Running == 0; i++)
        {
            await Task.Delay(5);
        }

        var queued = gate.RunAsync(() => 2, CancellationToken.None);
        await Task.Delay(50);
        var busy = await Assert.ThrowsAsync<ServiceBusyException>(() => gate.RunAsync(() => 3, CancellationToken.None));

        release.Set();
        Assert.True(await running);
        Assert.Equal(2, await queued);
        Assert.Contains("try again", busy.Message, StringComparison.Ordinal);
        Assert.Equal(4, await gate.RunAsync(() => 4, CancellationToken.None));
    }
}
