package io.agentkit.it.chart;

import io.agentkit.core.RecordingLog;
import io.agentkit.core.oci.Credentials;
import io.agentkit.core.oci.PushChart;
import io.agentkit.core.oci.ProxySettings;
import io.agentkit.core.oci.PushRequest;
import io.agentkit.core.oci.RetryPolicy;
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
    String serverId = repository.replaceFirst("^oci://", "").replaceFirst("/.*$", "");
    return new PushChart(buildLog).run(new PushRequest(archive, repository, plainHttp, ChartFixture.TIMESTAMP, settingsCredentials, serverId, proxy,
        retry, env, home));
  }

  PushChart.Result anonymous(Path archive, String repository, Path home) throws Exception {
    return push(archive, repository, true, null, Map.of(), home);
  }
}
