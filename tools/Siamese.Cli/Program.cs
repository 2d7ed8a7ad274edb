return await Siamese.Cli.CliApp.RunAsync(args);
