// TorchSharp's thread count is one setting for the whole process (the backbone's head trains on one thread, the other
// towers on every core), and a different thread count sums in a different order: tests that train side by side would
// change each other's weights, and "the same seed trains the same weights" would fail for no fault of the trainer.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
