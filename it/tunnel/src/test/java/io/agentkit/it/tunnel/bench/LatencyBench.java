package io.agentkit.it.tunnel.bench;

import io.agentkit.it.tunnel.support.Cluster;
import io.agentkit.it.tunnel.support.ProxyClient;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Round-trip time of a 1-byte echo on one open stream, and the time to open a stream (CONNECT
 * answered), through the tunnel, ssh -R and direct, in interleaved rounds after a warm-up; p50 and
 * p99 of each round, medians over rounds. Run with {@code it/tunnel/src/bench/run.sh LatencyBench [rounds]}.
 */
public final class LatencyBench {

  private static final int PINGS = 2000;
  private static final int OPENS = 200;

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    try (Cluster c = new Cluster("latency-bench")) {
      BenchSetup.oneAgent(c);
      ProxyClient client = c.proxyClient();
      Process echo = new ProcessBuilder(io.agentkit.it.tunnel.support.JavaProcess.java(), "-cp", System.getProperty("java.class.path"),
          EchoTarget.class.getName()).start();
      try {
        int port = Integer.parseInt(new BufferedReader(new InputStreamReader(echo.getInputStream())).readLine().trim());
        SshReverse ssh = SshReverse.available() ? SshReverse.start(c.dir().resolve("ssh"), port) : null;
        for (int i = 0; i < 3; i++) {
          rtt(client.connect("127.0.0.1", port));
          if (ssh != null) {
            rtt(new Socket("127.0.0.1", ssh.port()));
          }
        }
        List<double[]> tunnel = new ArrayList<>();
        List<double[]> viaSsh = new ArrayList<>();
        List<double[]> direct = new ArrayList<>();
        List<double[]> openTunnel = new ArrayList<>();
        List<double[]> openSsh = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
          direct.add(rtt(new Socket("127.0.0.1", port)));
          tunnel.add(rtt(client.connect("127.0.0.1", port)));
          openTunnel.add(opens(() -> client.connect("127.0.0.1", port)));
          if (ssh != null) {
            viaSsh.add(rtt(new Socket("127.0.0.1", ssh.port())));
            openSsh.add(opens(() -> echoed(new Socket("127.0.0.1", ssh.port()))));
          }
          System.out.printf("round %d: echo RTT p50/p99 direct %.3f/%.3f ms, tunnel %.3f/%.3f ms%s; open p50 tunnel %.2f ms%s; load %s%n", r,
              direct.get(r - 1)[0], direct.get(r - 1)[1], tunnel.get(r - 1)[0], tunnel.get(r - 1)[1],
              ssh == null ? "" : String.format(", ssh -R %.3f/%.3f ms", viaSsh.get(r - 1)[0], viaSsh.get(r - 1)[1]),
              openTunnel.get(r - 1)[0], ssh == null ? "" : String.format(", ssh -R %.2f ms", openSsh.get(r - 1)[0]), EchoBench.loadavg());
        }
        System.out.printf("median of %d rounds: echo RTT p50 direct %.3f ms, tunnel %.3f ms%s; p99 tunnel %.3f ms%s; stream open p50 tunnel %.2f ms%s%n",
            rounds, med(direct, 0), med(tunnel, 0), ssh == null ? "" : String.format(", ssh -R %.3f ms", med(viaSsh, 0)), med(tunnel, 1),
            ssh == null ? "" : String.format(" (ssh -R %.3f ms)", med(viaSsh, 1)), med(openTunnel, 0),
            ssh == null ? "" : String.format(", ssh -R %.2f ms (open + first echo)", med(openSsh, 0)));
        if (ssh != null) {
          ssh.close();
        }
      } finally {
        echo.destroyForcibly();
      }
    }
  }

  private interface Opener {
    Socket open() throws Exception;
  }

  /** ssh -R accepts at once and connects the target later: a stream is open once a byte came back. */
  private static Socket echoed(Socket s) throws Exception {
    s.getOutputStream().write(1);
    if (s.getInputStream().read() < 0) {
      throw new java.io.IOException("closed");
    }
    return s;
  }

  /** p50 and p99 in ms of {@link #OPENS} sequential opens. */
  private static double[] opens(Opener o) throws Exception {
    long[] t = new long[OPENS];
    for (int i = 0; i < OPENS; i++) {
      long t0 = System.nanoTime();
      Socket s = o.open();
      t[i] = System.nanoTime() - t0;
      s.close();
    }
    return pct(t);
  }

  /** p50 and p99 in ms of {@link #PINGS} 1-byte round trips on one connection. */
  private static double[] rtt(Socket s) throws Exception {
    try (s) {
      s.setTcpNoDelay(true);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      long[] t = new long[PINGS];
      for (int i = 0; i < PINGS; i++) {
        long t0 = System.nanoTime();
        out.write(i);
        if (in.read() < 0) {
          throw new java.io.IOException("closed");
        }
        t[i] = System.nanoTime() - t0;
      }
      return pct(t);
    }
  }

  private static double[] pct(long[] t) {
    long[] s = t.clone();
    Arrays.sort(s);
    return new double[] {s[s.length / 2] / 1e6, s[(int) (s.length * 0.99)] / 1e6};
  }

  private static double med(List<double[]> v, int i) {
    return ThroughputBench.median(v.stream().map(a -> a[i]).toList());
  }
}
