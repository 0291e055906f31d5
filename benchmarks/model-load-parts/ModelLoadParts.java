// The two CPU-bound parts of loading one model version at a cold start, alone in a fresh JVM: the artifact's SHA-256
// (as the model cache checks it) and the ONNX Runtime session (once at each optimisation level given). Run with
// Lambda's JIT settings on one core, e.g. from the repository's root:
//
//   taskset -c 1 java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
//       -cp ~/.m2/repository/com/microsoft/onnxruntime/onnxruntime/1.29.0/onnxruntime-1.29.0.jar \
//       benchmarks/model-load-parts/ModelLoadParts.java models/wide-mlp/1.1.0/model.onnx ALL_OPT,BASIC_OPT,NO_OPT
//
// The first session pays ONNX Runtime's own first-use costs; the engine's start (its native libraries) is timed apart.
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

public class ModelLoadParts {

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        long start = System.nanoTime();
        byte[] bytes = Files.readAllBytes(model);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < bytes.length; i += 65_536) {
            sha256.update(bytes, i, Math.min(65_536, bytes.length - i));
        }
        sha256.digest();
        long hashed = System.nanoTime();
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        long engine = System.nanoTime();
        System.out.printf("%s: %,d bytes; read and SHA-256 %.1f ms; engine start %.1f ms%n", model, bytes.length,
                (hashed - start) / 1e6, (engine - hashed) / 1e6);
        for (String level : (args.length > 1 ? args[1] : "ALL_OPT").split(",")) {
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.valueOf(level));
                long before = System.nanoTime();
                try (OrtSession session = environment.createSession(model.toString(), options)) {
                    System.out.printf("session (%s) %.1f ms%n", level, (System.nanoTime() - before) / 1e6);
                }
            }
        }
    }
}
