using Siamese.Trainer.Cli;

// train | eval | export | generate: see trainer/README.md.
return TrainerCli.Run(args);
