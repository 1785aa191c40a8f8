package io.agentkit.agent.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentkit.agent.config.TargetAllowlist;
import io.agentkit.contract.env.AgentEnv;
import io.agentkit.tunnel.protocol.Reason;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The egress check as the agent runs it on every OPEN, with a real socket where a dial succeeds. */
class TargetDialerTest {

  /** A fixed name table standing in for DNS (names the test controls, answers it can choose). */
  private static final class Names implements TargetDialer.Resolver {
    final Map<String, String[]> table;
    final List<String> asked = new ArrayList<>();

    Names(Map<String, String[]> table) {
      this.table = table;
    }

    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      asked.add(host);
      try {
        // Addresses resolve to themselves, as with the JDK's resolver.
        return new InetAddress[] {InetAddress.ofLiteral(host)};
      } catch (IllegalArgumentException notALiteral) {
        // A name: look it up below.
      }
      String[] a = table.get(host);
      if (a == null) {
        throw new UnknownHostException(host);
      }
      InetAddress[] out = new InetAddress[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = InetAddress.ofLiteral(a[i]);
      }
      return out;
    }
  }

  private static Names names() {
    return new Names(Map.of(
        "metadata.attacker.example", new String[] {"169.254.169.254"},
        "localhost", new String[] {"127.0.0.1", "::1"},
        "rebind.attacker.example", new String[] {"::ffff:127.0.0.1"},
        "db.internal", new String[] {"10.20.30.40"},
        "mixed.example", new String[] {"127.0.0.1", "10.20.30.41"},
        "v6.internal", new String[] {"fd00::5"}));
  }

  private static Reason refusal(TargetDialer d, String host, int port) {
    try {
      d.check(host, port);
      return null;
    } catch (Dialer.DialException e) {
      return e.reason();
    }
  }

  @Test
  void aNameDeniedByNamePatternsIsAllowedWhenItsResolvedAddressIsInACidr() throws Exception {
    Names dns = names();
    TargetDialer d = new TargetDialer(TargetAllowlist.parse("10.0.0.0/8:5432,*.svc.cluster.local:443"), 1000, dns);
    assertThat(d.check("db.internal", 5432)).isEqualTo(InetAddress.ofLiteral("10.20.30.40"));
    // The same name on a port no pattern covers: refused before any lookup.
    assertThat(refusal(d, "db.internal", 5433)).isEqualTo(Reason.NOT_ALLOWED);
    assertThat(dns.asked).containsExactly("db.internal");
    // A name resolving outside the range is refused after the lookup.
    assertThat(refusal(d, "localhost", 5432)).isEqualTo(Reason.NOT_ALLOWED);
  }

  @Test
  void aRefusedNameIsNeverLookedUpAndAnUnresolvableOneSaysSo() throws Exception {
    Names dns = names();
    TargetDialer onlyNames = new TargetDialer(TargetAllowlist.parse("db:5432"), 1000, dns);
    assertThat(refusal(onlyNames, "elsewhere.example", 5432)).isEqualTo(Reason.NOT_ALLOWED);
    assertThat(dns.asked).isEmpty();
    assertThat(refusal(onlyNames, "db", 5432)).isEqualTo(Reason.UNRESOLVED);
    TargetDialer any = new TargetDialer(TargetAllowlist.parse(AgentEnv.DEFAULT_ALLOWED_TARGETS), 1000, dns);
    assertThatThrownBy(() -> any.check("no-such-host.invalid", 443)).isInstanceOfSatisfying(Dialer.DialException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.UNRESOLVED));
  }

  @Test
  void byDefaultNamesCannotResolveAroundTheRestrictedRanges() throws Exception {
    TargetDialer d = new TargetDialer(TargetAllowlist.parse(AgentEnv.DEFAULT_ALLOWED_TARGETS), 1000, names());
    assertThatThrownBy(() -> d.check("metadata.attacker.example", 80)).isInstanceOfSatisfying(Dialer.DialException.class, e -> {
      assertThat(e.reason()).isEqualTo(Reason.NOT_ALLOWED);
      assertThat(e.getMessage()).contains("169.254.0.0/16").doesNotContain("169.254.169.254:");
    });
    assertThat(refusal(d, "169.254.169.254", 80)).isEqualTo(Reason.NOT_ALLOWED);
    assertThat(refusal(d, "localhost", 80)).isEqualTo(Reason.NOT_ALLOWED);
    assertThat(refusal(d, "rebind.attacker.example", 80)).isEqualTo(Reason.NOT_ALLOWED);
    assertThat(refusal(d, "::1", 80)).isEqualTo(Reason.NOT_ALLOWED);
    assertThat(refusal(d, "fe80::1", 80)).isEqualTo(Reason.NOT_ALLOWED);
    assertThat(refusal(d, "::ffff:127.0.0.1", 80)).isEqualTo(Reason.NOT_ALLOWED);
    assertThat(refusal(d, "0.0.0.0", 80)).isEqualTo(Reason.NOT_ALLOWED);
    // Ordinary addresses, IPv6 too, stay allowed; a name with a restricted and an ordinary address gets the ordinary one.
    assertThat(d.check("db.internal", 5432)).isEqualTo(InetAddress.ofLiteral("10.20.30.40"));
    assertThat(d.check("v6.internal", 443)).isEqualTo(InetAddress.ofLiteral("fd00::5"));
    assertThat(d.check("mixed.example", 443)).isEqualTo(InetAddress.ofLiteral("10.20.30.41"));
  }

  @Test
  void aRefusedLoopbackTargetNeverSeesAConnectionAndAnAllowedOneDoes() throws Exception {
    try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      target.setSoTimeout(300);
      int port = target.getLocalPort();
      TargetDialer byDefault = new TargetDialer(TargetAllowlist.parse(AgentEnv.DEFAULT_ALLOWED_TARGETS), 1000);
      assertThatThrownBy(() -> byDefault.dial("127.0.0.1", port)).isInstanceOfSatisfying(Dialer.DialException.class,
          e -> assertThat(e.reason()).isEqualTo(Reason.NOT_ALLOWED));
      assertThatThrownBy(target::accept).isInstanceOf(java.net.SocketTimeoutException.class);

      TargetDialer explicit = new TargetDialer(TargetAllowlist.parse("127.0.0.1:" + port), 1000);
      try (SocketChannel s = explicit.dial("127.0.0.1", port); Socket accepted = target.accept()) {
        assertThat(accepted.getPort()).isEqualTo(s.socket().getLocalPort());
      }
    }
  }
}
