using Siamese.Trainer.Cli;

// train | eval | export | generate | suite: see trainer/README.md.
ThreadWaitPolicy.Apply();
AllocatorPolicy.Apply();
return TrainerCli.Run(args);
