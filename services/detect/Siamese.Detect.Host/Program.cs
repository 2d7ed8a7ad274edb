using Siamese.Detect;
using Siamese.Detect.Consumers;
using Siamese.Messaging;
using Siamese.ServiceDefaults;

var arguments = new HostArguments(
    "Siamese.Detect.Host",
    "Siamese detect: finds, aligns and crops what the model identifies in each frame from RabbitMQ, and passes the crops to embed.",
    [HostArguments.Model, HostArguments.YuNet, .. HostArguments.SecurityOptions]);

return await ServiceRunner.RunServiceAsync(args, arguments, configuration =>
{
    var builder = ServiceHost.CreateBuilder(configuration);
    builder.AddServiceDefaults();
    builder.AddDetectService();
    builder.AddSiameseMessaging(bus => bus.AddDetectConsumers());

    var app = builder.Build();
    app.ValidateSettings();
    app.MapDefaultEndpoints();
    app.MapDetectService();
    return app;
});
