// The face pipeline and the item pipeline each start four hosts on the same broker and queue names: side by side,
// one pipeline's hosts would consume the other's frames (answered against the wrong index and model).
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
