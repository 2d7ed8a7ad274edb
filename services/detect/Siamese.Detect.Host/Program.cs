using Siamese.Detect;
using Siamese.Detect.Consumers;
using Siamese.Messaging;
using Siamese.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddDetectService();
builder.AddSiameseMessaging(bus => bus.AddDetectConsumers());

var app = builder.Build();
app.MapDefaultEndpoints();
app.MapDetectService();
return await app.RunServiceAsync();
