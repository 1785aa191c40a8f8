package io.agentkit.core.oci;

import io.agentkit.core.RecordingLog;
import io.agentkit.core.chart.ChartArchive;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A small chart archive and push-chart's core call against the fake registries, with a recording log. */
final class TestPush {

  static final Instant TIMESTAMP = Instant.parse("2026-11-23T00:00:00Z");
  static final RetryPolicy QUICK = new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(40));

  final RecordingLog log = new RecordingLog();
  final Path dir;
  Path archive;
  Map<String, String> env = Map.of();
  Credentials settings;
  TlsOptions tls = TlsOptions.DEFAULT;
  List<String> trustedAuthRealms = List.of();
  RetryPolicy retry = QUICK;
  Path outputDirectory;

  TestPush(Path dir) throws Exception {
    this.dir = dir;
    this.archive = chart(dir, "demo", "1.0.0");
  }

  static Path chart(Path dir, String name, String version) throws Exception {
    Map<String, byte[]> files = new TreeMap<>();
    files.put("Chart.yaml", ("apiVersion: v2\nname: " + name + "\nversion: " + version + "\ndescription: A test chart\n").getBytes(StandardCharsets.UTF_8));
    files.put("values.yaml", "replicaCount: 1\n".getBytes(StandardCharsets.UTF_8));
    Path archive = dir.resolve(name + "-" + version + ".tgz");
    Files.createDirectories(dir);
    Files.write(archive, ChartArchive.write(name, files, TIMESTAMP));
    return archive;
  }

  PushChart.Result push(String repository, boolean plainHttp) throws Exception {
    Connection connection = new Connection(plainHttp, null, retry, tls, trustedAuthRealms);
    String serverId = repository.replaceFirst("^[a-z]+://", "").replaceFirst("/.*$", "");
    return new PushChart(log).run(new PushRequest(archive, repository, TIMESTAMP, connection, new CredentialSources(settings, serverId, env, dir.resolve("home")),
        outputDirectory, false, UploadMethod.CHARTMUSEUM));
  }
}
