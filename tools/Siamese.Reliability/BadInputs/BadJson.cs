namespace Siamese.Reliability.BadInputs;

/// <summary>Bodies for the REST routes (JSON transcoding) that are not a valid request: broken JSON, wrong types, bad base64, bombs.</summary>
public static class BadJson
{
    public static IReadOnlyList<(string Name, string Body)> Bodies { get; } =
    [
        ("empty", ""),
        ("open-brace", "{"),
        ("not-json", "hello world"),
        ("array", "[]"),
        ("null", "null"),
        ("number", "42"),
        ("images-number", "{\"images\": 5}"),
        ("images-object", "{\"images\": {\"a\": 1}}"),
        ("images-bad-base64", "{\"images\": [\"%%% not base64 %%%\"]}"),
        ("images-not-an-image", "{\"images\": [\"aGVsbG8gd29ybGQ=\"]}"),
        ("image-bad-base64", "{\"image\": \"@@@\"}"),
        ("image-not-an-image", "{\"image\": \"aGVsbG8gd29ybGQ=\"}"),
        ("image-empty", "{\"image\": \"\"}"),
        ("topk-string", "{\"image\": \"aGVsbG8=\", \"topK\": \"many\"}"),
        ("topk-negative", "{\"embedding\": {\"values\": [1]}, \"topK\": -3}"),
        ("topk-huge-number", "{\"image\": \"aGVsbG8=\", \"topK\": 1e999}"),
        ("threshold-nan", "{\"embedding\": {\"values\": [1]}, \"threshold\": \"NaN\"}"),
        ("threshold-negative", "{\"embedding\": {\"values\": [1]}, \"threshold\": -1}"),
        ("embedding-wrong-dimension", "{\"embedding\": {\"values\": [1, 2, 3]}}"),
        ("embedding-strings", "{\"embedding\": {\"values\": [\"a\", \"b\"]}}"),
        ("embeddings-infinite", "{\"embeddings\": [{\"values\": [\"Infinity\"]}]}"),
        ("display-name-control", "{\"displayName\": \"a\\u0000b\", \"images\": [\"aGVsbG8=\"]}"),
        ("deep-nesting", new string('[', 5000) + new string(']', 5000)),
        ("deep-object", string.Concat(Enumerable.Repeat("{\"a\":", 3000)) + "1" + new string('}', 3000)),
        ("duplicate-oneof", "{\"image\": \"aGVsbG8=\", \"embedding\": {\"values\": [1]}}"),
        ("trailing-garbage", "{\"image\": \"aGVsbG8=\"} trailing"),
        ("crops-bad-pixels", "{\"crops\": [{\"pixels\": {\"width\": -1, \"height\": 5, \"data\": \"AAAA\"}}]}"),
        ("crops-pixel-mismatch", "{\"crops\": [{\"pixels\": {\"width\": 100, \"height\": 100, \"data\": \"AAAA\"}}]}"),
        ("crops-empty", "{\"crops\": []}"),
        ("min-score-out-of-range", "{\"image\": \"aGVsbG8=\", \"minScore\": 7}"),
        ("utf8-invalid", "{\"image\": \"\udcff\"}"),
    ];
}
