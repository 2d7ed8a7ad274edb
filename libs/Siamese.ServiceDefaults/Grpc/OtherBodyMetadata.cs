namespace Siamese.ServiceDefaults.Grpc;

/// <summary>
/// Endpoint metadata of an HTTP endpoint that shares its route with a JSON-transcoded one and takes another kind of
/// body (a photo, a form of labelled photos): <paramref name="Description"/> says what, and how to send it, where the
/// transcoded call tells a client that sent neither what the route takes (<see cref="TranscodedRequestMiddleware"/>).
/// </summary>
/// <param name="Description">E.g. "a photo (multipart/form-data: curl -F image=@photo.jpg; or the raw body with its image/* type)".</param>
public sealed record OtherBodyMetadata(string Description);
