using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Siamese.Contracts;

namespace Siamese.ServiceDefaults;

/// <summary>
/// For a GET that takes no query parameter (<c>/v1/model</c>, <c>/v1/me</c>, a model plot): one is refused, named (400,
/// problem details), as the transcoded calls and the photo forms refuse a field they do not take, instead of answering
/// as if it were not there: <c>/v1/model?tenant=shop</c> reads as if it were the model of that tenant.
/// </summary>
public static class NoQueryParameters
{
    /// <summary>Refuses any query parameter, and says so in the OpenAPI document (a 400 problem).</summary>
    public static RouteHandlerBuilder TakesNoQueryParameters(this RouteHandlerBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddEndpointFilter(async (context, next) =>
                context.HttpContext.Request.Query.Keys.FirstOrDefault() is { } key
                    ? TypedResults.Problem(Problem(key), statusCode: StatusCodes.Status400BadRequest)
                    : await next(context).ConfigureAwait(false))
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    /// <summary>Why a query parameter is refused (a long name cut, as the other calls cut it).</summary>
    public static string Problem(string key) => $"'{NameRules.Shorten(key)}' is not a query parameter of this call, which takes none.";
}
