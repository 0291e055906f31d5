package io.modelfn.cli.testing;

/** Canned answers of the admin API, shaped as its contract says. */
public final class AdminAnswers {

    private AdminAnswers() {
    }

    public static final String MODELS = """
            {"models":[
              {"name":"iris","versions":2,"production":"1.1.0","aliases":{"production":"1.1.0","staging":"1.1.0"}},
              {"name":"digits","versions":1,"production":null,"aliases":{}}
            ]}""";

    public static String version(String version, String state, double accuracy) {
        return """
                {"model":"iris","version":"%s","state":"%s","stateReason":null,
                 "sha256":"52e54f283a9400491b059adf6913a24053df82574a9c5ca90f843de209c82737","sizeBytes":1132,
                 "artifact":"s3://models-bucket/models/iris/%s/model.onnx","artifactVersionId":"3HL4kqtJlcpXroDTDmJ-%s",
                 "task":"classification",
                 "signature":{"inputs":[{"name":"input","datatype":"FP32","shape":[-1,4]}],
                              "outputs":[{"name":"probabilities","datatype":"FP32","shape":[-1,3]},
                                         {"name":"label","datatype":"INT64","shape":[-1]}]},
                 "metrics":{"accuracy":%s,"f1Macro":0.909502},
                 "createdAt":"2025-11-20T10:00:00Z","createdBy":"alice","revision":3}"""
                .formatted(version, state, version, version, accuracy);
    }

    public static final String MODEL_DESCRIBE = """
            {"name":"iris",
             "versions":[%s,%s],
             "aliases":[{"alias":"production","version":"1.1.0","previousVersion":"1.0.0","revision":4}],
             "endpoints":["iris"]}""".formatted(version("1.0.0", "DEPRECATED", 0.733333), version("1.1.0", "PRODUCTION", 0.911111));

    public static String validated(String version, boolean passed) {
        String base = version(version, passed ? "VALIDATED" : "FAILED", 0.95);
        return base.substring(0, base.lastIndexOf('}')) + """
                ,"validation":{"passed":%s,"checks":[
                   {"name":"sha256","passed":true,"detail":"digest matches"},
                   {"name":"reference","passed":%s,"detail":"%s"}]}}"""
                .formatted(passed, passed, passed ? "2 cases match" : "case batch-of-8 differs at index 3");
    }

    public static final String ENDPOINT = """
            {"name":"iris",
             "variants":[{"name":"stable","model":"iris","version":"1.0.0","weight":9000},
                         {"name":"canary","model":"iris","version":"1.1.0","weight":1000}],
             "shadow":{"model":"iris","version":"1.2.0","sampleRate":1000},
             "stickySalt":"s1","backend":"lambda","revision":7,"updatedAt":"2025-11-21T08:00:00Z"}""";

    public static final String ALIAS = """
            {"alias":"production","version":"1.1.0","previousVersion":"1.0.0","revision":5}""";
}
