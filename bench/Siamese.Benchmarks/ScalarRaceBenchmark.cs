using System.Diagnostics;
using System.Runtime.InteropServices;
using Siamese.Trainer.Towers;
using Siamese.Trainer.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Siamese.Benchmarks;

/// <summary>
/// How often a libtorch call fails when a Scalar it reads is freed under it: TorchSharp's own call (a Scalar nothing
/// holds once its handle is read) beside the trainer's held stand-in, each looped on one thread for the same time while
/// another thread collects garbage and runs finalizers without pause. The collector stands for what happens rarely in
/// a run: another thread (side-by-side training, xunit's parallel tests, a timer) starting a collection during a call.
/// </summary>
public sealed class ScalarRaceBenchmark : IBenchmark
{
    public string Name => "scalar-race";

    public IReadOnlyList<string> Options => ["--seconds"];

    public string Description => "Failed libtorch calls under a collector thread: TorchSharp's unheld Scalars vs the trainer's held ones (--seconds per case).";

    public Task<object> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var seconds = ServingArgs.Int(args, "--seconds", 20);
        torch.set_num_threads(1);
        var cases = new List<RaceCase>
        {
            Race("tensor + tensor", "TorchSharp's + (add(other, 1))", "HeldScalars.Plus", seconds, cancellationToken, () =>
            {
                var a = ones(64, 64);
                var b = ones(64);
                return (() => (a + b).Dispose(), () => a.Plus(b).Dispose(), () => { a.Dispose(); b.Dispose(); });
            }),
            Race("BatchNorm2d training step (forward)", "nn.BatchNorm2d", "HeldBatchNorm2d", seconds, cancellationToken, () =>
            {
                var reference = nn.BatchNorm2d(4);
                var held = new HeldBatchNorm2d(4);
                reference.train();
                held.train();
                var input = randn(2, 4, 3, 3);
                return (() => { using var _ = no_grad(); reference.call(input).Dispose(); },
                    () => { using var _ = no_grad(); held.call(input).Dispose(); },
                    () => { reference.Dispose(); held.Dispose(); input.Dispose(); });
            }),
            Race("Adam step (two parameters)", "optim.Adam", "HeldAdam", seconds, cancellationToken, () =>
            {
                var reference = nn.Linear(8, 4);
                var held = nn.Linear(8, 4);
                var referenceOptimizer = optim.Adam(reference.parameters(), 1e-6);
                var heldOptimizer = new HeldAdam(held.parameters(), 1e-6, 0);
                foreach (var p in reference.parameters().Concat(held.parameters()))
                {
                    p.grad = ones_like(p);
                }

                return (() => referenceOptimizer.step(), () => heldOptimizer.step(),
                    () => { referenceOptimizer.Dispose(); heldOptimizer.Dispose(); reference.Dispose(); held.Dispose(); });
            }),
        };

        return Task.FromResult<object>(new
        {
            SecondsPerSide = seconds,
            Collector = "a second thread running GC.Collect() and GC.WaitForPendingFinalizers() in a loop for the whole run",
            Cases = cases,
        });
    }

    private static RaceCase Race(string operation, string unheld, string held, int seconds, CancellationToken cancellationToken,
        Func<(Action Unheld, Action Held, Action Dispose)> setUp)
    {
        var (unheldCall, heldCall, dispose) = setUp();
        try
        {
            var reference = Loop(unheldCall, seconds, cancellationToken);
            var stand = Loop(heldCall, seconds, cancellationToken);
            Console.WriteLine($"{operation}: {unheld} failed {reference.Failures} of {reference.Calls:N0} calls; {held} {stand.Failures} of {stand.Calls:N0}");
            return new RaceCase(operation, new Side(unheld, reference.Calls, reference.Failures, reference.FirstError),
                new Side(held, stand.Calls, stand.Failures, stand.FirstError));
        }
        finally
        {
            dispose();
        }
    }

    private static (long Calls, long Failures, string? FirstError) Loop(Action call, int seconds, CancellationToken cancellationToken)
    {
        long calls = 0, failures = 0;
        string? first = null;
        var clock = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(seconds);
        var collector = new Thread(() =>
        {
            while (clock.Elapsed < limit && !cancellationToken.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        });
        collector.Start();
        while (clock.Elapsed < limit && !cancellationToken.IsCancellationRequested)
        {
            try
            {
                call();
                calls++;
            }
            catch (ExternalException e)
            {
                failures++;
                first ??= e.Message.Split('\n')[0].Trim();
            }
        }

        collector.Join();
        return (calls, failures, first);
    }

    private sealed record Side(string Call, long Calls, long Failures, string? FirstError)
    {
        public double FailuresPerMillion => Calls == 0 ? 0 : Math.Round(Failures * 1e6 / Calls, 2);
    }

    private sealed record RaceCase(string Operation, Side Unheld, Side Held);
}
