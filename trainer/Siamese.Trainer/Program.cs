using Siamese.Trainer.Cli;

// train | eval | export | generate | suite: see trainer/README.md.
ThreadWaitPolicy.Apply();
AllocatorPolicy.Apply();
LibTorchLogLevel.Apply(Environment.GetEnvironmentVariable(LibTorchLogLevel.Variable));
return TrainerCli.Run(args);
