// Loads the classes named in a file (one per line), initialising each, and prints the time by package group: what
// a list of classes costs a fresh JVM. The lists for docs/PERFORMANCE.md came from a cold start's class-load log
// (lambda-harness ColdStartFiguresIT with -Dharness.figures.java-tool-options=-Xlog:class+load:file=<log>:uptime):
//   grep software.amazon.awssdk <log> | awk '{print $2}' | grep -v '\$\$Lambda' > all.txt
//   grep -v 'Query\|GetItem\|Condition\|ConsumedCapacity\|Copier\|paginators\|GetObject\|S3Request\|S3Response\|GetSecretValue\|SecretsManagerRequest\|SecretsManagerResponse\|DynamoDbRequest\|DynamoDbResponse\|UserAgentUtils\|pagination' all.txt > kept.txt
// then, with benchmarks/aws-calls/run.sh's classes and merged jar:
//   taskset -c 1 java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp <classes>:<merged jar> LoadList all.txt
import java.nio.file.*; import java.util.*; import java.util.function.*;
public class LoadList { public static void main(String[] a) throws Exception {
  List<String> names = Files.readAllLines(Path.of(a[0]));
  Supplier<String> s = () -> "x"; Function<String,Integer> f = String::length; f.apply(s.get());
  Runnable r = () -> {}; r.run(); BiConsumer<List<String>,String> bc = List::add;
  String prev = null; long t0 = System.nanoTime(), t = t0; Map<String, Double> by = new LinkedHashMap<>();
  for (String n : names) {
    String g = n.replaceAll("software\\.amazon\\.awssdk\\.", "").replaceAll("^(services\\.[a-z]+|[a-z]+)\\..*", "$1");
    long s0 = System.nanoTime();
    try { Class.forName(n, true, LoadList.class.getClassLoader()); } catch (Throwable e) { }
    by.merge(g, (System.nanoTime() - s0) / 1e6, Double::sum);
  }
  System.out.printf("total %.0f ms  %s%n", (System.nanoTime() - t0) / 1e6, by);
}}
