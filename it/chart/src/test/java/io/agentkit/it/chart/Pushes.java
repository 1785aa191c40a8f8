package io.agentkit.it.chart;

import io.agentkit.core.RecordingLog;
import io.agentkit.core.oci.Connection;
import io.agentkit.core.oci.CredentialSources;
import io.agentkit.core.oci.Credentials;
import io.agentkit.core.oci.ProxySettings;
import io.agentkit.core.oci.PushChart;
import io.agentkit.core.oci.PushRequest;
import io.agentkit.core.oci.RetryPolicy;
import io.agentkit.core.oci.TlsOptions;
import io.agentkit.core.oci.UploadMethod;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** push-chart's core call, with a recording log, as the mojo makes it. */
final class Pushes {

  static final RetryPolicy QUICK = new RetryPolicy(2, Duration.ofMillis(50), Duration.ofMillis(100));

  private final RecordingLog buildLog = new RecordingLog();

  /** Everything the push logged, in order. */
  final List<String> log = buildLog.lines;

  PushChart.Result push(Path archive, String repository, boolean plainHttp, Credentials settingsCredentials, Map<String, String> env, Path home)
      throws Exception {
    return push(archive, repository, plainHttp, settingsCredentials, env, home, null, QUICK);
  }

  PushChart.Result push(Path archive, String repository, boolean plainHttp, Credentials settingsCredentials, Map<String, String> env, Path home,
      ProxySettings proxy, RetryPolicy retry) throws Exception {
    return push(archive, repository, new Connection(plainHttp, proxy, retry, TlsOptions.DEFAULT, List.of()), settingsCredentials, env, home, null,
        UploadMethod.CHARTMUSEUM);
  }

  PushChart.Result push(Path archive, String repository, Connection connection, Credentials settingsCredentials, Map<String, String> env, Path home,
      Path outputDirectory, UploadMethod uploadMethod) throws Exception {
    String serverId = repository.replaceFirst("^[a-z]+://", "").replaceFirst("/.*$", "");
    return new PushChart(buildLog).run(new PushRequest(archive, repository, ChartFixture.TIMESTAMP, connection,
        new CredentialSources(settingsCredentials, serverId, env, home), outputDirectory, false, uploadMethod));
  }

  PushChart.Result anonymous(Path archive, String repository, Path home) throws Exception {
    return push(archive, repository, true, null, Map.of(), home);
  }
}
